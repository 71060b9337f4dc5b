package shadowvisor.asm;

import java.util.List;
import java.util.StringJoiner;
import shadowvisor.machine.image.Image;
import shadowvisor.machine.isa.Opcode;
import shadowvisor.machine.isa.Profile;

/**
 * Turns an {@link Image} back into source that assembles to the same image: the same words at
 * the same addresses, the same entry and the same profile. A recorded profile comes first as
 * {@code .profile}, the entry is an explicit {@code .entry}, each chunk starts with
 * {@code .org}, and branch and jal targets are written relative to {@code .} so they
 * need no labels. A word is shown as an instruction only when assembling that text gives the
 * word back; otherwise (an undefined opcode, bits set that the format ignores, a shift amount
 * of 32 or more) it is a {@code .word} with the best reading in its comment. Every line's
 * comment carries the address and the word.
 */
public final class Disassembler {
    private static final int COMMENT_COLUMN = 32;

    private Disassembler() {
    }

    /** The image as assembly source, one instruction or word per line, ready to assemble back. */
    public static String disassemble(Image image) {
        StringBuilder out = new StringBuilder();
        out.append("; ").append(image.wordCount()).append(" words in ").append(image.chunks().size())
                .append(image.chunks().size() == 1 ? " chunk" : " chunks").append('\n');
        if (image.profile() != null) {
            line(out, ".profile " + image.profile(), null);
        }
        line(out, String.format(".entry 0x%08x", image.entry()), null);
        for (Image.Chunk chunk : image.chunks()) {
            line(out, String.format(".org 0x%08x", chunk.address()), null);
            int[] words = chunk.words();
            for (int i = 0; i < words.length; i++) {
                long address = chunk.address() + i;
                word(out, address, words[i]);
            }
        }
        return out.toString();
    }

    private static void word(StringBuilder out, long address, int word) {
        String where = String.format("%08x: %08x", address, word);
        Instruction decoded = Instruction.decode(word);
        if (decoded == null) {
            line(out, String.format(".word 0x%08x", word), where + String.format(" (undefined opcode 0x%02x)", word >>> 25));
            return;
        }
        String text = render(decoded);
        if (decoded.encode() == word && operandsAssemble(decoded)) {
            line(out, text, decoded.opcode().inBase() ? where : where + " (" + definedBy(decoded.opcode()) + " only)");
        } else {
            line(out, String.format(".word 0x%08x", word), where + " " + text + " (unused bits or fields out of range)");
        }
    }

    /**
     * The built-in profiles that define a profile-only instruction: the reader learns where the
     * word traps ILLEGAL, since the image's own profile may not be the one it runs under.
     */
    private static String definedBy(Opcode op) {
        StringJoiner names = new StringJoiner(", ");
        for (Profile p : Profile.builtIns()) {
            if (p.defines(op)) {
                names.add(p.name());
            }
        }
        return names.toString();
    }

    /** Whether every field, as it will be written, is one the assembler accepts back. */
    private static boolean operandsAssemble(Instruction in) {
        for (OperandSyntax.Slot slot : OperandSyntax.slots(in.opcode().format())) {
            if (slot.field() == OperandSyntax.Field.IMM && !slot.kind().accepts(written(slot.kind(), in.imm()))) {
                return false;
            }
        }
        return true;
    }

    /** The immediate as it is written: signed for sign-extended kinds, as decoded otherwise. */
    private static long written(OperandKind kind, int imm) {
        return kind == OperandKind.SIGNED16 ? (short) imm : imm;
    }

    /** The instruction as assembly text, operands by the slots of its format. */
    static String render(Instruction in) {
        Opcode op = in.opcode();
        List<OperandSyntax.Slot> slots = OperandSyntax.slots(op.format());
        StringBuilder s = new StringBuilder(op.mnemonic());
        for (int i = 0; i < slots.size(); i++) {
            s.append(i == 0 ? " " : ", ");
            OperandSyntax.Slot slot = slots.get(i);
            switch (slot.field()) {
                case A -> s.append(Registers.name(in.a()));
                case B -> s.append(Registers.name(in.b()));
                case C -> s.append(Registers.name(in.c()));
                case MEMORY -> s.append((short) in.imm()).append('(').append(Registers.name(in.b())).append(')');
                case IMM -> s.append(immediate(slot.kind(), in.imm()));
            }
        }
        return s.toString();
    }

    private static String immediate(OperandKind kind, int imm) {
        return switch (kind) {
            case BRANCH_TARGET, JUMP_TARGET -> imm == 0 ? "." : imm > 0 ? ". + " + imm : ". - " + -(long) imm;
            case SIGNED16 -> Integer.toString((short) imm);
            case UNSIGNED16 -> imm < 10 ? Integer.toString(imm) : "0x" + Integer.toHexString(imm);
            case CONTROL_REGISTER, PSW_FIELD -> kind.nameOf(imm) != null ? kind.nameOf(imm) : Integer.toString(imm);
            default -> Integer.toString(imm);
        };
    }

    private static void line(StringBuilder out, String text, String comment) {
        out.append("        ").append(text);
        if (comment != null) {
            int pad = Math.max(1, COMMENT_COLUMN - text.length());
            out.append(" ".repeat(pad)).append("; ").append(comment);
        }
        out.append('\n');
    }
}
