package shadowvisor.suite;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import shadowvisor.machine.ExitKind;
import shadowvisor.mode.Mode;
import shadowvisor.result.RunReport;

/**
 * The verdict on one {@link SuiteCase}, with every reason it is not ok. A run passes when the
 * guest's own checks all passed, it ended as the manifest says (after printing a summary that
 * agrees with its check lines), its expected console lines appeared, and, in a VMM mode, it is
 * equivalent to the native run key by key (spec section 7.1). A case the mode must refuse
 * passes when the run was shut down with a reason naming the modes that do run paging guests.
 *
 * <p>Where the manifest expects a difference from native in the case's mode (a profile that
 * breaks Theorem 1: the guest's checks are written for the real machine, and a trap-and-emulate
 * VMM cannot give it), a run that differs passes: its diagnostics give the manifest's reason,
 * the keys that differ and the checks the difference made fail. A run that ends exactly as
 * natively passes too, judged as any other, with a note that the expected difference did not
 * show (spec section 9 allows it: a program may not reach the state that tells).
 *
 * @param suiteCase    the test and mode
 * @param status       ok, not ok, or skipped (the mode is not available yet)
 * @param failedChecks names of the guest's checks that printed {@code FAIL:}
 * @param exitProblem  how the exit differs from the expected one, or null
 * @param differences  the report keys on which the run differs from native (empty for native)
 * @param diagnostics  every reason for the verdict, one line each, as TAP prints them
 * @param report       the run's report, or null when there was no run
 */
