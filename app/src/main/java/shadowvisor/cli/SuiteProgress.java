package shadowvisor.cli;

import java.io.PrintStream;

/**
 * The one line on stderr that counts the finished cases of {@code shadowvisor test} while the
 * TAP goes to stdout, for a person watching a terminal. The line is rewritten in place
 * ({@code \r}) and erased before each TAP line is printed, so that the two streams do not mix on
 * one screen; it is never used when stderr is not a terminal, where it would be noise in a log.
 */
final class SuiteProgress {
    /** Erases the current line of a terminal: carriage return, then ANSI "erase in line". */
    private static final String ERASE = "\r\u001b[K";

    private final PrintStream err;
    private final int total;
    private int done;
    private boolean shown;

    SuiteProgress(PrintStream err, int total) {
        this.err = err;
        this.total = total;
    }

    /** Erases the line, if shown, so that something else can be printed on the terminal. */
    void clear() {
        if (shown) {
            err.print(ERASE);
            err.flush();
            shown = false;
        }
    }

    /** Counts one more finished case, named {@code what}, and shows the line again. */
    void finished(String what, boolean failed, int failuresSoFar) {
        done++;
        err.print(ERASE + "test: " + done + "/" + total + " done" + (failuresSoFar > 0 ? ", " + failuresSoFar
                + " not ok" : "") + " - " + (failed ? "not ok: " : "") + what);
        err.flush();
        shown = true;
    }
}
