package shadowvisor.suite.access;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import shadowvisor.mode.ModeStack;
import shadowvisor.suite.SuiteOptions;

/**
 * The access permutation suite passes natively and under every mode that runs paging guests,
 * alone and stacked: every combination's trap, value, detail and A/D bits are ones the model of
 * spec 3.1/3.3 allows.
 */
class AccessSuiteTest {

    @TestFactory
    Stream<DynamicTest> passesInEveryPagingMode() {
        List<ModeStack> modes = List.of(ModeStack.NATIVE, ModeStack.parse("shadow-trace"), ModeStack.parse("shadow-vtlb"));
        List<AccessOutcome> outcomes = timed("every paging mode", SuiteOptions.DEFAULTS.withModes(modes));
        assertEquals(modes.size() * 6, outcomes.size());
        return tests(outcomes);
    }

    /** A stack costs a few times more per access: the writes of user and supervisor, under two stacks. */
    @TestFactory
    Stream<DynamicTest> passesUnderStacksOfShadowModes() {
        List<ModeStack> modes = List.of(ModeStack.parse("shadow-trace/shadow-vtlb"), ModeStack.parse("shadow-vtlb/shadow-trace"));
        List<AccessOutcome> outcomes = timed("stacks", SuiteOptions.DEFAULTS.withModes(modes).withFilter("access-write-*"));
        assertEquals(modes.size() * 2, outcomes.size());
        return tests(outcomes);
    }

    private static List<AccessOutcome> timed(String what, SuiteOptions options) {
        long t0 = System.nanoTime();
        List<AccessOutcome> outcomes = new AccessSuite().run(options.withJobs(2), null);
        System.out.printf("access suite, %s: %d groups in %.1f s%n", what, outcomes.size(), (System.nanoTime() - t0) / 1e9);
        return outcomes;
    }

    private static Stream<DynamicTest> tests(List<AccessOutcome> outcomes) {
        return outcomes.stream().map(o -> DynamicTest.dynamicTest(o.group().title(), () -> {
            assertTrue(o.ok(), () -> String.join("\n", o.diagnostics()));
            assertEquals(1536, o.checked());
        }));
    }
}
