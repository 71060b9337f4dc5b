package shadowvisor.suite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import shadowvisor.machine.isa.Profile;
import shadowvisor.mode.Mode;
import shadowvisor.mode.ModeStack;

/**
 * The suites under stacked modes (spec 7.6): a test runs under a stack when its manifest lists
 * every level's kind, and the innermost kind decides whether the stack must refuse it and how
 * it may differ from native; and the options that replace each test's own setup
 * ({@code --profile}, {@code --load}).
 */
class StackedSuiteTest {
    private static final SuiteRunner RUNNER = SuiteRunner.bundled();

    private static ModeStack stack(String name) {
        return ModeStack.parse(name);
    }

    @Test
    void modesListStacksByName() {
        assertEquals(List.of(ModeStack.NATIVE, stack("segment/segment"), stack("shadow-trace/shadow-vtlb")),
                SuiteOptions.parseModes("native, Segment/Segment,segment/segment,,shadow-trace/shadow-vtlb"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SuiteOptions.parseModes("native,shadow-trace/segment"));
        assertTrue(e.getMessage().contains("have no paging"), e.getMessage());
        assertEquals(ModeStack.singles(), SuiteOptions.DEFAULTS.modes(), "stacks run only when asked for");
    }

    @Test
    void theManifestsKindsJudgeEveryStack() {
        List<ModeStack> stacks = List.of(stack("segment/segment"), stack("hybrid/segment"), stack("segment/hybrid"),
                stack("segment/shadow-vtlb"), stack("shadow-trace/shadow-vtlb"), stack("hybrid/shadow-trace/shadow-vtlb"));
        for (SuiteTest t : RUNNER.manifest().tests()) {
            for (ModeStack s : stacks) {
                String what = t.name() + " [" + s + "]";
                assertEquals(s.levels().stream().allMatch(t::listedFor), t.listedFor(s), what);
                assertEquals(t.refusedIn(s.innermost()), t.refusedIn(s), what);
                assertEquals(t.expectedDifference(s.innermost()), t.expectedDifference(s), what);
            }
        }
        SuiteTest paging = RUNNER.manifest().test("paging-walk");
        assertTrue(paging.listedFor(stack("segment/shadow-vtlb")));
        assertTrue(paging.refusedIn(stack("segment/shadow-vtlb")), "the guest meets segment, which refuses paging");
        assertFalse(paging.refusedIn(stack("shadow-trace/shadow-vtlb")));
        SuiteTest x86 = RUNNER.manifest().test("x86-popf-smsw");
        assertTrue(x86.expectedDifference(stack("hybrid/segment")).equals(x86.expectedDifference(Mode.HYBRID)));
        SuiteTest jrstu = RUNNER.manifest().test("pdp10-jrstu");
        assertNull(jrstu.expectedDifference(stack("hybrid/segment")), "hybrid runs jrstu right at any depth");
    }

    @Test
    void aPlanWithStacksRunsAndPasses() {
        SuiteOptions options = SuiteOptions.DEFAULTS.withModes(List.of(stack("segment/segment"),
                stack("hybrid/segment"), stack("segment/shadow-trace"), stack("shadow-vtlb/shadow-trace")))
                .withFilter("{alu,tlb,pdp10-jrstu}").withJobs(2);
        List<SuiteOutcome> outcomes = RUNNER.run(options, null);
        assertEquals(12, outcomes.size());
        for (SuiteOutcome o : outcomes) {
            assertTrue(o.ok(), o.suiteCase() + ": " + o.diagnostics());
        }
        SuiteOutcome refused = outcomes.stream().filter(o -> o.suiteCase().toString().equals("tlb [segment/shadow-trace]"))
                .findFirst().orElseThrow();
        assertTrue(refused.diagnostics().get(0).startsWith("refused as expected"), refused.diagnostics().toString());
    }

    /**
     * {@code --profile}: a manifest's expected difference speaks of the test's own profile. The
     * same instruction table under another profile object (a profile file derived from x86)
     * expects nothing, so the difference it shows is not ok; x86 itself keeps the expectation.
     */
    @Test
    void anotherProfileExpectsNoDifference() {
        SuiteOptions options = SuiteOptions.DEFAULTS.withModes(List.of(ModeStack.of(Mode.SEGMENT)))
                .withFilter("x86-popf-smsw");
        assertTrue(RUNNER.run(options.withProfile(Profile.X86), null).get(0).ok());
        Profile copy = Profile.derive("x86-copy", Profile.X86, List.of(), List.of(), List.of(), List.of(), null);
        SuiteOutcome o = new SuiteRunner(RUNNER.manifest(), SuiteSources.fromClasspath(RUNNER.manifest()))
                .run(options.withProfile(copy), null).get(0);
        assertFalse(o.ok(), o.diagnostics().toString());
        assertTrue(o.diagnostics().stream().anyMatch(d -> d.startsWith("differs from native: ")), o.diagnostics().toString());
        assertEquals("x86-copy", o.report().profile());
    }
}
