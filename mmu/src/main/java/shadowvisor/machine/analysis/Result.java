package shadowvisor.machine.analysis;

import java.util.Arrays;
import shadowvisor.machine.TrapCause;

/**
 * The result of one instruction in one state, as spec section 8.1 defines it: whether it retired
 * or trapped (cause, value, detail), and the registers, memory and PC after it, every address
 * relative to B, so that a relocated program that sees the same words gives the same result.
 *
 * <p>Memory is the list of words the instruction changed, each as (address - B, new word): a
 * store into the segment gives the same list whatever B, and a store that bypasses the segment
 * (the {@code kseg} window) does not. A trap's value is compared as the machine gives it: with
 * P = 0 and every segment of the bench inside memory, no MEMORY fault is on a linear address
 * (the only ones are the window's physical addresses, which do not move with B), SEGMENT gives
 * the virtual address, and PAGE cannot occur.
 */
final class Result {
    private final boolean retired;
    private final int cause, value, detail;
    private final int[] registers;
    private final int pc;
    /** Pairs (address - B, word after) of every word the instruction changed. */
    private final int[] memory;

    Result(boolean retired, int cause, int value, int detail, int[] registers, int pc, int[] memory) {
        this.retired = retired;
        this.cause = cause;
        this.value = value;
        this.detail = detail;
        this.registers = registers;
        this.pc = pc;
        this.memory = memory;
    }

    boolean retired() {
        return retired;
    }

    /** The trap cause code, 0 when the instruction retired. */
    int cause() {
        return retired ? 0 : cause;
    }

    /** The trap's value word (meaningless when the instruction retired). */
    int value() {
        return value;
    }

    /** The trap's detail word (meaningless when the instruction retired). */
    int detail() {
        return detail;
    }

    int register(int index) {
        return registers[index];
    }

    boolean trapped(TrapCause c) {
        return !retired && cause == c.code();
    }

    /**
     * How this result differs from {@code other}, as the first difference in one phrase
     * ("r7 = 0x5 instead of 0x1"), or null when they are the same result.
     */
    String differenceFrom(Result other) {
        if (retired != other.retired) {
            return retired ? "retires instead of trapping " + other.trap() : "traps " + trap() + " instead of retiring";
        }
        if (!retired) {
            return cause == other.cause && value == other.value && detail == other.detail ? null
                    : "traps " + trap() + " instead of " + other.trap();
        }
        for (int i = 0; i < registers.length; i++) {
            if (registers[i] != other.registers[i]) {
                return "r" + i + " = " + State.hex(registers[i]) + " instead of " + State.hex(other.registers[i]);
            }
        }
        if (!Arrays.equals(memory, other.memory)) {
            return "writes " + writes(memory) + " instead of " + writes(other.memory) + " (addresses relative to B)";
        }
        if (pc != other.pc) {
            return "PC = " + State.hex(pc) + " instead of " + State.hex(other.pc);
        }
        return null;
    }

    /** {@code SEGMENT(value 0x..., detail 4)}. */
    String trap() {
        return TrapCause.of(cause) + "(value " + State.hex(value) + ", detail " + detail + ")";
    }

    private static String writes(int[] pairs) {
        if (pairs.length == 0) {
            return "nothing";
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < pairs.length; i += 2) {
            sb.append(i == 0 ? "" : ", ").append("[").append(pairs[i]).append("] = ").append(State.hex(pairs[i + 1]));
        }
        return sb.toString();
    }
}
