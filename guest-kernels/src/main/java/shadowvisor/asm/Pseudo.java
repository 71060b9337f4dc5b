package shadowvisor.asm;

import static shadowvisor.asm.OperandKind.BRANCH_TARGET;
import static shadowvisor.asm.OperandKind.JUMP_TARGET;
import static shadowvisor.asm.OperandKind.REGISTER;
import static shadowvisor.asm.OperandKind.VALUE32;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import shadowvisor.machine.isa.Opcode;

/**
 * The pseudo-instructions of spec section 6 and their exact expansions. The expansions land in
 * memory (and so in the memory digest that equivalence compares), which is why each one is
 * spelled out here word for word rather than left to taste. Only {@code li}/{@code la} has two
 * sizes: one word ({@code addi}) when its value is known on the first pass and is the sign
 * extension of its low 16 bits, else two ({@code lui} + {@code ori}).
 */
enum Pseudo {
    LI("li", "rd, value", REGISTER, VALUE32),
    LA("la", "rd, value", REGISTER, VALUE32),
    MOV("mov", "rd, rs", REGISTER, REGISTER),
    NOP("nop", ""),
    J("j", "label", JUMP_TARGET),
    CALL("call", "label", JUMP_TARGET),
    RET("ret", ""),
    PUSH("push", "rs", REGISTER),
    POP("pop", "rd", REGISTER),
    BEQZ("beqz", "rs, label", REGISTER, BRANCH_TARGET),
    BNEZ("bnez", "rs, label", REGISTER, BRANCH_TARGET),
    BGT("bgt", "rs1, rs2, label", REGISTER, REGISTER, BRANCH_TARGET),
    BGTU("bgtu", "rs1, rs2, label", REGISTER, REGISTER, BRANCH_TARGET),
    BLE("ble", "rs1, rs2, label", REGISTER, REGISTER, BRANCH_TARGET),
    BLEU("bleu", "rs1, rs2, label", REGISTER, REGISTER, BRANCH_TARGET);

    private static final Map<String, Pseudo> BY_NAME = new HashMap<>();

    static {
        for (Pseudo p : values()) {
            BY_NAME.put(p.mnemonic, p);
        }
    }

    private final String mnemonic;
    private final String syntax;
    private final List<OperandKind> operands;

    Pseudo(String mnemonic, String syntax, OperandKind... operands) {
        this.mnemonic = mnemonic;
        this.syntax = syntax;
        this.operands = List.of(operands);
    }

    /** The pseudo-instruction with this lower-case mnemonic, or null. */
    static Pseudo byMnemonic(String mnemonic) {
        return BY_NAME.get(mnemonic);
    }

    String mnemonic() {
        return mnemonic;
    }

    /** The operands as the user writes them, for "expects" messages. */
    String syntax() {
        return syntax;
    }

    List<OperandKind> operands() {
        return operands;
    }

    /** True for {@code li} and {@code la}, whose size depends on their value. */
    boolean loadsValue() {
        return this == LI || this == LA;
    }

    /** Words the expansion takes; {@code longForm} is the first pass's choice for li/la. */
    int size(boolean longForm) {
        return switch (this) {
            case LI, LA -> longForm ? 2 : 1;
            case PUSH, POP -> 2;
            default -> 1;
        };
    }

    /**
     * True when {@code li} of this 32-bit value fits one {@code addi}: the word is the sign
     * extension of its low 16 bits.
     */
    static boolean fitsOneWord(int word) {
        return (short) word == word;
    }

    /**
     * The instructions this pseudo stands for.
     *
     * @param v        the operand values in written order: register numbers, the 32-bit value of
     *                 li, the signed offset of a target (already taken from this word's address)
     * @param longForm for li/la, whether the first pass reserved two words
     */
    List<Instruction> expand(int[] v, boolean longForm) {
        return switch (this) {
            case LI, LA -> longForm
                    ? List.of(Instruction.of(Opcode.LUI, v[0], 0, 0, v[1] >>> 16),
                            Instruction.of(Opcode.ORI, v[0], v[0], 0, v[1] & 0xFFFF))
                    : List.of(Instruction.of(Opcode.ADDI, v[0], 0, 0, v[1] & 0xFFFF));
            case MOV -> List.of(Instruction.of(Opcode.ADDI, v[0], v[1], 0, 0));
            case NOP -> List.of(Instruction.of(Opcode.ADDI, 0, 0, 0, 0));
            case J -> List.of(Instruction.of(Opcode.JAL, 0, 0, 0, v[0]));
            case CALL -> List.of(Instruction.of(Opcode.JAL, Registers.LR, 0, 0, v[0]));
            case RET -> List.of(Instruction.of(Opcode.JALR, 0, Registers.LR, 0, 0));
            case PUSH -> List.of(Instruction.of(Opcode.ADDI, Registers.SP, Registers.SP, 0, -1 & 0xFFFF),
                    Instruction.of(Opcode.ST, v[0], Registers.SP, 0, 0));
            case POP -> List.of(Instruction.of(Opcode.LD, v[0], Registers.SP, 0, 0),
                    Instruction.of(Opcode.ADDI, Registers.SP, Registers.SP, 0, 1));
            case BEQZ -> List.of(Instruction.of(Opcode.BEQ, v[0], 0, 0, v[1]));
            case BNEZ -> List.of(Instruction.of(Opcode.BNE, v[0], 0, 0, v[1]));
            // "bgt a, b" is "blt b, a": the swapped forms compare the other way round.
            case BGT -> List.of(Instruction.of(Opcode.BLT, v[1], v[0], 0, v[2]));
            case BGTU -> List.of(Instruction.of(Opcode.BLTU, v[1], v[0], 0, v[2]));
            case BLE -> List.of(Instruction.of(Opcode.BGE, v[1], v[0], 0, v[2]));
            case BLEU -> List.of(Instruction.of(Opcode.BGEU, v[1], v[0], 0, v[2]));
        };
    }
}
