package shadowvisor.cli;

import java.util.Locale;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;
import shadowvisor.machine.memory.PhysicalMemory;

/**
 * Reads {@code --mem WORDS} (spec section 9): a decimal count of words, optionally followed by
 * {@code K} (Ki words, 1024) or {@code M} (Mi words, 1024 * 1024), so {@code 64K} is 65536 words
 * and {@code 4M} the default memory. The suffix is accepted in either case. The result must lie
 * between the machine's smallest memory (16 words, spec section 5) and {@link #MAX_WORDS}.
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
        String s = text.strip().toUpperCase(Locale.ROOT);
        long unit = 1;
        if (s.endsWith("K")) {
            unit = 1024;
            s = s.substring(0, s.length() - 1);
        } else if (s.endsWith("M")) {
            unit = 1024 * 1024;
            s = s.substring(0, s.length() - 1);
        }
        if (s.isEmpty() || s.length() > 12 || !s.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new TypeConversionException("'" + text + "' is not a word count (a number of words, "
                    + "optionally followed by K or M, e.g. 65536, 64K, 4M)");
        }
        long words = Long.parseLong(s) * unit;
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
}
