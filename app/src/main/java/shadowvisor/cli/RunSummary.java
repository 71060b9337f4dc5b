package shadowvisor.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import shadowvisor.machine.ExitKind;
import shadowvisor.machine.TrapCause;
import shadowvisor.machine.isa.Profile;
import shadowvisor.result.RunReport;
import shadowvisor.result.TlbStats;
import shadowvisor.result.VmmLevel;
import shadowvisor.result.VmmCounters;

/**
 * The counters {@code run} prints on stderr when a guest has finished (spec section 9:
 * "counters and diagnostics go to stderr"): a few lines a person reads at a glance, where
 * {@code --json} is the complete record for programs.
 *
 * <pre>
 * == hello.s (native): poweroff, status 7
 *    instructions 56 in 0.4 ms, 0.14 MIPS
 *    traps        none
 *    tlb          hits 0, misses 0, flushes 0, invlpg 0
 *    vmm          exits PRIVILEGED 30, SVC 10; emulated lpsw 26; reflected 14; slice_ends 0
 * </pre>
 *
 * The {@code vmm} line appears only under a VMM. Under a stack of VMMs (spec 7.6) it is one line
 * per level instead, innermost first, each naming the level's VMM, so that each level's exits
 * are seen side by side:
 *
 * <pre>
 * == hello.s (segment/segment): poweroff, status 7
 *    ...
 *    vmm level 1  segment: exits PRIVILEGED 11; emulated out 11; reflected 0; slice_ends 0
 *    vmm level 2  segment: exits PRIVILEGED 11; emulated none; reflected 0; slice_ends 0
 * </pre>
 *
 * A profile other than {@code pg} is named after
 * the mode ({@code (segment, profile x86)}). A shutdown adds its reason to the first line,
 * a power-off value whose low 8 bits are not the whole value adds the value.
 */
final class RunSummary {
    private RunSummary() {
    }

    /** The lines for one guest, labelled {@code label} (the program and, with several, its VM). */
    static List<String> lines(String label, RunReport r) {
        List<String> lines = new ArrayList<>();
        String profile = r.profile().equals(Profile.PG.name()) ? "" : ", profile " + r.profile();
        lines.add("== " + label + " (" + r.mode() + profile + "): " + exit(r));
        lines.add("   instructions " + r.instructions() + " in " + hostTime(r.hostNanos()) + ", "
                + mips(r.instructions(), r.hostNanos()));
        lines.add("   traps        " + orNone(causes(r.traps())));
        TlbStats t = r.tlb();
        lines.add("   tlb          hits " + t.hits() + ", misses " + t.misses() + ", flushes " + t.flushes()
                + ", invlpg " + t.invlpg());
        if (!r.levels().isEmpty()) {
            for (int i = 0; i < r.levels().size(); i++) {
                VmmLevel level = r.levels().get(i);
                lines.add("   vmm level " + (i + 1) + "  " + level.mode().cliName() + ": " + vmm(level.counters()));
            }
        } else if (r.vmm() != null) {
            lines.add("   vmm          " + vmm(r.vmm()));
        }
        return lines;
    }

    /** How the run ended: the exit kind, the process status, the reason of a shutdown. */
    static String exit(RunReport r) {
        return exit(r.exitKind(), r.powerValue(), r.reason());
    }

    /** {@link #exit(RunReport)} from its parts: how a guest ended, also while others still run ({@code debug}). */
    static String exit(ExitKind kind, int powerValue, String reason) {
        int status = kind.status(powerValue);
        String s = kind.jsonName() + ", status " + status;
        if (kind == ExitKind.POWEROFF && status != powerValue) {
            s += " (value " + Integer.toUnsignedString(powerValue) + ")";
        }
        if (reason != null) {
            s += ": " + reason;
        }
        return s;
    }

    /** Non-zero counts by cause name, in cause-code order, for example {@code PRIVILEGED 1, SVC 3}. */
    static String causes(long[] byCode) {
        StringBuilder s = new StringBuilder();
        for (TrapCause c : TrapCause.values()) {
            if (byCode[c.code()] != 0) {
                s.append(s.length() == 0 ? "" : ", ").append(c.name()).append(' ').append(byCode[c.code()]);
            }
        }
        return s.toString();
    }

    /** The counters of one VMM level on one line, as the {@code vmm} line shows them. */
    static String vmm(VmmCounters v) {
        StringBuilder s = new StringBuilder();
        s.append("exits ").append(orNone(causes(v.exits)));
        StringBuilder emulated = new StringBuilder();
        for (Map.Entry<String, Long> e : v.emulatedByMnemonic().entrySet()) {
            emulated.append(emulated.length() == 0 ? "" : ", ").append(e.getKey()).append(' ').append(e.getValue());
        }
        s.append("; emulated ").append(orNone(emulated.toString()));
        s.append("; reflected ").append(v.reflected);
        s.append("; slice_ends ").append(v.sliceEnds);
        for (String name : v.extraNames()) {
            s.append("; ").append(name).append(' ').append(v.get(name));
        }
        return s.toString();
    }

    private static String orNone(String s) {
        return s.isEmpty() ? "none" : s;
    }

    private static String hostTime(long nanos) {
        if (nanos < 1_000_000_000L) {
            return String.format(Locale.ROOT, "%.1f ms", nanos / 1e6);
        }
        return String.format(Locale.ROOT, "%.2f s", nanos / 1e9);
    }

    /** Retired guest instructions per host microsecond. */
    private static String mips(long instructions, long nanos) {
        if (nanos <= 0) {
            return "- MIPS";
        }
        double mips = instructions * 1e3 / nanos;
        return String.format(Locale.ROOT, mips >= 10 ? "%.0f MIPS" : "%.2f MIPS", mips);
    }
}
