package shadowvisor.suite;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The guest suites as JUnit tests: one dynamic test per (suite, mode) of the manifest. Each
 * asserts that the guest's own checks all passed, that it ended as the manifest says, and that
 * a VMM run is equivalent to the native one; a mode the runner does not offer yet is skipped
 * (an assumption), so the matrix grows by itself as the VMMs land. Where the manifest expects a
 * difference from native (a profile that breaks Theorem 1), the case only has to be ok: the
 * runner has judged the difference, or the run's equivalence, already.
 */
class SuiteMatrixTest {
    private static final SuiteRunner RUNNER = SuiteRunner.bundled();
    /** Every suite runs in well under a second; this only catches a run that never ends. */
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @TestFactory
    Stream<DynamicTest> everySuiteInEveryMode() {
        return RUNNER.plan(SuiteOptions.DEFAULTS).stream()
                .map(c -> DynamicTest.dynamicTest(c.toString(), () -> check(c)));
    }

    private static void check(SuiteCase c) {
        SuiteOutcome o = RUNNER.run(c, TIMEOUT);
        String why = String.join("\n", o.diagnostics());
        Assumptions.assumeFalse(o.skipped(), () -> c + " skipped: " + why);
        if (c.expectedDifference() != null) {
            assertTrue(o.ok(), why);
            return;
        }
        assertAll(c.toString(),
                () -> assertEquals(List.of(), o.failedChecks(), "failed checks\n" + why),
                () -> assertNull(o.exitProblem(), "exit\n" + why),
                () -> assertEquals(List.of(), o.differences(), "keys that differ from native\n" + why),
                () -> assertTrue(o.ok(), why));
    }
}
