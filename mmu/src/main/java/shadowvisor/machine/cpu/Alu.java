package shadowvisor.machine.cpu;

import static shadowvisor.machine.isa.Opcode.*;

/**
 * The arithmetic of spec section 2, written once: the three-register and immediate operations
 * and the branch conditions. The CPU's burst calls these with a constant opcode, which the JIT
 * folds into the one operation, and {@link Semantics} calls them with the decoded one, so the
 * hot loop and every interpreter compute the same values by construction.
 */
public final class Alu {
    private Alu() {
    }

    /**
     * {@code rd <- rs1 op rs2} for the three-register format. Division by zero is the caller's
     * to trap (ARITH) before calling; MIN / -1 gives MIN and MIN % -1 gives 0, as Java does.
     */
    public static int r3(int op, int x, int y) {
        return switch (op) {
            case OP_ADD -> x + y;
            case OP_SUB -> x - y;
            case OP_AND -> x & y;
            case OP_OR -> x | y;
            case OP_XOR -> x ^ y;
            case OP_MUL -> x * y;
            // Java shifts use the low 5 bits of the count: exactly "mod 32".
            case OP_SHL -> x << y;
            case OP_SHR -> x >>> y;
            case OP_SAR -> x >> y;
            case OP_DIV -> x / y;
            case OP_REM -> x % y;
            case OP_DIVU -> Integer.divideUnsigned(x, y);
            case OP_REMU -> Integer.remainderUnsigned(x, y);
            case OP_SLT -> x < y ? 1 : 0;
            case OP_SLTU -> Integer.compareUnsigned(x, y) < 0 ? 1 : 0;
            default -> throw new IllegalArgumentException("not a three-register operation: " + op);
        };
    }

    /** Whether {@code op} is one of the four dividing operations, which trap ARITH on a zero divisor. */
    public static boolean divides(int op) {
        return op >= OP_DIV && op <= OP_REMU;
    }

    /** {@code rd <- rs1 op imm} for the immediate, shift-immediate and {@code lui} formats, from the instruction word. */
    public static int imm(int op, int x, int w) {
        return switch (op) {
            case OP_ADDI -> x + (short) w;
            case OP_SLTI -> x < (short) w ? 1 : 0;
            case OP_SLTIU -> Integer.compareUnsigned(x, (short) w) < 0 ? 1 : 0;
            case OP_ANDI -> x & (w & 0xFFFF);
            case OP_ORI -> x | (w & 0xFFFF);
            case OP_XORI -> x ^ (w & 0xFFFF);
            // imm16 mod 32: Java shifts take the low 5 bits of the word.
            case OP_SHLI -> x << w;
            case OP_SHRI -> x >>> w;
            case OP_SARI -> x >> w;
            case OP_LUI -> w << 16;
            default -> throw new IllegalArgumentException("not an immediate operation: " + op);
        };
    }

    /** Whether the branch {@code op} is taken for {@code rs1 = x}, {@code rs2 = y}. */
    public static boolean taken(int op, int x, int y) {
        return switch (op) {
            case OP_BEQ -> x == y;
            case OP_BNE -> x != y;
            case OP_BLT -> x < y;
            case OP_BGE -> x >= y;
            case OP_BLTU -> Integer.compareUnsigned(x, y) < 0;
            case OP_BGEU -> Integer.compareUnsigned(x, y) >= 0;
            default -> throw new IllegalArgumentException("not a branch: " + op);
        };
    }

    /** The branch's signed word offset (off17). */
    public static int branchOffset(int w) {
        return (w << 15) >> 15;
    }

    /** The {@code jal}'s signed word offset (off21). */
    public static int jalOffset(int w) {
        return (w << 11) >> 11;
    }
}
