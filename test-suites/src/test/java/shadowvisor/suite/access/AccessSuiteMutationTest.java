package shadowvisor.suite.access;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntBinaryOperator;
import java.util.function.IntUnaryOperator;
import org.junit.jupiter.api.Test;
import shadowvisor.machine.image.Image;
import shadowvisor.mode.ModeStack;
import shadowvisor.result.RunReport;
import shadowvisor.run.Runner;
import shadowvisor.suite.SuiteOptions;
import shadowvisor.suite.TapWriter;
import shadowvisor.suite.access.Combination.Kind;
import shadowvisor.suite.access.Combination.TlbState;
import shadowvisor.vmm.TrapAndEmulateVmm;
import shadowvisor.vmm.shadow.ShadowVtlbVmm;

/**
 * The suite catches a broken page walker: shadow-vtlb runs on a {@link BrokenWalkerHost} whose
 * physical reads or writes make the VMM's walk of the guest's tables wrong for one guest PTE
 * value, and the suite must say {@code not ok} for exactly the groups that value reaches,
 * naming the combinations in full on {@code #} lines.
 */
class AccessSuiteMutationTest {
    /** The guest frame of the test page, as every guest PTE of it carries it. */
    private static final int TEST_FRAME = 0x2C00;
    private static final ModeStack VTLB = ModeStack.parse("shadow-vtlb");

    /** Whether {@code word} is the guest's test PTE with exactly {@code bits} in its low five bits. */
    private static boolean testPte(int word, int bits) {
        return (word & ~0x3FF) == TEST_FRAME && (word & 0x1F) == bits;
    }

    @Test
    void aWalkerThatForgetsTheDirtyBitIsCaught() {
        int pwu = Combination.P | Combination.W | Combination.U;
        // The VMM's walk sets A and D in one write: drop the D when the PTE was exactly P W U.
        IntBinaryOperator dropD = (old, word) -> testPte(old, pwu) && word == (old | Combination.A | Combination.D)
                ? word & ~Combination.D : word;
        List<AccessOutcome> outcomes = runBroken(v -> v, dropD);

        for (AccessOutcome o : outcomes) {
            boolean reached = o.group().kind() == Kind.WRITE;
            assertEquals(!reached, o.ok(), o.group() + "\n" + String.join("\n", o.diagnostics()));
            for (Combination c : o.failing()) {
                assertEquals(pwu, c.pte(), "only PTE P W U is broken: " + c);
                assertEquals(Kind.WRITE, c.kind(), c.toString());
            }
        }
        String tap = tap(outcomes);
        assertTrue(tap.contains("not ok 3 - access: shadow-vtlb write supervisor (1536 combinations)"), tap);
        assertTrue(tap.contains("# FAIL pde=[P W] pte=[P W U] write supervisor tlb=cold: expected no fault (svc 0), "
                + "then pde=[P W A] pte=[P W U A D]; got no fault (svc 0), then pde=[P W A] pte=[P W U A]"), tap);
        assertTrue(tap.contains("not ok 4 - access: shadow-vtlb write user (1536 combinations)"), tap);
        assertTrue(tap.contains("# FAIL pde=[P W U] pte=[P W U] write user tlb=cold"), tap);
    }

    @Test
    void aWalkerThatIgnoresTheUserBitIsCaught() {
        int pw = Combination.P | Combination.W;
        // The VMM checks PTE P W (a supervisor page) as if it had U, and writes back its A
        // without that U: a walker that ignores the PTE's U bit in the rights check alone.
        IntUnaryOperator addU = word -> testPte(word, pw) ? word | Combination.U : word;
        IntBinaryOperator keepU = (old, word) -> testPte(old, pw) ? word & ~Combination.U : word;
        List<AccessOutcome> outcomes = runBroken(addU, keepU);

        for (AccessOutcome o : outcomes) {
            assertEquals(!o.group().user(), o.ok(), o.group() + "\n" + String.join("\n", o.diagnostics()));
        }
        Combination named = new Combination(Combination.P | Combination.U, pw, Kind.READ, true, TlbState.COLD);
        AccessOutcome userReads = outcomes.get(1);
        assertEquals("access: shadow-vtlb read user (1536 combinations)", userReads.group().title());
        assertTrue(userReads.failing().contains(named), userReads.failing().toString());
        String tap = tap(outcomes);
        assertTrue(tap.contains("# FAIL " + named + ": expected PAGE value=0x100008 detail=P|U, then pde=[P U] "
                + "pte=[P W]; got no fault (svc 0)"), tap);
    }

    @Test
    void theUnbrokenHostPasses() {
        for (AccessOutcome o : runBroken(v -> v, (old, word) -> word)) {
            assertTrue(o.ok(), o.group() + "\n" + String.join("\n", o.diagnostics()));
        }
    }

    /** The six groups of shadow-vtlb, run on a host broken by {@code onRead} and {@code onWrite}. */
    private static List<AccessOutcome> runBroken(IntUnaryOperator onRead, IntBinaryOperator onWrite) {
        AccessSuite suite = new AccessSuite((Image image, ModeStack mode) -> {
            int hostWords = Runner.levelWords(mode, 1, AccessGuest.MEM_WORDS)[0];
            List<RunReport> reports = Runner.runVmm(List.of(image), AccessSuite.options(mode), hostWords,
                    host -> new ShadowVtlbVmm(new BrokenWalkerHost(host, onRead, onWrite),
                            TrapAndEmulateVmm.DEFAULT_SLICE, Runner.SHADOW_SEED));
            return reports.get(0);
        });
        List<AccessOutcome> outcomes = suite.run(SuiteOptions.DEFAULTS.withModes(List.of(VTLB)), null);
        assertEquals(6, outcomes.size());
        assertFalse(outcomes.stream().anyMatch(o -> o.checked() != 1536), "every combination reported");
        return outcomes;
    }

    /** The outcomes as {@code shadowvisor test} prints them. */
    private static String tap(List<AccessOutcome> outcomes) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        TapWriter tap = new TapWriter(out);
        for (AccessOutcome o : new ArrayList<>(outcomes)) {
            tap.result(o.group().title(), o.status(), o.diagnostics());
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
