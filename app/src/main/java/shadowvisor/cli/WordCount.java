package shadowvisor.cli;

import java.util.Locale;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;
import shadowvisor.machine.memory.PhysicalMemory;

/**
 * Reads {@code --mem WORDS} (spec section 9): a count of words, decimal or {@code 0x} hex,
 * optionally followed by {@code K} (Ki words, 1024) or {@code M} (Mi words, 1024 * 1024), so
 * {@code 64K} and {@code 0x10000} are 65536 words and {@code 4M} the default memory. The suffix
 * is accepted in either case. The result must lie between the machine's smallest memory (16
 * words, spec section 5) and {@link #MAX_WORDS}. {@code --load ADDR=...} writes ADDR alike.
 */
final class WordCount implements ITypeConverter<Integer> {
    /**
     * The largest memory accepted: 1 Gi words (4 GiB of host memory), the size of the linear
     * space that paging can address (spec section 3.1: {@code la >= 2^30} always faults). Beyond
     * it a guest could only reach memory with paging off, and the host could rarely back it.
     * Whether the host can back a size below the limit is found out when the memory is
     * allocated, and reported as a usage error too.
     */
    static final int MAX_WORDS = 1 << 30;

    @Override
    public Integer convert(String text) {
        return parse(text);
    }

    /**
     * The number of words {@code text} names.
     *
     * @throws TypeConversionException with a one-line reason when it is malformed or out of range
     */
    static int parse(String text) {
        long words = number(text);
        if (words < 0) {
            throw new TypeConversionException("'" + text + "' is not a word count (a number of words, decimal or "
                    + "0x hex, optionally followed by K or M, e.g. 65536, 64K, 4M, 0x10000)");
        }
        if (words < PhysicalMemory.MIN_WORDS) {
            throw new TypeConversionException("'" + text + "' is too small: the machine needs at least "
                    + PhysicalMemory.MIN_WORDS + " words");
        }
        if (words > MAX_WORDS) {
            throw new TypeConversionException("'" + text + "' is too large: at most " + MAX_WORDS / (1024 * 1024)
                    + "M words (" + MAX_WORDS + ")");
        }
        return (int) words;
    }

    /**
     * The number of words {@code text} names, the syntax of WORDS and ADDR alike (spec section 9):
     * decimal digits or {@code 0x} and hex digits, then optionally {@code K} (times 1024) or
     * {@code M} (times 1024 * 1024), in either case; -1 when it is malformed. At most 12 decimal
     * or 9 hex digits, so the result never overflows.
     */
    static long number(String text) {
        String s = text.strip().toUpperCase(Locale.ROOT);
        long unit = 1;
        if (s.endsWith("K")) {
            unit = 1024;
            s = s.substring(0, s.length() - 1);
        } else if (s.endsWith("M")) {
            unit = 1024 * 1024;
            s = s.substring(0, s.length() - 1);
        }
        int radix = 10;
        if (s.startsWith("0X")) {
            radix = 16;
            s = s.substring(2);
        }
        boolean hex = radix == 16;
        if (s.isEmpty() || s.length() > (hex ? 9 : 12)
                || !s.chars().allMatch(c -> c >= '0' && c <= '9' || hex && c >= 'A' && c <= 'F')) {
            return -1;
        }
        return Long.parseLong(s, radix) * unit;
    }
}
