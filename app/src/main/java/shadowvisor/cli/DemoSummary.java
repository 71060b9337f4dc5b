package shadowvisor.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import shadowvisor.cli.TextTable.Align;
import shadowvisor.mode.ModeStack;

/**
 * The end of {@code demo}, once for the terminal and once for the HTML index: one row per guest
 * with each VMM's host-time ratio to native (or why there is none), the same with modeled
 * cycles, and the closing sentence that counts the guests that ended as natively.
 */
final class DemoSummary {
    /**
     * One guest of the demo.
     *
     * @param name       the guest's file name
     * @param comparison its comparison, or null when it was skipped or failed
     * @param skipped    why it was skipped, or null
     * @param failure    why it failed, or null
     * @param about      what its page says above the table (its header comment, what it models, its size)
     */
    record Guest(String name, Comparison comparison, String skipped, String failure, List<String> about) {
        Guest {
            about = about == null ? List.of() : List.copyOf(about);
        }
    }

    private final List<Guest> guests;
    private final List<ModeStack> vmms;

    DemoSummary(List<Guest> guests, List<ModeStack> modes) {
        this.guests = List.copyOf(guests);
        this.vmms = modes.stream().filter(ModeStack::virtualized).toList();
    }

    List<Guest> guests() {
        return guests;
    }

    /** The VMMs' names, the tables' last columns. */
    List<String> vmmNames() {
        return vmms.stream().map(ModeStack::cliName).toList();
    }

    /** Each guest's host time in each VMM relative to native; a guest without a comparison has one sentence. */
    TextTable hostTable() {
        TextTable t = table(List.of("guest", "instructions", "native ms"), List.of(Align.LEFT, Align.RIGHT, Align.RIGHT));
        for (Guest g : guests) {
            Comparison c = g.comparison();
            if (c == null) {
                t.row(g.name(), g.failure() != null ? "FAILED: " + g.failure() : "skipped: " + g.skipped());
                continue;
            }
            long nativeNanos = c.nativeResult().hostNanos();
            List<String> row = new ArrayList<>(List.of(g.name(),
                    ComparisonTable.count(c.nativeResult().report().instructions()), ComparisonTable.millis(nativeNanos)));
            for (ModeResult m : vmmResults(c)) {
                row.add(m.refused() ? "refused" : m.finding() ? "DIFFERS" : m.expected() != null
                        ? "differs (Theorem " + m.expected().theorem() + ")"
                        : ComparisonTable.ratio(m.ratio(nativeNanos)) + "x");
            }
            t.row(row.toArray(new String[0]));
        }
        return t;
    }

    /** Each compared guest's modeled cycles natively and each VMM's modeled ratio to them. */
    TextTable modeledTable() {
        TextTable t = table(List.of("guest", "native cycles"), List.of(Align.LEFT, Align.RIGHT));
        for (Guest g : guests) {
            Comparison c = g.comparison();
            if (c == null) {
                continue;
            }
            List<String> row = new ArrayList<>(List.of(g.name(), ComparisonTable.count(c.modeled(c.nativeResult()).total())));
            for (ModeResult m : vmmResults(c)) {
                row.add(m.refused() ? "refused" : m.finding() ? "DIFFERS" : ComparisonTable.ratio(c.modeledRatio(m)) + "x");
            }
            t.row(row.toArray(new String[0]));
        }
        return t;
    }

    private TextTable table(List<String> first, List<Align> firstAligns) {
        List<String> header = new ArrayList<>(first);
        List<Align> aligns = new ArrayList<>(firstAligns);
        for (ModeStack m : vmms) {
            header.add(m.cliName());
            aligns.add(Align.RIGHT);
        }
        return new TextTable(header, aligns);
    }

    private static List<ModeResult> vmmResults(Comparison c) {
        return c.results().stream().filter(m -> m.mode().virtualized()).toList();
    }

    /** The cost model the guests were priced on. */
    String costModelName() {
        return guests.stream().filter(g -> g.comparison() != null).map(g -> g.comparison().costModel().name())
                .findFirst().orElse("default");
    }

    /** How a guest fared: {@code equivalent}, {@code expected} (differs as its profile predicts), {@code finding} or {@code skipped}. */
    static String kind(Guest g) {
        Comparison c = g.comparison();
        if (c == null) {
            return "skipped";
        }
        return c.equivalent() ? "equivalent" : c.passes() ? "expected" : "finding";
    }

    /** The closing sentence: how many guests ended as natively, which broke a theorem as predicted, and the time taken. */
    String conclusion(long nanos) {
        int equivalent = 0;
        int compared = 0;
        int failed = 0;
        int unexpected = 0;
        List<String> expected = new ArrayList<>();
        Set<Integer> theorems = new TreeSet<>();
        for (Guest g : guests) {
            switch (kind(g)) {
                case "equivalent" -> equivalent++;
                case "expected" -> {
                    expected.add(g.name());
                    g.comparison().results().stream().filter(m -> m.expected() != null)
                            .forEach(m -> theorems.add(m.expected().theorem()));
                }
                case "finding" -> unexpected++;
                default -> failed += g.failure() != null ? 1 : 0;
            }
            compared += g.comparison() != null ? 1 : 0;
        }
        String differed = "";
        if (!expected.isEmpty()) {
            differed += String.format(Locale.ROOT, "; %d showed the expected Theorem %s violation (%s)", expected.size(),
                    String.join(" or ", theorems.stream().map(String::valueOf).toList()), String.join(", ", expected));
        }
        if (unexpected > 0) {
            differed += String.format(Locale.ROOT, "; %d differed from native unexpectedly", unexpected);
        }
        return String.format(Locale.ROOT, "%d of %d guests ended exactly as natively in every mode that ran them%s; "
                + "%d skipped, %d failed; demo took %.1f s.", equivalent, compared, differed,
                guests.size() - compared - failed, failed, nanos / 1e9);
    }
}
