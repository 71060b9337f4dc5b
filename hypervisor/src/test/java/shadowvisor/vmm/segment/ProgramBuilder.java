package shadowvisor.vmm.segment;

import static shadowvisor.machine.isa.Opcode.*;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import shadowvisor.machine.image.Image;
import shadowvisor.machine.isa.Encoding;

/**
 * A few lines of assembler for generated guests: words placed at a location counter, labels with
 * forward references for branches, {@code jal} and absolute 16-bit immediates. Generated
 * programs are built in Java so that a property can vary every field of every word.
 */
public final class ProgramBuilder {
    private final int[] words;
    private int at;
    private int extent;
    private final Map<String, Integer> labels = new HashMap<>();
    private final List<Object[]> fixups = new ArrayList<>();

    public ProgramBuilder(int size) {
        words = new int[size];
    }

    public ProgramBuilder org(int address) {
        at = address;
        return this;
    }

    public int here() {
        return at;
    }

    public ProgramBuilder label(String name) {
        labels.put(name, at);
        return this;
    }

    public ProgramBuilder word(int w) {
        words[at++] = w;
        extent = Math.max(extent, at);
        return this;
    }

    public ProgramBuilder r3(int op, int rd, int rs1, int rs2) {
        return word(Encoding.encode(op, rd, rs1, rs2, 0));
    }

    /** Immediate, shift, ld, jalr format: rd = A, rs1 = B, imm16. */
    public ProgramBuilder ri(int op, int rd, int rs1, int imm) {
        return word(Encoding.encode(op, rd, rs1, 0, imm));
    }

    public ProgramBuilder ld(int rd, int imm, int rs1) {
        return ri(OP_LD, rd, rs1, imm);
    }

    public ProgramBuilder st(int rs2, int imm, int rs1) {
        return ri(OP_ST, rs2, rs1, imm);
    }

    /** rd = value, as {@code lui} + {@code ori}. */
    public ProgramBuilder li(int rd, int value) {
        ri(OP_LUI, rd, 0, value >>> 16);
        return ri(OP_ORI, rd, rd, value & 0xFFFF);
    }

    /** rd = the address of a label, as {@code addi rd, r0, label} (labels below 32768). */
    public ProgramBuilder la(int rd, String label) {
        fixups.add(new Object[] {at, label, "imm"});
        return ri(OP_ADDI, rd, 0, 0);
    }

    public ProgramBuilder branch(int op, int rs1, int rs2, String label) {
        fixups.add(new Object[] {at, label, "branch"});
        return word(Encoding.encodeBranch(op, rs1, rs2, 0));
    }

    public ProgramBuilder jump(String label) {
        fixups.add(new Object[] {at, label, "jal"});
        return word(Encoding.encodeJal(OP_JAL, 0, 0));
    }

    /** {@code lpsw imm(rs1)}, {@code mtcr}, {@code out}, ...: the B-field-source formats. */
    public ProgramBuilder rsImm(int op, int rs, int imm) {
        return word(Encoding.encode(op, 0, rs, 0, imm));
    }

    public ProgramBuilder rdImm(int op, int rd, int imm) {
        return word(Encoding.encode(op, rd, 0, 0, imm));
    }

    /** The image of every word up to the highest one placed, entry at the label or address given. */
    public Image image(int entry) {
        for (Object[] f : fixups) {
            int where = (Integer) f[0];
            Integer target = labels.get((String) f[1]);
            if (target == null) {
                throw new IllegalStateException("undefined label " + f[1]);
            }
            int w = words[where];
            words[where] = switch ((String) f[2]) {
                case "branch" -> Encoding.encodeBranch(w >>> 25, Encoding.a(w), Encoding.b(w), target - where);
                case "jal" -> Encoding.encodeJal(w >>> 25, Encoding.a(w), target - where);
                default -> (w & 0xFFFF0000) | (target & 0xFFFF);
            };
        }
        int[] copy = java.util.Arrays.copyOf(words, extent);
        return new Image(entry, List.of(new Image.Chunk(0, copy)));
    }

    public int address(String label) {
        return labels.get(label);
    }
}