public record SuiteOutcome(SuiteCase suiteCase, Status status, List<String> failedChecks, String exitProblem,
                           List<String> differences, List<String> diagnostics, RunReport report) {

    /** The verdict, in TAP's terms. */
    public enum Status { OK, NOT_OK, SKIPPED }

    public SuiteOutcome {
        failedChecks = List.copyOf(failedChecks);
        differences = List.copyOf(differences);
        diagnostics = List.copyOf(diagnostics);
    }

    public boolean ok() {
        return status == Status.OK;
    }

    public boolean skipped() {
        return status == Status.SKIPPED;
    }

    /**
     * Judges a run of {@code c}.
     *
     * @param run       the run in {@code c.mode()}
     * @param nativeRun the native reference run, or null when {@code c.mode()} is native
     */
    public static SuiteOutcome judge(SuiteCase c, RunReport run, RunReport nativeRun) {
        return judge(c, run, nativeRun, c.expectedDifference());
    }

    /**
     * Judges a run of {@code c} with {@code expectedDifference} in place of the manifest's (null:
     * the run must match native), as on a profile other than the one the manifest speaks of.
     */
    public static SuiteOutcome judge(SuiteCase c, RunReport run, RunReport nativeRun, String expectedDifference) {
        if (c.expectsRefusal()) {
            return judgeRefusal(c, run);
        }
        SuiteTest test = c.test();
        List<String> diagnostics = new ArrayList<>();
        CheckLog log = CheckLog.parse(run.consoleText());
        List<String> differences = nativeRun == null ? List.of() : run.differences(nativeRun);
        String expected = nativeRun == null ? null : expectedDifference;
        if (expected != null && !differences.isEmpty()) {
            return judgeExpectedDifference(c, run, nativeRun, log, differences, expected);
        }
        List<String> failed = new ArrayList<>();
        for (CheckLog.Failure f : log.failed()) {
            failed.add(f.name());
            diagnostics.add("FAIL: " + f.name());
            for (String d : f.details()) {
                diagnostics.add("  " + d);
            }
        }
        String exitProblem = exitProblem(test.exit(), run);
        if (exitProblem != null) {
            diagnostics.add(exitProblem);
        }
        if (test.exit().hasSummary() && run.exitKind() == test.exit().kind()) {
            if (log.summary() == null) {
                diagnostics.add("the suite printed no SUMMARY line");
            } else if (!log.summaryAgrees()) {
                diagnostics.add(String.format("SUMMARY says %d tests, %d failures; the console holds %d PASS and %d FAIL lines",
                        log.summary().tests(), log.summary().failures(), log.passed().size(), log.failed().size()));
            }
        }
        List<String> consoleLines = List.of(run.consoleText().split("\n", -1));
        for (String line : test.expectOutput()) {
            if (!consoleLines.contains(line)) {
                diagnostics.add("console line missing: " + line);
            }
        }
        if (!differences.isEmpty()) {
            diagnostics.add("differs from native: " + String.join(", ", differences));
            diagnostics.addAll(differenceDetails(run, nativeRun, differences));
        }
        Status status = diagnostics.isEmpty() ? Status.OK : Status.NOT_OK;
        if (expected != null) {
            diagnostics.add("expected to differ from native (" + expected + "), but it ended exactly as natively");
        }
        return new SuiteOutcome(c, status, failed, exitProblem, differences, diagnostics, run);
    }

    /** How many failing checks an expected difference names before it says "and N more". */
    static final int EXPECTED_FAILURES_SHOWN = 5;

    /**
     * A run that differs from native where the manifest expects it to: ok, with the reason, the
     * keys that differ, how the exit differs, and the guest's checks that the difference made
     * fail (the first few), so that TAP shows what the VMM could not virtualize.
     */
    private static SuiteOutcome judgeExpectedDifference(SuiteCase c, RunReport run, RunReport nativeRun, CheckLog log,
                                                        List<String> differences, String expected) {
        List<String> diagnostics = new ArrayList<>();
        diagnostics.add("differs from native, as expected (" + expected + "): " + String.join(", ", differences));
        for (String line : differenceDetails(run, nativeRun, differences)) {
            if (line.startsWith("  exit:") || line.startsWith("  instructions:")) {
                diagnostics.add(line);
            }
        }
        List<String> failed = new ArrayList<>();
        for (CheckLog.Failure f : log.failed()) {
            failed.add(f.name());
        }
        if (!failed.isEmpty()) {
            diagnostics.add("  checks that fail in this mode: " + failed.size());
            for (String name : failed.subList(0, Math.min(failed.size(), EXPECTED_FAILURES_SHOWN))) {
                diagnostics.add("    FAIL: " + name);
            }
            if (failed.size() > EXPECTED_FAILURES_SHOWN) {
                diagnostics.add("    ... and " + (failed.size() - EXPECTED_FAILURES_SHOWN) + " more");
            }
        }
        return new SuiteOutcome(c, Status.OK, failed, exitProblem(c.test().exit(), run), differences, diagnostics, run);
    }

    /** A case that could not be run here: the mode does not exist yet. */
    public static SuiteOutcome skipped(SuiteCase c, String reason) {
        return new SuiteOutcome(c, Status.SKIPPED, List.of(), null, List.of(), List.of(reason), null);
    }

    /** A case that failed without a report to judge (no image, a timeout, a crash). */
    public static SuiteOutcome broken(SuiteCase c, String problem) {
        List<String> lines = List.of(problem.strip().split("\n"));
        return new SuiteOutcome(c, Status.NOT_OK, List.of(), problem.strip(), List.of(), lines, null);
    }

    /** The modes a refusal must name: those that do run guests with paging under a VMM. */
    public static List<Mode> pagingModes() {
        List<Mode> modes = new ArrayList<>();
        for (Mode m : Mode.values()) {
            if (m.virtualized() && m.supportsGuestPaging()) {
                modes.add(m);
            }
        }
        return modes;
    }

    private static SuiteOutcome judgeRefusal(SuiteCase c, RunReport run) {
        List<String> diagnostics = new ArrayList<>();
        String exitProblem = null;
        if (run.exitKind() != ExitKind.SHUTDOWN || run.reason() == null) {
            exitProblem = "expected mode " + c.mode().cliName() + " to refuse the guest (shutdown), got "
                    + describeExit(run);
        } else {
            List<String> unnamed = new ArrayList<>();
            for (Mode m : pagingModes()) {
                if (!run.reason().contains(m.cliName())) {
                    unnamed.add(m.cliName());
                }
            }
            if (!unnamed.isEmpty()) {
                exitProblem = "the refusal does not name " + String.join(", ", unnamed) + ": " + run.reason();
            }
        }
        Status status;
        if (exitProblem == null) {
            status = Status.OK;
            diagnostics.add("refused as expected: " + run.reason());
        } else {
            status = Status.NOT_OK;
            diagnostics.add(exitProblem);
        }
        return new SuiteOutcome(c, status, List.of(), exitProblem, List.of(), diagnostics, run);
    }

    private static String exitProblem(SuiteTest.ExpectedExit expected, RunReport run) {
        boolean kindOk = run.exitKind() == expected.kind();
        boolean statusOk = run.status() == expected.status();
        // A power-off status is only the low 8 bits: the full value must match too.
        boolean valueOk = run.exitKind() != ExitKind.POWEROFF || run.powerValue() == expected.status();
        boolean reasonOk = run.exitKind() != ExitKind.SHUTDOWN || expected.reasonMatches(run.reason());
        if (kindOk && statusOk && valueOk && reasonOk) {
            return null;
        }
        return "expected exit " + expected + ", got " + describeExit(run);
    }

    private static String describeExit(RunReport run) {
        String s = run.exitKind().jsonName() + " " + run.status();
        if (run.exitKind() == ExitKind.POWEROFF && (run.powerValue() & 0xFF) != run.powerValue()) {
            s += String.format(" (value 0x%08x)", run.powerValue());
        }
        if (run.reason() != null) {
            s += " (" + run.reason() + ")";
        }
        return s + " after " + run.instructions() + " instructions";
    }

    /** One line per differing key that is short enough to show both sides. */
    private static List<String> differenceDetails(RunReport run, RunReport nativeRun, List<String> keys) {
        List<String> lines = new ArrayList<>();
        for (String key : keys) {
            switch (key) {
                case "exit" -> lines.add("  exit: " + describeExit(run) + "; native: " + describeExit(nativeRun));
                case "instructions" -> lines.add("  instructions: " + run.instructions() + "; native: "
                        + nativeRun.instructions());
                case "psw" -> lines.add("  psw: " + run.psw() + "; native: " + nativeRun.psw());
                case "registers" -> {
                    for (int i = 0; i < run.registers().length && i < nativeRun.registers().length; i++) {
                        if (run.registers()[i] != nativeRun.registers()[i]) {
                            lines.add(String.format("  r%d: 0x%08x; native: 0x%08x", i, run.registers()[i],
                                    nativeRun.registers()[i]));
                        }
                    }
                }
                case "traps" -> lines.add("  traps: " + Arrays.toString(run.traps()) + "; native: "
                        + Arrays.toString(nativeRun.traps()));
                default -> {
                    // console and memory are too long to show; the FAIL lines and the digest tell.
                }
            }
        }
        return lines;
    }
}
