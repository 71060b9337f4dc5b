package shadowvisor.cli;

import shadowvisor.cost.CostTerm;
import shadowvisor.cost.ModeledCycles;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import shadowvisor.cli.TextTable.Align;
import shadowvisor.machine.ExitKind;
import shadowvisor.machine.TrapCause;
import shadowvisor.machine.isa.Profile;
import shadowvisor.result.RunReport;
import shadowvisor.result.VmmLevel;
import shadowvisor.result.VmmCounters;

/**
 * A {@link Comparison} as text (spec section 9, {@code compare}): first one row per mode (how it
 * ended, retired instructions, whether it is equivalent to native, host time and its ratio to
 * native, and what the VMM did: instructions emulated, traps reflected, exits by cause), then
 * each VMM's own counters, one row per counter name and one column per mode, so that a mode's
 * dozen counters do not make the first table too wide to read.
 *
 * <pre>
 * mode          exit        instructions  equivalent  host ms  ratio  emulated  reflected  exits
 * native        poweroff 3           100  oracle          0.1   1.00         -          -  -
 * segment       poweroff 3           100  yes             1.1  11.00        10          4  PRIVILEGED 11, SVC 3
 * </pre>
 *
 * A mode that refused the program has one sentence instead of figures. A mode that differs as
 * the profile predicts ({@link ExpectedDifference}) shows {@code expected: } and the keys, and a
 * line under the table names the theorem and the instructions, once for the modes it explains:
 *
 * <pre>
 * expected: segment, shadow-trace differ from native - Theorem 1 violation: jrstu (silent)
 * </pre>
 *
 * The exits column comes last because its width varies most from program to program.
 *
 * <p>A stack of VMMs (spec 7.6) is one row of the first table, with its innermost VMM's figures
 * (the VMM the guest meets), and one column of the second. When a stack ran, a third table gives
 * each of its levels, innermost first, so that the cost of each level is seen:
 *
 * <pre>
 * stack            level  vmm      emulated  reflected  exits
 * segment/segment  1      segment        11          0  PRIVILEGED 11
 *                  2      segment         0          0  PRIVILEGED 11
 * </pre>
 */
final class ComparisonTable {
    private ComparisonTable() {
    }

    /**
     * The lines of both tables, a blank line between them; the second is left out when no VMM
     * ran. A profile other than {@code pg} is named above them, and each expected difference is
     * explained on a line of its own under the first.
     */
    static List<String> lines(Comparison c) {
        List<String> lines = new ArrayList<>();
        if (!c.profile().equals(Profile.PG.name())) {
            lines.add("profile " + c.profile());
            lines.add("");
        }
        lines.addAll(modes(c).lines());
        Map<String, List<String>> modesByReason = new LinkedHashMap<>();
        for (ModeResult m : c.results()) {
            if (m.expected() != null) {
                modesByReason.computeIfAbsent(m.expected().text(), k -> new ArrayList<>()).add(m.mode().cliName());
            }
        }
        if (!modesByReason.isEmpty()) {
            lines.add("");
            modesByReason.forEach((reason, modes) -> lines.add("expected: " + String.join(", ", modes)
                    + (modes.size() == 1 ? " differs" : " differ") + " from native - " + reason));
        }
        List<ModeResult> vmms = c.vmmResults();
        if (!vmms.isEmpty()) {
            lines.add("");
            lines.addAll(counters(vmms).lines());
        }
        lines.add("");
        lines.addAll(cycles(c).lines());
        List<ModeResult> stacks = vmms.stream().filter(m -> !m.report().levels().isEmpty()).toList();
        if (!stacks.isEmpty()) {
            lines.add("");
            lines.addAll(levels(stacks).lines());
        }
        return lines;
    }

    /**
     * Where each mode pays, on the cost model: one row per term that any mode has, its modeled
     * cycles in each mode (the events times the term's price), and the total.
     */
    static TextTable cycles(Comparison c) {
        List<ModeResult> ran = c.results().stream().filter(m -> m.report() != null && !m.refused()).toList();
        List<String> header = new ArrayList<>(List.of("modeled cycles (" + c.costModel().name() + " cost model)"));
        List<Align> aligns = new ArrayList<>(List.of(Align.LEFT));
        List<ModeledCycles> priced = new ArrayList<>();
        for (ModeResult m : ran) {
            header.add(m.mode().cliName());
            aligns.add(Align.RIGHT);
            priced.add(c.modeled(m));
        }
        TextTable t = new TextTable(header, aligns);
        for (CostTerm term : CostTerm.values()) {
            if (priced.stream().allMatch(p -> p.count(term) == 0)) {
                continue;
            }
            List<String> row = new ArrayList<>(List.of(term.key() + " x" + c.costModel().price(term)));
            priced.forEach(p -> row.add(count(p.cycles(term))));
            t.row(row.toArray(String[]::new));
        }
        List<String> total = new ArrayList<>(List.of("total"));
        priced.forEach(p -> total.add(count(p.total())));
        t.row(total.toArray(String[]::new));
        return t;
    }

