package shadowvisor.cli;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The labels of one debugged program, both ways: an address the user writes ({@code 0x10},
 * {@code 16}, {@code loop}, {@code msg+3}) to a number, and a number to the label that names it
 * exactly, for listings. The labels are the assembler's ({@link shadowvisor.asm.Program}); an
 * image written by {@code asm -o} has none, and then only numbers work.
 */
final class DebugSymbols {
    private static final Pattern NUMBER = Pattern.compile("0[xX][0-9a-fA-F]+|[0-9]+");
    private static final Pattern LABEL = Pattern.compile("([A-Za-z_][A-Za-z0-9_]*)(?:\\s*([+-])\\s*(0[xX][0-9a-fA-F]+|[0-9]+))?");

    private final Map<String, Integer> byName;
    /** The label shown for an address: the last one defined there, which starts the code or data that follows. */
    private final Map<Integer, String> byAddress = new HashMap<>();

    /** @param labels each label's address, in source order */
    DebugSymbols(Map<String, Integer> labels) {
        this.byName = Map.copyOf(labels);
        labels.forEach((name, address) -> byAddress.put(address, name));
    }

    /** Whether the program came with labels. */
    boolean hasLabels() {
        return !byName.isEmpty();
    }

    /** The label names, for completion. */
    List<String> names() {
        return byName.keySet().stream().sorted().toList();
    }

    /** The label at exactly {@code address}, or null. */
    String labelAt(int address) {
        return byAddress.get(address);
    }

    /** {@code " <label>"} for an address a label names, else empty: how listings mark it. */
    String mark(int address) {
        String label = labelAt(address);
        return label == null ? "" : " <" + label + ">";
    }

    /**
     * The 32-bit address {@code text} names: a decimal or {@code 0x} number, or a label with an
     * optional {@code +N} or {@code -N}.
     *
     * @throws IllegalArgumentException with a one-line reason when it names none
     */
    int address(String text) {
        String t = text.strip();
        if (NUMBER.matcher(t).matches()) {
            return unsigned32(t, text);
        }
        Matcher m = LABEL.matcher(t);
        if (m.matches()) {
            Integer base = byName.get(m.group(1));
            if (base == null) {
                throw new IllegalArgumentException("no label '" + m.group(1) + "'" + (byName.isEmpty()
                        ? " (this program carries no labels: an image written by 'asm -o' has none; use numbers)"
                        : ""));
            }
            if (m.group(2) == null) {
                return base;
            }
            long offset = unsigned32(m.group(3), text);
            return (int) (m.group(2).equals("+") ? base + offset : base - offset);
        }
        throw new IllegalArgumentException("'" + text + "' is not an address: write a number (16, 0x10), a label, "
                + "or label+N");
    }

    private static int unsigned32(String digits, String text) {
        long value;
        try {
            value = digits.startsWith("0x") || digits.startsWith("0X") ? Long.parseLong(digits.substring(2), 16)
                    : Long.parseLong(digits);
        } catch (NumberFormatException e) {
            value = -1;
        }
        if (value < 0 || value > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("'" + text + "' does not fit in 32 bits");
        }
        return (int) value;
    }
}
