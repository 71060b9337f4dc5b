package shadowvisor.cli;

import shadowvisor.machine.isa.Encoding;
import shadowvisor.machine.isa.Opcode;

/**
 * Spells one instruction word in assembly syntax for {@code run --trace}, straight from the
 * opcode table (spec section 2.1): the mnemonic, then the operands its {@link
 * shadowvisor.machine.isa.Format} reads. It knows the PC, so branch and {@code jal} targets are
 * shown as absolute addresses, which is what a reader of a trace compares with the PCs around
 * it. Immediates that the machine zero-extends are shown in hex, the others in decimal; shift
 * amounts as the machine uses them (mod 32); an undefined opcode as {@code .word}. The
 * disassembler has its own, round-trippable spelling for listings; a trace only has to be read.
 */
final class TraceFormatter {
    private TraceFormatter() {
    }

    /** The instruction {@code word} at address {@code pc}. */
    static String format(int pc, int word) {
        Opcode op = Opcode.byCode(Encoding.opcode(word));
        if (op == null) {
            return String.format(".word 0x%08x", word);
        }
        String a = reg(Encoding.a(word));
        String b = reg(Encoding.b(word));
        int imm = Encoding.imm16(word);
        int simm = Encoding.simm16(word);
        String operands = switch (op.format()) {
            case R3 -> a + ", " + b + ", " + reg(Encoding.c(word));
            case RI_SIGNED -> a + ", " + b + ", " + simm;
            case RI_UNSIGNED -> a + ", " + b + ", " + hex(imm);
            case SHIFT_IMM -> a + ", " + b + ", " + (imm & 31);
            case LUI -> a + ", " + hex(imm);
            case LOAD, STORE -> a + ", " + simm + "(" + b + ")";
            case BRANCH -> a + ", " + b + ", " + hex(pc + Encoding.off17(word));
            case JAL -> a + ", " + hex(pc + Encoding.off21(word));
            case JALR -> a + ", " + b + ", " + simm;
            case SVC -> Integer.toString(imm);
            case LPSW -> simm + "(" + b + ")";
            case RDPSW -> a + ", " + field(imm);
            case MTCR -> controlRegister(imm) + ", " + b;
            case MFCR -> a + ", " + controlRegister(imm);
            case INVLPG -> b;
            case OUT -> b + ", " + imm;
            case IN -> a + ", " + imm;
            case RD -> a;
            case NONE -> "";
        };
        return operands.isEmpty() ? op.mnemonic() : op.mnemonic() + " " + operands;
    }

    /** Register names as the assembler's aliases spell them: {@code sp} for r14, {@code lr} for r15. */
    private static String reg(int r) {
        return switch (r) {
            case 14 -> "sp";
            case 15 -> "lr";
            default -> "r" + r;
        };
    }

    private static String hex(int value) {
        return "0x" + Integer.toHexString(value);
    }

    private static String field(int n) {
        return switch (n) {
            case 0 -> "flags";
            case 1 -> "b";
            case 2 -> "l";
            default -> Integer.toString(n);
        };
    }

    private static String controlRegister(int n) {
        return switch (n) {
            case 0 -> "ptbr";
            case 1 -> "timer";
            default -> Integer.toString(n);
        };
    }
}
