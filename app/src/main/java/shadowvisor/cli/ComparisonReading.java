package shadowvisor.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import shadowvisor.machine.TrapCause;
import shadowvisor.mode.Mode;
import shadowvisor.result.RunReport;
import shadowvisor.result.VmmCounters;

/**
 * A short paragraph that reads a {@link Comparison} aloud for {@code demo}: for each mode how
 * often the guest left direct execution (exits per million instructions, by cause), what the
 * monitor emulated and reflected, what the shadow modes did with page faults and page-table
 * writes, the cost relative to native, and whether every mode ended exactly as natively. Every
 * figure comes from the reports; the sentences only name what the counters mean (spec 7.1 to
 * 7.3, docs/SHADOW-PAGING.md).
 */
final class ComparisonReading {
    /** The width the paragraph is wrapped to. */
    static final int WIDTH = 96;
    /** Below this native host time, the ratios mostly measure setting a VM up, and the reading says so. */
    private static final long SHORT_RUN_NANOS = 2_000_000L;
    /** Below this many exits per million instructions, the reading points out direct execution. */
    private static final double DIRECT = 100;

    private ComparisonReading() {
    }

    /** The paragraph, wrapped, starting with {@code Reading:}. */
    static List<String> lines(Comparison c) {
        return wrap("Reading: " + String.join(" ", sentences(c)), WIDTH);
    }

    static List<String> sentences(Comparison c) {
        List<String> s = new ArrayList<>();
        RunReport nativeRun = c.nativeResult().report();
        long nativeNanos = c.nativeResult().hostNanos();
        s.add("Natively: " + ComparisonTable.count(nativeRun.instructions()) + " instructions in "
                + ComparisonTable.millis(nativeNanos) + " ms, " + traps(nativeRun) + ".");
        String shared = sharedEmulation(c.vmmResults());
        if (shared != null) {
            s.add(shared);
        }
        for (ModeResult m : c.results()) {
            if (!m.mode().virtualized()) {
                continue;
            }
            if (m.refused()) {
                s.add(m.mode().cliName() + " refused it: " + shortReason(m.refusal()) + ".");
            } else {
                s.add(mode(m, nativeNanos, shared == null));
            }
        }
        if (!c.vmmResults().isEmpty() && c.vmmResults().stream().allMatch(ComparisonReading::direct)) {
            s.add("Under " + (c.vmmResults().size() == 1 ? "the VMM" : "every VMM") + ", fewer than " + (int) DIRECT
                    + " exits per million instructions: the innocuous instructions ran directly on the CPU.");
        }
        String pair = shadowPair(c);
        if (pair != null) {
            s.add(pair);
        }
        s.add(equivalence(c));
        if (nativeNanos < SHORT_RUN_NANOS && !c.vmmResults().isEmpty()) {
            s.add("(Natively it ran in under " + SHORT_RUN_NANOS / 1_000_000
                    + " ms, so the ratios mostly measure setting up a VM, not running one.)");
        }
        return s;
    }

    private static String traps(RunReport r) {
        String causes = ComparisonTable.causes(r.traps());
        return causes.equals("none") ? "no trap" : "traps " + causes;
    }

    /**
     * What every VMM did alike, said once: the guest executes the same privileged instructions
     * and takes the same traps whoever runs it, so each VMM emulates and reflects the same. Null
     * when no VMM ran or they differ (then each mode's sentence says it).
     */
    private static String sharedEmulation(List<ModeResult> vmms) {
        if (vmms.isEmpty()) {
            return null;
        }
        VmmCounters first = vmms.get(0).report().vmm();
        for (ModeResult m : vmms) {
            VmmCounters v = m.report().vmm();
            if (!v.emulatedByMnemonic().equals(first.emulatedByMnemonic()) || v.reflected != first.reflected) {
                return null;
            }
        }
        List<String> names = vmms.stream().map(m -> m.mode().cliName()).toList();
        String who = names.size() == 1 ? names.get(0)
                : String.join(", ", names.subList(0, names.size() - 1)) + " and " + names.get(names.size() - 1) + " each";
        return who + " emulated " + emulated(first) + " and reflected " + plural(first.reflected, "trap")
                + " to the guest's own handler.";
    }

