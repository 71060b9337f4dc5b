package shadowvisor.machine.cpu;

import static shadowvisor.machine.isa.Opcode.*;

/**
 * The arithmetic of spec section 2, written once: one small method per operation and branch
 * condition. The CPU's burst calls them directly, one per case, where the JIT inlines each
 * into its operation (they are far below any inlining limit, so a large loop method cannot
 * lose them); {@link Semantics} reaches the same methods through {@link #r3}, {@link #imm} and
 * {@link #taken} by the decoded opcode. So the hot loop and every interpreter compute the same
 * values by construction.
 */
public final class Alu {
    private Alu() {
    }

    public static int add(int x, int y) {
        return x + y;
    }

    public static int sub(int x, int y) {
        return x - y;
    }

    public static int and(int x, int y) {
        return x & y;
    }

    public static int or(int x, int y) {
        return x | y;
    }

    public static int xor(int x, int y) {
        return x ^ y;
    }

    /** The low 32 bits of the product. */
    public static int mul(int x, int y) {
        return x * y;
    }

    /** Shifts by {@code y mod 32}: Java shifts use the low 5 bits of the count, exactly the spec's rule. */
    public static int shl(int x, int y) {
        return x << y;
    }

    public static int shr(int x, int y) {
        return x >>> y;
    }

    public static int sar(int x, int y) {
        return x >> y;
    }

    /** Signed, truncating toward zero; MIN / -1 is MIN. The caller traps ARITH on a zero divisor first. */
    public static int div(int x, int y) {
        return x / y;
    }

    /** The dividend's sign; MIN % -1 is 0. The caller traps ARITH on a zero divisor first. */
    public static int rem(int x, int y) {
        return x % y;
    }

    public static int divu(int x, int y) {
        return Integer.divideUnsigned(x, y);
    }

    public static int remu(int x, int y) {
        return Integer.remainderUnsigned(x, y);
    }

    public static int slt(int x, int y) {
        return x < y ? 1 : 0;
    }

    public static int sltu(int x, int y) {
        return Integer.compareUnsigned(x, y) < 0 ? 1 : 0;
    }

    /** The sign-extended immediate of an instruction word. */
    public static int simm(int w) {
        return (short) w;
    }

    /** The zero-extended immediate of an instruction word. */
    public static int uimm(int w) {
        return w & 0xFFFF;
    }

    /** {@code lui}: the immediate in the upper half. */
    public static int lui(int w) {
        return w << 16;
    }

    /** The branch's signed word offset (off17). */
    public static int branchOffset(int w) {
        return (w << 15) >> 15;
    }

    /** The {@code jal}'s signed word offset (off21). */
    public static int jalOffset(int w) {
        return (w << 11) >> 11;
    }

    public static boolean beq(int x, int y) {
        return x == y;
    }

    public static boolean bne(int x, int y) {
        return x != y;
    }

    public static boolean blt(int x, int y) {
        return x < y;
    }

    public static boolean bge(int x, int y) {
        return x >= y;
    }

    public static boolean bltu(int x, int y) {
        return Integer.compareUnsigned(x, y) < 0;
    }

    public static boolean bgeu(int x, int y) {
        return Integer.compareUnsigned(x, y) >= 0;
    }

    /**
     * {@code rd <- rs1 op rs2} for the three-register format, by opcode. Division by zero is the
     * caller's to trap (ARITH) before calling.
     */
    public static int r3(int op, int x, int y) {
        return switch (op) {
            case OP_ADD -> add(x, y);
            case OP_SUB -> sub(x, y);
            case OP_AND -> and(x, y);
            case OP_OR -> or(x, y);
            case OP_XOR -> xor(x, y);
            case OP_MUL -> mul(x, y);
            case OP_SHL -> shl(x, y);
            case OP_SHR -> shr(x, y);
            case OP_SAR -> sar(x, y);
            case OP_DIV -> div(x, y);
            case OP_REM -> rem(x, y);
            case OP_DIVU -> divu(x, y);
            case OP_REMU -> remu(x, y);
            case OP_SLT -> slt(x, y);
            case OP_SLTU -> sltu(x, y);
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
            case OP_ADDI -> add(x, simm(w));
            case OP_SLTI -> slt(x, simm(w));
            case OP_SLTIU -> sltu(x, simm(w));
            case OP_ANDI -> and(x, uimm(w));
            case OP_ORI -> or(x, uimm(w));
            case OP_XORI -> xor(x, uimm(w));
            case OP_SHLI -> shl(x, w);
            case OP_SHRI -> shr(x, w);
            case OP_SARI -> sar(x, w);
            case OP_LUI -> lui(w);
            default -> throw new IllegalArgumentException("not an immediate operation: " + op);
        };
    }

    /** Whether the branch {@code op} is taken for {@code rs1 = x}, {@code rs2 = y}. */
    public static boolean taken(int op, int x, int y) {
        return switch (op) {
            case OP_BEQ -> beq(x, y);
            case OP_BNE -> bne(x, y);
            case OP_BLT -> blt(x, y);
            case OP_BGE -> bge(x, y);
            case OP_BLTU -> bltu(x, y);
            case OP_BGEU -> bgeu(x, y);
            default -> throw new IllegalArgumentException("not a branch: " + op);
        };
    }
}