    /** One row per level of each stack, innermost first: what that level's VMM did. */
    static TextTable levels(List<ModeResult> stacks) {
        TextTable t = new TextTable(List.of("stack", "level", "vmm", "emulated", "reflected", "exits"),
                List.of(Align.LEFT, Align.RIGHT, Align.LEFT, Align.RIGHT, Align.RIGHT, Align.LEFT));
        for (ModeResult m : stacks) {
            List<VmmLevel> levels = m.report().levels();
            for (int i = 0; i < levels.size(); i++) {
                VmmCounters v = levels.get(i).counters();
                t.row(i == 0 ? m.mode().cliName() : "", String.valueOf(i + 1), levels.get(i).mode().cliName(),
                        count(v.totalEmulated()), count(v.reflected), causes(v.exits));
            }
        }
        return t;
    }

    static TextTable modes(Comparison c) {
        TextTable t = new TextTable(
                List.of("mode", "exit", "instructions", "equivalent", "host ms", "ratio", "modeled", "emulated",
                        "reflected", "exits"),
                List.of(Align.LEFT, Align.LEFT, Align.RIGHT, Align.LEFT, Align.RIGHT, Align.RIGHT, Align.RIGHT,
                        Align.RIGHT, Align.RIGHT, Align.LEFT));
        long nativeNanos = c.nativeResult().hostNanos();
        for (ModeResult m : c.results()) {
            String mode = m.mode().cliName();
            if (m.refused()) {
                t.row(mode, "refused: " + m.refusal());
                continue;
            }
            RunReport r = m.report();
            VmmCounters v = r.vmm();
            t.row(mode, exit(r), count(r.instructions()), equivalence(m), millis(m.hostNanos()),
                    ratio(m.ratio(nativeNanos)), ratio(c.modeledRatio(m)),
                    v == null ? "-" : count(v.totalEmulated()),
                    v == null ? "-" : count(v.reflected),
                    v == null ? "-" : causes(v.exits));
        }
        return t;
    }

    /** Rows: {@code slice_ends} and every counter any of the modes declares, in declaration order. */
    static TextTable counters(List<ModeResult> vmms) {
        List<String> header = new ArrayList<>(List.of("counter"));
        List<Align> aligns = new ArrayList<>(List.of(Align.LEFT));
        Set<String> names = new LinkedHashSet<>();
        names.add("slice_ends");
        for (ModeResult m : vmms) {
            header.add(m.mode().cliName());
            aligns.add(Align.RIGHT);
            names.addAll(m.report().vmm().extraNames());
        }
        TextTable t = new TextTable(header, aligns);
        for (String name : names) {
            List<String> row = new ArrayList<>(List.of(name));
            for (ModeResult m : vmms) {
                VmmCounters v = m.report().vmm();
                if (name.equals("slice_ends")) {
                    row.add(count(v.sliceEnds));
                } else {
                    row.add(v.extraNames().contains(name) ? count(v.get(name)) : "-");
                }
            }
            t.row(row.toArray(new String[0]));
        }
        return t;
    }

    /** The exit kind and process status, with the full power-off value when the status does not say it all. */
    static String exit(RunReport r) {
        String s = r.exitKind().jsonName() + " " + r.status();
        if (r.exitKind() == ExitKind.POWEROFF && r.status() != r.powerValue()) {
            s += " (value " + Integer.toUnsignedString(r.powerValue()) + ")";
        }
        return s;
    }

    /**
     * {@code oracle} for native, {@code yes}, or the keys that differ after {@code no: } (a
     * finding) or {@code expected: } (the profile explains it).
     */
    static String equivalence(ModeResult m) {
        if (!m.differences().isEmpty()) {
            return (m.expected() == null ? "no: " : "expected: ") + String.join(", ", m.differences());
        }
        return m.mode().virtualized() ? "yes" : "oracle";
    }

    /** A count with thousands grouped by commas, as people read large numbers. */
    static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    /** Host milliseconds: one decimal below 10 s, none above. */
    static String millis(long nanos) {
        double ms = nanos / 1e6;
        return String.format(Locale.ROOT, ms < 10_000 ? "%.1f" : "%.0f", ms);
    }

    /** A ratio to native with two decimals (one at 100 and above), or {@code -}. */
    static String ratio(double ratio) {
        if (Double.isNaN(ratio) || Double.isInfinite(ratio)) {
            return "-";
        }
        return String.format(Locale.ROOT, ratio < 100 ? "%.2f" : "%.1f", ratio);
    }

    /** Non-zero counts by cause name in cause-code order ({@code PRIVILEGED 1,378, SVC 14}), or {@code none}. */
    static String causes(long[] byCode) {
        List<String> parts = new ArrayList<>();
        for (TrapCause c : TrapCause.values()) {
            if (byCode[c.code()] != 0) {
                parts.add(c.name() + " " + count(byCode[c.code()]));
            }
        }
        return parts.isEmpty() ? "none" : String.join(", ", parts);
    }
}