    private static String mode(ModeResult m, long nativeNanos, boolean withEmulation) {
        RunReport r = m.report();
        VmmCounters v = r.vmm();
        List<String> parts = new ArrayList<>();
        String exits = exitsPerMillion(v.totalExits(), r.instructions()) + " exits per million instructions"
                + exitShares(v.exits);
        parts.add(exits);
        if (withEmulation) {
            parts.add("emulated " + emulated(v) + ", reflected " + plural(v.reflected, "trap"));
        }
        parts.addAll(ownCounters(m.mode().innermost(), v));
        parts.add(ComparisonTable.ratio(m.ratio(nativeNanos)) + "x native time");
        return m.mode().cliName() + ": " + String.join("; ", parts) + ".";
    }

    /** Whether a VMM left direct execution less than {@link #DIRECT} times per million instructions. */
    private static boolean direct(ModeResult m) {
        long n = m.report().instructions();
        return n > 0 && m.report().vmm().totalExits() * 1e6 / n < DIRECT;
    }

    /** The exits per million retired instructions, with decimals when it is small. */
    static String exitsPerMillion(long exits, long instructions) {
        if (instructions == 0) {
            return ComparisonTable.count(exits);
        }
        double perMillion = exits * 1e6 / instructions;
        return perMillion < 10 ? String.format(Locale.ROOT, "%.2f", perMillion)
                : ComparisonTable.count(Math.round(perMillion));
    }

    /** {@code , all PRIVILEGED}, or the share of each cause of at least 1%, largest first. */
    private static String exitShares(long[] exits) {
        long total = 0;
        List<TrapCause> causes = new ArrayList<>();
        for (TrapCause c : TrapCause.values()) {
            if (exits[c.code()] != 0) {
                causes.add(c);
                total += exits[c.code()];
            }
        }
        if (causes.isEmpty()) {
            return "";
        }
        if (causes.size() == 1) {
            return ", all " + causes.get(0).name();
        }
        causes.sort((a, b) -> Long.compare(exits[b.code()], exits[a.code()]));
        List<String> parts = new ArrayList<>();
        for (TrapCause c : causes) {
            long share = Math.round(exits[c.code()] * 100.0 / total);
            if (share >= 1) {
                parts.add(c.name() + " " + share + "%");
            }
        }
        return " (" + String.join(", ", parts) + ")";
    }

    private static String emulated(VmmCounters v) {
        Map<String, Long> byMnemonic = v.emulatedByMnemonic();
        if (byMnemonic.isEmpty()) {
            return "no instruction";
        }
        List<String> parts = new ArrayList<>();
        byMnemonic.forEach((k, n) -> parts.add(k + " " + ComparisonTable.count(n)));
        return plural(v.totalEmulated(), "privileged instruction") + " (" + String.join(", ", parts) + ")";
    }

    /** What the shadow modes' own counters say, zero figures left out; empty for a mode without them. */
    private static List<String> ownCounters(Mode mode, VmmCounters v) {
        List<String> parts = new ArrayList<>();
        if (v.extraNames().contains("interpreted")) {
            parts.add("interpreted " + plural(get(v, "interpreted"), "vm-supervisor instruction"));
        }
        if (!v.extraNames().contains("hidden_faults")) {
            return parts;
        }
        parts.add(ComparisonTable.count(get(v, "hidden_faults")) + " hidden and "
                + ComparisonTable.count(get(v, "true_faults")) + " true page faults");
        if (get(v, "pt_writes_emulated") > 0) {
            parts.add(plural(get(v, "pt_writes_emulated"), "guest page-table write") + " trapped and emulated");
        }
        if (get(v, "unshadowed") > 0) {
            parts.add(plural(get(v, "unshadowed"), "page-table frame") + " unshadowed after a flood of writes");
        }
        long hits = get(v, "root_cache_hits");
        long misses = get(v, "root_cache_misses");
        if (mode == Mode.SHADOW_TRACE && hits > 0) {
            parts.add(ComparisonTable.count(hits) + " of " + ComparisonTable.count(hits + misses)
                    + " shadow-root switches found the root cached");
        }
        if (mode == Mode.SHADOW_VTLB && get(v, "syncs") > 0) {
            parts.add("shadows synced at " + plural(get(v, "syncs"), "guest flush"));
        }
        parts.add(ComparisonTable.count(get(v, "shadow_pages_built")) + " shadow pages built, "
                + ComparisonTable.count(get(v, "shadow_pages_dropped")) + " dropped");
        if (get(v, "shadow_zaps") > 0) {
            parts.add("the shadows outgrew their budget " + plural(get(v, "shadow_zaps"), "time"));
        }
        return parts;
    }

