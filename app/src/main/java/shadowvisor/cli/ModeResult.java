package shadowvisor.cli;

import java.util.List;
import shadowvisor.machine.ExitKind;
import shadowvisor.mode.Mode;
import shadowvisor.mode.ModeStack;
import shadowvisor.result.RunReport;

/**
 * One row of a comparison: a program run in one mode, judged against the native run of the
 * same image, input and memory (spec 7.1, equivalence with native as the oracle).
 *
 * <p>A mode may <em>refuse</em> the program instead of running it: the segment VMM shuts a
 * guest down when it turns paging on, with a reason that names the paging modes (spec 7.2),
 * and the shadow modes refuse a memory that is not a whole number of pages (spec 7.3). A
 * refusal is the mode keeping its contract, not a failure of equivalence, so it is reported
 * as such rather than as a list of differing keys.
 *
 * @param mode        the mode: a kind alone or a stack of VMMs (spec 7.6)
 * @param report      the report of the mode's first run (the warm-up); null when the mode refused
 *                    before running
 * @param refusal     why the mode refused the program, or null when it ran it
 * @param differences the keys on which the run differs from native (every run's, merged);
 *                    empty for native and for a refusal
 * @param hostNanos   the median of the timed runs' host times ({@link Comparison#median}); 0 when
 *                    the mode refused before running
 * @param expected    why the profile makes the differences expected in this mode, or null: set
 *                    only when there are differences ({@link ExpectedDifference})
 * @param runNanos    each timed run's host time, in the order they ran (the warm-up run is not
 *                    one of them); empty when the mode refused before running
 */
record ModeResult(ModeStack mode, RunReport report, String refusal, List<String> differences, long hostNanos,
                  ExpectedDifference expected, List<Long> runNanos) {

    ModeResult {
        differences = List.copyOf(differences);
        runNanos = List.copyOf(runNanos);
        if (expected != null && differences.isEmpty()) {
            throw new IllegalArgumentException("an expected difference without a difference");
        }
    }

    /** A mode that refused before running (the runner's one-line reason). */
    static ModeResult refusedBeforeRun(ModeStack mode, String reason) {
        return new ModeResult(mode, null, reason, List.of(), 0, null, List.of());
    }

    /** This result with its differences explained by {@code why} (null: not explained). */
    ModeResult explainedBy(ExpectedDifference why) {
        return new ModeResult(mode, report, refusal, differences, hostNanos, why, runNanos);
    }

    /** Whether the mode refused the program. */
    boolean refused() {
        return refusal != null;
    }

    /** Whether the mode ran the program and it ended exactly as natively. */
    boolean equivalent() {
        return !refused() && differences.isEmpty();
    }

    /**
     * Whether the row is a finding (spec 9, {@code compare}): the mode ran the program, it did
     * not end as natively, and the profile does not explain why.
     */
    boolean finding() {
        return !refused() && !differences.isEmpty() && expected == null;
    }

    /** Host time relative to native's; NaN when there is no time to compare. */
    double ratio(long nativeNanos) {
        if (report == null || nativeNanos <= 0) {
            return Double.NaN;
        }
        return (double) hostNanos / nativeNanos;
    }

    /**
     * The refusal a finished run stands for, or null: a mode without guest paging that shut the
     * guest down with a reason naming every mode that does run paging guests under a VMM
     * (the segment VMM's answer to {@code P = 1}, spec 7.2). Under a stack the guest meets only
     * the innermost VMM, so that is the one whose answer counts.
     */
    static String refusalOf(ModeStack mode, RunReport r) {
        if (mode.supportsGuestPaging() || r.exitKind() != ExitKind.SHUTDOWN || r.reason() == null) {
            return null;
        }
        for (Mode m : Mode.values()) {
            if (m.virtualized() && m.supportsGuestPaging() && !r.reason().contains(m.cliName())) {
                return null;
            }
        }
        return r.reason();
    }
}
