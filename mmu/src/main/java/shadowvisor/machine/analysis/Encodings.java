package shadowvisor.machine.analysis;

import static shadowvisor.machine.analysis.Bench.R_DATA;
import static shadowvisor.machine.analysis.Bench.R_DEST;
import static shadowvisor.machine.analysis.Bench.R_I_BIT;
import static shadowvisor.machine.analysis.Bench.R_KSEG;
import static shadowvisor.machine.analysis.Bench.R_KSEG_BEYOND;
import static shadowvisor.machine.analysis.Bench.R_LINK;
import static shadowvisor.machine.analysis.Bench.R_MIXED;
import static shadowvisor.machine.analysis.Bench.R_OUTSIDE;

import java.util.ArrayList;
import java.util.List;
import shadowvisor.machine.isa.Encoding;
import shadowvisor.machine.isa.Format;
import shadowvisor.machine.isa.Opcode;

/**
 * The encodings the analyzer tries for an instruction, by its operand format (spec 2.1): a
 * handful of register choices over the {@link Bench}'s registers (operands in the segment, in
 * the {@code kseg} window within memory and beyond it, beyond every L) and of immediates, and
 * every control-register, PSW-field and port number of a small probe range. Which of them are
 * valid is not decided here: the analyzer drops the encodings that trap ILLEGAL in every state,
 * which is how a decoder's refusal shows.
 */
final class Encodings {
    /** Field numbers probed for {@code rdpsw}, {@code smsw}, {@code mtcr}, {@code mfcr}. */
    private static final int[] FIELDS = {0, 1, 2, 3, 4, 5, 6, 7, 8, 15, 16, 0x100, 0x7FFF, 0x8000, 0xFFFF};
    /** Immediates: +1, the most negative and -1 sign-extended (shifts by 1, 0 and 31). */
    private static final int[] IMMEDIATES = {1, 0x8000, 0xFFFF};
    private static final int[] OFFSETS = {0, 4, 0xFFFF};
    private static final int[] ADDRESS_REGISTERS = {0, R_DATA, R_KSEG, R_KSEG_BEYOND, R_OUTSIDE};
    private static final int[] PORTS = {0, 1, 2, 0xFFFF};

    private Encodings() {
    }

