package shadowvisor.asm;

import java.util.Locale;

/**
 * Register names (spec section 1): {@code r0}..{@code r15} and the aliases {@code zero} = r0,
 * {@code sp} = r14, {@code lr} = r15, in any case. They are reserved: no symbol may take a
 * register's name, so an operand that reads as a register always is one.
 */
final class Registers {
    static final int SP = 14;
    static final int LR = 15;

    private Registers() {
    }

    /** The register number named by {@code name}, or -1 when it is not a register name. */
    static int number(String name) {
        int n = name.length();
        if (n < 2 || n > 4) {
            return -1;
        }
        String s = name.toLowerCase(Locale.ROOT);
        switch (s) {
            case "zero":
                return 0;
            case "sp":
                return SP;
            case "lr":
                return LR;
            default:
                break;
        }
        if (s.charAt(0) != 'r' || n > 3) {
            return -1;
        }
        // r0..r15, without leading zeros (r01 is a symbol, not a register)
        String digits = s.substring(1);
        if (digits.length() == 2 && digits.charAt(0) != '1' || !digits.chars().allMatch(Character::isDigit)) {
            return -1;
        }
        int r = Integer.parseInt(digits);
        return r <= 15 ? r : -1;
    }

    /** The name the disassembler prints: {@code sp} and {@code lr} for r14 and r15. */
    static String name(int number) {
        return switch (number) {
            case SP -> "sp";
            case LR -> "lr";
            default -> "r" + number;
        };
    }
}
