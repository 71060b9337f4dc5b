package shadowvisor.asm;

import shadowvisor.machine.isa.Encoding;
import shadowvisor.machine.isa.Format;
import shadowvisor.machine.isa.Opcode;

/**
 * One machine instruction as its fields (spec section 2.1), between the operands the user
 * wrote and the word in memory. The assembler and the pseudo-instruction expansions build it
 * and {@link #encode()} it; the disassembler {@link #decode}s a word into it, and a word is
 * shown as an instruction only when encoding the decoded fields gives the word back.
 *
 * @param opcode the instruction
 * @param a      field A (bits 24..21), 0 when the format does not use it
 * @param b      field B (bits 20..17)
 * @param c      field C (bits 16..13)
 * @param imm    imm16 as its 16 bits (0..65535), or the signed off17 of a branch, or the
 *               signed off21 of {@code jal}
 */
record Instruction(Opcode opcode, int a, int b, int c, int imm) {

    static Instruction of(Opcode opcode, int a, int b, int c, int imm) {
        return new Instruction(opcode, a, b, c, imm);
    }

    /** The instruction word; each field is placed only if the format uses it. */
    int encode() {
        int code = opcode.code();
        return switch (opcode.format()) {
            case R3 -> Encoding.encode(code, a, b, c, 0);
            case RI_SIGNED, RI_UNSIGNED, SHIFT_IMM, LOAD, STORE, JALR -> Encoding.encode(code, a, b, 0, imm);
            case LUI, RDPSW, MFCR, IN -> Encoding.encode(code, a, 0, 0, imm);
            case BRANCH -> Encoding.encodeBranch(code, a, b, imm);
            case JAL -> Encoding.encodeJal(code, a, imm);
            case SVC -> Encoding.encode(code, 0, 0, 0, imm);
            case LPSW, MTCR, OUT -> Encoding.encode(code, 0, b, 0, imm);
            case INVLPG -> Encoding.encode(code, 0, b, 0, 0);
            case RD -> Encoding.encode(code, a, 0, 0, 0);
            case NONE -> Encoding.encode(code, 0, 0, 0, 0);
        };
    }

    /**
     * The fields that the word's format reads, or null when the opcode is undefined. Fields the
     * format ignores come back as 0, so {@code decode(w).encode() != w} exactly when the word
     * has bits set that the instruction does not use.
     */
    static Instruction decode(int word) {
        Opcode op = Opcode.byCode(Encoding.opcode(word));
        if (op == null) {
            return null;
        }
        int a = Encoding.a(word);
        int b = Encoding.b(word);
        int imm = Encoding.imm16(word);
        Format f = op.format();
        return switch (f) {
            case R3 -> of(op, a, b, Encoding.c(word), 0);
            case RI_SIGNED, RI_UNSIGNED, SHIFT_IMM, LOAD, STORE, JALR -> of(op, a, b, 0, imm);
            case LUI, RDPSW, MFCR, IN -> of(op, a, 0, 0, imm);
            case BRANCH -> of(op, a, b, 0, Encoding.off17(word));
            case JAL -> of(op, a, 0, 0, Encoding.off21(word));
            case SVC -> of(op, 0, 0, 0, imm);
            case LPSW, MTCR, OUT -> of(op, 0, b, 0, imm);
            case INVLPG -> of(op, 0, b, 0, 0);
            case RD -> of(op, a, 0, 0, 0);
            case NONE -> of(op, 0, 0, 0, 0);
        };
    }
}