    /** {@code 1 trap}, {@code 2 traps}, {@code 3 guest flushes}. */
    static String plural(long n, String noun) {
        if (n == 1) {
            return "1 " + noun;
        }
        return ComparisonTable.count(n) + " " + noun + (noun.endsWith("sh") || noun.endsWith("s") ? "es" : "s");
    }

    private static long get(VmmCounters v, String name) {
        return v.extraNames().contains(name) ? v.get(name) : 0;
    }

    /** How the two shadow modes' costs differ, when both ran and they differ noticeably. */
    private static String shadowPair(Comparison c) {
        ModeResult trace = null;
        ModeResult vtlb = null;
        for (ModeResult m : c.vmmResults()) {
            if (m.mode().is(Mode.SHADOW_TRACE)) {
                trace = m;
            } else if (m.mode().is(Mode.SHADOW_VTLB)) {
                vtlb = m;
            }
        }
        if (trace == null || vtlb == null) {
            return null;
        }
        long te = trace.report().vmm().totalExits();
        long ve = vtlb.report().vmm().totalExits();
        if (Math.abs(te - ve) * 10 <= Math.max(te, ve)) {
            return null;
        }
        return te > ve
                ? String.format(Locale.ROOT, "shadow-trace exited %.1fx as often as shadow-vtlb: it pays for every guest "
                        + "page-table write, where the virtual TLB waits for the guest's flushes.", (double) te / ve)
                : String.format(Locale.ROOT, "shadow-vtlb exited %.1fx as often as shadow-trace: it rebuilds shadows after "
                        + "every flush and ptbr switch, where tracing keeps them.", (double) ve / te);
    }

    private static String equivalence(Comparison c) {
        List<String> wrong = new ArrayList<>();
        List<String> expected = new ArrayList<>();
        int ran = 0;
        for (ModeResult m : c.results()) {
            if (!m.mode().virtualized() || m.refused()) {
                continue;
            }
            ran++;
            if (m.finding()) {
                wrong.add(m.mode().cliName() + " on " + String.join(", ", m.differences()));
            } else if (m.expected() != null) {
                expected.add(m.mode().cliName() + " on " + String.join(", ", m.differences()) + " ("
                        + m.expected().text() + ")");
            }
        }
        if (!wrong.isEmpty()) {
            return "NOT EQUIVALENT - " + String.join("; ", wrong) + " differ from native: a bug in the VMM (spec 7.1).";
        }
        if (!expected.isEmpty()) {
            return "As profile " + c.profile() + " predicts, " + String.join("; ", expected) + " differ from native: "
                    + "the VMM cannot see what those instructions do (spec 8.1).";
        }
        if (ran == 0) {
            return "No VMM ran it.";
        }
        return (ran == 1 ? "The VMM that ran it" : ran == 2 ? "Both VMMs that ran it" : "All " + ran + " VMMs that ran it")
                + " ended exactly as natively: exit, console, instructions, traps, registers, PSW and memory.";
    }

    /** The refusal up to its first clause: {@code the guest turns paging on}. */
    private static String shortReason(String reason) {
        int cut = reason.length();
        for (String stop : new String[] {" (", ",", ";", ":"}) {
            int i = reason.indexOf(stop);
            if (i > 0) {
                cut = Math.min(cut, i);
            }
        }
        return reason.substring(0, cut);
    }

    /** Greedy word wrap. */
    static List<String> wrap(String text, int width) {
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (String word : text.split(" ")) {
            if (line.length() > 0 && line.length() + 1 + word.length() > width) {
                lines.add(line.toString());
                line.setLength(0);
            }
            if (line.length() > 0) {
                line.append(' ');
            }
            line.append(word);
        }
        if (line.length() > 0) {
            lines.add(line.toString());
        }
        return lines;
    }
}
