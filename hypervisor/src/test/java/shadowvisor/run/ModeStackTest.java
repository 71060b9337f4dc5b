package shadowvisor.run;

import shadowvisor.mode.Mode;
import shadowvisor.mode.ModeStack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The mode names of spec 7.6 and 9 as values: a kind alone or a stack {@code X/Y[/Z...]},
 * innermost first; and what cannot run refused by name, in one line that says why.
 */
class ModeStackTest {
    private static final List<Mode> VMMS = List.of(Mode.SEGMENT, Mode.HYBRID, Mode.SHADOW_TRACE, Mode.SHADOW_VTLB);

    /** A shadow mode runs its VMs with P' = 1; a VM of segment or hybrid has no paging. */
    private static boolean refused(Mode inner, Mode below) {
        return inner.runsVmsWithPaging() && (below == Mode.SEGMENT || below == Mode.HYBRID);
    }

    @Test
    void aStackIsItsKindsInnermostFirstAsWritten() {
        ModeStack s = ModeStack.parse("segment/shadow-vtlb");
        assertEquals(List.of(Mode.SEGMENT, Mode.SHADOW_VTLB), s.levels());
        assertEquals(Mode.SEGMENT, s.innermost());
        assertEquals(Mode.SHADOW_VTLB, s.outermost());
        assertEquals(2, s.depth());
        assertTrue(s.stacked());
        assertTrue(s.virtualized());
        assertFalse(s.supportsGuestPaging(), "the guest meets segment, which has no paging");
        assertEquals("segment/shadow-vtlb", s.cliName());
        assertEquals(s, ModeStack.of(Mode.SEGMENT, Mode.SHADOW_VTLB));
        ModeStack three = ModeStack.parse("segment/segment/segment");
        assertEquals(3, three.depth());
        assertEquals("segment/segment/segment", three.toString());
    }

    @Test
    void aKindAloneIsAStackOfOne() {
        for (Mode m : Mode.values()) {
            ModeStack s = ModeStack.parse(m.cliName());
            assertEquals(List.of(m), s.levels());
            assertFalse(s.stacked());
            assertTrue(s.is(m));
            assertEquals(m.virtualized(), s.virtualized());
            assertEquals(m.supportsGuestPaging(), s.supportsGuestPaging());
            assertEquals(m.cliName(), s.cliName());
        }
        assertEquals(ModeStack.NATIVE, ModeStack.parse("native"));
        assertEquals(List.of(Mode.values()), ModeStack.singles().stream().map(ModeStack::innermost).toList());
    }

    @Test
    void everyPairIsAcceptedOrRefusedByTheOneRule() {
        int accepted = 0;
        for (Mode inner : VMMS) {
            for (Mode outer : VMMS) {
                String name = inner.cliName() + "/" + outer.cliName();
                if (refused(inner, outer)) {
                    assertCannotRun(name, inner, outer);
                } else {
                    assertEquals(List.of(inner, outer), ModeStack.parse(name).levels());
                    accepted++;
                }
            }
        }
        assertEquals(12, accepted, "16 pairs, the 4 shadow-in-segment/hybrid ones refused");
        for (String fine : List.of("segment/shadow-vtlb", "hybrid/segment", "segment/segment/segment",
                "shadow-trace/shadow-vtlb", "hybrid/shadow-trace/shadow-vtlb")) {
            assertEquals(fine, ModeStack.parse(fine).cliName());
        }
    }

    @Test
    void everyTripleIsAcceptedWhenEachLevelRunsOnTheOneBelow() {
        int accepted = 0;
        for (Mode a : VMMS) {
            for (Mode b : VMMS) {
                for (Mode c : VMMS) {
                    String name = a.cliName() + "/" + b.cliName() + "/" + c.cliName();
                    if (refused(a, b)) {
                        assertCannotRun(name, a, b);
                    } else if (refused(b, c)) {
                        String why = assertCannotRun(name, b, c);
                        assertTrue(why.contains("the level below it"), why);
                    } else {
                        assertEquals(3, ModeStack.parse(name).depth());
                        accepted++;
                    }
                }
            }
        }
        assertEquals(32, accepted);
    }

    /** The reason names the stack, both kinds and why: P' = 1 above, no paging below. */
    private static String assertCannotRun(String name, Mode inner, Mode below) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ModeStack.parse(name), name);
        String why = e.getMessage();
        assertTrue(why.startsWith("mode '" + name + "' cannot run: " + inner.cliName()
                + " runs its VMs with paging on (P' = 1), and the VMs of " + below.cliName()), why);
        assertTrue(why.contains("have no paging"), why);
        assertFalse(why.contains("\n"), why);
        return why;
    }

    @Test
    void nativeOnlyRunsAlone() {
        for (String name : List.of("native/segment", "segment/native", "native/native", "segment/native/segment")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ModeStack.parse(name));
            assertTrue(e.getMessage().startsWith("mode '" + name + "': native is the bare machine and only runs alone"),
                    e.getMessage());
        }
    }

    @Test
    void malformedNamesSayWhatIsWrong() {
        List<String[]> cases = new ArrayList<>(List.of(
                new String[] {"warp", "unknown mode 'warp' (expected one of native, segment, hybrid, shadow-trace, "
                        + "shadow-vtlb)"},
                new String[] {"segment/warp", "unknown mode 'warp' in 'segment/warp' (each level of a stack is one of "
                        + "segment, hybrid, shadow-trace, shadow-vtlb)"},
                new String[] {"Segment", "unknown mode 'Segment'"},
                new String[] {"segment//segment", "mode 'segment//segment' has an empty level"},
                new String[] {"segment/", "mode 'segment/' has an empty level"},
                new String[] {"/segment", "mode '/segment' has an empty level"},
                new String[] {"", "no mode given"}));
        for (String[] c : cases) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ModeStack.parse(c[0]), c[0]);
            assertTrue(e.getMessage().startsWith(c[1]), c[0] + ": " + e.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> new ModeStack(List.of()));
    }
}
