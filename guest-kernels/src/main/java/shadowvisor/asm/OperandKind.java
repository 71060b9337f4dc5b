package shadowvisor.asm;

import java.math.BigInteger;
import java.util.Locale;
import shadowvisor.machine.isa.Encoding;

/**
 * What an operand position accepts and the range its value must lie in (spec section 6):
 * sign-extended immediates and offsets -32768..32767, zero-extended ones 0..65535, shift
 * amounts 0..31, control-register and field numbers 0..65535, branch and jal offsets their
 * field's range, 32-bit values -2^31..2^32-1. The assembler checks a value with
 * {@link #fieldValue}; the disassembler asks {@link #accepts} whether a decoded field could have
 * been written, so both sides agree on what round-trips.
 */
enum OperandKind {
    REGISTER("register", 0, 15),
    SIGNED16("immediate", -32768, 32767),
    UNSIGNED16("immediate", 0, 65535),
    SHIFT("shift amount", 0, 31),
    PORT("port", 0, 65535),
    CONTROL_REGISTER("control register", 0, 65535),
    PSW_FIELD("PSW field", 0, 65535),
    /** {@code expr(rs)}: the offset is a sign-extended immediate. */
    MEMORY("offset", -32768, 32767),
    /** A branch target address; the encoded value is the off17 from the branch. */
    BRANCH_TARGET("branch offset", Encoding.OFF17_MIN, Encoding.OFF17_MAX),
    /** A jal target address; the encoded value is the off21 from the jal. */
    JUMP_TARGET("jal offset", Encoding.OFF21_MIN, Encoding.OFF21_MAX),
    /** A whole word: {@code li}, {@code .word}, the fill of {@code .space}. */
    VALUE32("value", Integer.MIN_VALUE, 0xFFFF_FFFFL);

    private static final long ADDRESS_SPACE = 1L << 32;

    private final String noun;
    private final long min;
    private final long max;

    OperandKind(String noun, long min, long max) {
        this.noun = noun;
        this.min = min;
        this.max = max;
    }

    long min() {
        return min;
    }

    long max() {
        return max;
    }

    /** True for the two kinds whose value is an address turned into an offset. */
    boolean isTarget() {
        return this == BRANCH_TARGET || this == JUMP_TARGET;
    }

    /** True when the assembler would accept {@code value} (a field value, an offset for targets). */
    boolean accepts(long value) {
        return value >= min && value <= max;
    }

    /** True when the assembler would accept the value of an expression (not for targets). */
    boolean accepts(BigInteger value) {
        return value.bitLength() < 64 && accepts(value.longValue());
    }

    /**
     * The value checked against this kind's range and reduced to the bits of its field: the low
     * 16 bits of an immediate, the whole word of a 32-bit value, the signed offset of a target.
     *
     * @param value   the expression's value; for a target, the target address
     * @param address for a target, the address of the instruction
     * @param column  where to point if the value is out of range
     */
    int fieldValue(BigInteger value, long address, int column) {
        if (isTarget()) {
            // The PC wraps around the 32-bit address space, so the offset is taken modulo 2^32:
            // ". - 1" at address 0 and the address 0xFFFFFFFF are the same target.
            long offset = (int) value.subtract(BigInteger.valueOf(address)).mod(BigInteger.valueOf(ADDRESS_SPACE)).longValue();
            if (!accepts(offset)) {
                throw new SourceError(column, "target out of range: " + noun + " " + offset
                        + " not in " + min + ".." + max);
            }
            return (int) offset;
        }
        if (!accepts(value)) {
            throw new SourceError(column, noun + " " + Printable.number(value) + " out of range " + range());
        }
        long v = value.longValue();
        return this == VALUE32 ? (int) v : (int) v & 0xFFFF;
    }

    private String range() {
        return this == VALUE32 ? "-2147483648..4294967295" : min + ".." + max;
    }

    /** The value of a name this position accepts instead of a number ({@code timer}, {@code flags}), or -1. */
    int namedValue(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        if (this == CONTROL_REGISTER) {
            return switch (n) {
                case "ptbr" -> 0;
                case "timer" -> 1;
                default -> -1;
            };
        }
        if (this == PSW_FIELD) {
            return switch (n) {
                case "flags" -> 0;
                case "b" -> 1;
                case "l" -> 2;
                default -> -1;
            };
        }
        return -1;
    }

    /** The name the disassembler prints for a field value, or null to print the number. */
    String nameOf(int value) {
        if (this == CONTROL_REGISTER) {
            return value == 0 ? "ptbr" : value == 1 ? "timer" : null;
        }
        if (this == PSW_FIELD) {
            return value == 0 ? "flags" : value == 1 ? "b" : value == 2 ? "l" : null;
        }
        return null;
    }
}