    /** The candidate words for {@code op}. */
    static List<Integer> candidates(Opcode op) {
        int code = op.code();
        List<Integer> w = new ArrayList<>();
        switch (op.format()) {
            case R3 -> {
                w.add(Encoding.encode(code, R_DEST, R_MIXED, R_I_BIT, 0));
                w.add(Encoding.encode(code, R_DEST, R_DATA, 0, 0));
                w.add(Encoding.encode(code, R_DEST, R_MIXED, R_MIXED, 0));
                w.add(Encoding.encode(code, 0, R_MIXED, R_I_BIT, 0));
            }
            case RI_SIGNED, RI_UNSIGNED, SHIFT_IMM -> {
                for (int rs1 : new int[] {R_MIXED, R_DATA}) {
                    for (int imm : IMMEDIATES) {
                        w.add(Encoding.encode(code, R_DEST, rs1, 0, imm));
                    }
                }
                w.add(Encoding.encode(code, 0, R_MIXED, 0, 1));
            }
            case LUI -> {
                for (int imm : IMMEDIATES) {
                    w.add(Encoding.encode(code, R_DEST, 0, 0, imm));
                }
                w.add(Encoding.encode(code, 0, 0, 0, 1));
            }
            case LOAD, STORE -> {
                int data = op.format() == Format.LOAD ? R_DEST : R_MIXED;
                for (int rs1 : ADDRESS_REGISTERS) {
                    for (int imm : OFFSETS) {
                        w.add(Encoding.encode(code, data, rs1, 0, imm));
                    }
                }
            }
            case BRANCH -> {
                for (int[] pair : new int[][] {{R_DATA, R_DATA}, {R_DATA, R_MIXED}, {R_MIXED, R_DATA}}) {
                    w.add(Encoding.encodeBranch(code, pair[0], pair[1], 5));
                }
                w.add(Encoding.encodeBranch(code, R_DATA, R_DATA, -3));
            }
            case JAL -> {
                for (int rd : new int[] {R_LINK, 0}) {
                    for (int off : new int[] {5, -3}) {
                        w.add(Encoding.encodeJal(code, rd, off));
                    }
                }
            }
            case JALR -> {
                for (int rs1 : new int[] {R_DATA, R_KSEG, R_OUTSIDE}) {
                    for (int imm : new int[] {0, 1}) {
                        w.add(Encoding.encode(code, R_LINK, rs1, 0, imm));
                    }
                }
            }
            case SVC -> {
                w.add(Encoding.encode(code, 0, 0, 0, 0));
                w.add(Encoding.encode(code, 0, 0, 0, 7));
            }
            case LPSW -> {
                for (int rs1 : new int[] {0, R_DATA, R_KSEG, R_OUTSIDE}) {
                    for (int imm : new int[] {0, Bench.NEW_PSW}) {
                        w.add(Encoding.encode(code, 0, rs1, 0, imm));
                    }
                }
            }
            case RDPSW, MFCR -> {
                for (int field : FIELDS) {
                    w.add(Encoding.encode(code, R_DEST, 0, 0, field));
                }
            }
            case MTCR -> {
                for (int rs : new int[] {0, R_I_BIT, R_MIXED}) {
                    for (int cr : FIELDS) {
                        w.add(Encoding.encode(code, 0, rs, 0, cr));
                    }
                }
            }
            case INVLPG -> {
                for (int rs : new int[] {0, R_DATA, R_I_BIT, R_MIXED}) {
                    w.add(Encoding.encode(code, 0, rs, 0, 0));
                }
            }
            case OUT -> {
                for (int rs : new int[] {R_MIXED, 0}) {
                    for (int port : PORTS) {
                        w.add(Encoding.encode(code, 0, rs, 0, port));
                    }
                }
            }
            case IN -> {
                for (int rd : new int[] {R_DEST, 0}) {
                    for (int port : PORTS) {
                        w.add(Encoding.encode(code, rd, 0, 0, port));
                    }
                }
            }
            case RD -> {
                w.add(Encoding.encode(code, R_DEST, 0, 0, 0));
                w.add(Encoding.encode(code, 0, 0, 0, 0));
            }
            case NONE -> w.add(Encoding.encode(code, 0, 0, 0, 0));
        }
        return w;
    }

    /** The word as assembly ({@code ld r7, -1(r0)}), for witnesses. */
    static String spell(Opcode op, int word) {
        String m = op.mnemonic();
        int a = Encoding.a(word), b = Encoding.b(word), c = Encoding.c(word);
        int imm = Encoding.imm16(word), simm = Encoding.simm16(word);
        return switch (op.format()) {
            case R3 -> m + " r" + a + ", r" + b + ", r" + c;
            case RI_SIGNED -> m + " r" + a + ", r" + b + ", " + simm;
            case RI_UNSIGNED -> m + " r" + a + ", r" + b + ", " + State.hex(imm);
            case SHIFT_IMM -> m + " r" + a + ", r" + b + ", " + (imm & 31);
            case LUI -> m + " r" + a + ", " + State.hex(imm);
            case LOAD, STORE -> m + " r" + a + ", " + simm + "(r" + b + ")";
            case BRANCH -> m + " r" + a + ", r" + b + ", " + signed(Encoding.off17(word));
            case JAL -> m + " r" + a + ", " + signed(Encoding.off21(word));
            case JALR -> m + " r" + a + ", r" + b + ", " + simm;
            case SVC -> m + " " + imm;
            case LPSW -> m + " " + simm + "(r" + b + ")";
            case RDPSW, MFCR, IN -> m + " r" + a + ", " + imm;
            case MTCR -> m + " " + imm + ", r" + b;
            case OUT -> m + " r" + b + ", " + imm;
            case INVLPG -> m + " r" + b;
            case RD -> m + " r" + a;
            case NONE -> m;
        };
    }

    private static String signed(int off) {
        return off >= 0 ? ".+" + off : "." + off;
    }
}
