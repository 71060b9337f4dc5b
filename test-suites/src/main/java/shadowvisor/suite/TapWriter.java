package shadowvisor.suite;

import java.io.PrintStream;
import java.util.List;

/**
 * Writes suite outcomes as TAP version 13: the plan {@code 1..N}, then per case
 * {@code ok N - test [mode]} or {@code not ok N - test [mode] - first reason} followed by
 * {@code # } lines giving the reasons (the failing checks as {@code # FAIL: name}, the keys that differ from
 * native, the exit), a skipped case as {@code ok N - test [mode] # SKIP reason}, and a totals
 * comment at the end. Lines are flushed as they are written, so a long matrix shows progress.
 */
public final class TapWriter {
    private final PrintStream out;
    private int next = 1;

    public TapWriter(PrintStream out) {
        this.out = out;
    }

    /** The header and the plan line; call once, before the first result. */
    public void plan(int count) {
        out.println("TAP version 13");
        out.println("1.." + count);
        out.flush();
    }

    /** One test line, numbered in call order, and its diagnostics. */
    public void result(SuiteOutcome o) {
        result(o.suiteCase().toString(), o.status(), o.diagnostics());
    }

    /**
     * One test line for a check that is not a manifest case (a group of the access suite,
     * {@code shadowvisor.suite.access}), numbered in call order, and its diagnostics.
     */
    public void result(String name, SuiteOutcome.Status status, List<String> diagnostics) {
        int n = next++;
        switch (status) {
            case OK -> {
                out.println("ok " + n + " - " + name);
                diagnostics(diagnostics);
            }
            case NOT_OK -> {
                // The first reason (the first failing check, or the differing keys) on the result
                // line itself, so that a grep of the not-ok lines says what failed.
                String why = diagnostics.isEmpty() ? "" : " - " + diagnostics.get(0).replace('#', ' ').strip();
                out.println("not ok " + n + " - " + name + why);
                diagnostics(diagnostics);
            }
            case SKIPPED -> out.println("ok " + n + " - " + name + " # SKIP "
                    + (diagnostics.isEmpty() ? "" : diagnostics.get(0).replace('\n', ' ')));
        }
        out.flush();
    }

    /** A closing comment with the counts. */
    public void totals(List<SuiteOutcome> outcomes) {
        int ok = 0;
        int notOk = 0;
        int skipped = 0;
        for (SuiteOutcome o : outcomes) {
            switch (o.status()) {
                case OK -> ok++;
                case NOT_OK -> notOk++;
                case SKIPPED -> skipped++;
            }
        }
        totals(ok, notOk, skipped);
    }

    /** A closing comment with the counts given (the manifest cases' and the access suite's together). */
    public void totals(int ok, int notOk, int skipped) {
        out.println("# " + ok + " ok, " + notOk + " not ok, " + skipped + " skipped");
        out.flush();
    }

    private void diagnostics(List<String> lines) {
        for (String line : lines) {
            out.println("# " + line);
        }
    }
}
