package shadowvisor.suite;

import shadowvisor.mode.Mode;
import shadowvisor.mode.ModeStack;

/**
 * One cell of the suite matrix: a test in a mode. It is what a TAP line and a JUnit dynamic
 * test stand for.
 *
 * @param test the suite
 * @param mode the mode to run it in (or to see it refused in): a kind alone or a stack of VMMs
 */
public record SuiteCase(SuiteTest test, ModeStack mode) {

    /** The test in {@code kind} alone. */
    public SuiteCase(SuiteTest test, Mode kind) {
        this(test, ModeStack.of(kind));
    }

    /** Whether the mode must refuse the test rather than pass it. */
    public boolean expectsRefusal() {
        return test.refusedIn(mode);
    }

    /** Why the run may differ from native in this mode (the manifest's reason), or null. */
    public String expectedDifference() {
        return test.expectedDifference(mode);
    }

    /** {@code name [mode]}, as TAP and JUnit show it. */
    @Override
    public String toString() {
        return test.name() + " [" + mode.cliName() + "]";
    }
}
