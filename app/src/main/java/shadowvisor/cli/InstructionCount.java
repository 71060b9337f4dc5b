package shadowvisor.cli;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Reads {@code --max-instructions N}: a non-negative decimal count of retired guest
 * instructions. Underscores may group digits ({@code 1_000_000_000}), as in Java literals, since
 * the limits people type are large. Zero is allowed: the guest stops before its first
 * instruction with exit kind {@code limit}.
 */
final class InstructionCount implements ITypeConverter<Long> {
    @Override
    public Long convert(String text) {
        String digits = text.strip().replace("_", "");
        if (digits.isEmpty() || digits.length() > 18 || !digits.chars().allMatch(c -> c >= '0' && c <= '9')
                || text.startsWith("_") || text.endsWith("_")) {
            throw new TypeConversionException("'" + text + "' is not a count of instructions "
                    + "(a non-negative decimal number)");
        }
        return Long.parseLong(digits);
    }
}
