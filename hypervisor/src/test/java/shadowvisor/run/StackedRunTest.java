package shadowvisor.run;

import shadowvisor.mode.Mode;
import shadowvisor.mode.ModeStack;
import shadowvisor.result.RunReport;
import shadowvisor.result.VmmLevel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static shadowvisor.vmm.segment.GuestRuns.assertEquivalent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import shadowvisor.machine.ExitKind;
import shadowvisor.machine.TrapCause;
import shadowvisor.machine.image.Image;
import shadowvisor.machine.image.Load;
import shadowvisor.testdata.TestData;
import shadowvisor.vmm.TrapAndEmulateVmm;
import shadowvisor.result.VmmCounters;
import shadowvisor.vmm.segment.GuestRuns;
import shadowvisor.vmm.segment.SegmentVmm;
import shadowvisor.vmm.shadow.ShadowVmm;

/**
 * Stacked modes through {@link Runner} (spec 7.6, Theorem 2): every stack of depth 2 and 3 that
 * can run ends the example guests exactly as natively, and shadow-on-shadow stacks a paging
 * kernel; the innermost VMM keeps the very counters it keeps alone, since it sees only a
 * {@link shadowvisor.machine.cpu.Machine}; each level below takes every exit of the level above
 * and more, emulates and reflects nothing itself (its one VM runs only vm-user code, and every
 * trap goes up), and {@code vmm.levels} says so level by level.
 *
 * <p>Kept small on purpose (64 Ki-word guests, a 256 Ki-word paging kernel): the whole class
 * runs in a few seconds.
 */
class StackedRunTest {
    private static final int MEM = 64 * 1024;
    private static final int PAGING_MEM = 256 * 1024;
    /** Short and prime, so that slice ends of every level fall on every kind of instruction. */
    private static final int SHORT_SLICE = 97;
    private static final List<Mode> VMMS = List.of(Mode.SEGMENT, Mode.HYBRID, Mode.SHADOW_TRACE, Mode.SHADOW_VTLB);

    private static final Image HELLO = GuestRuns.assemble(TestData.examplesDir().resolve("hello.s"));
    private static final Image USER_SVC = GuestRuns.assemble(TestData.examplesDir().resolve("user-svc.s"));
    private static final Image PAGEKERNEL = GuestRuns.assemble(GuestRuns.bundledGuests().resolve("pagekernel.s"));

    /** Every stack of {@code depth} VMMs that {@link ModeStack} accepts. */
    static List<ModeStack> stacks(int depth) {
        List<ModeStack> out = new ArrayList<>();
        collect(depth, new ArrayList<>(), out);
        return out;
    }

    private static void collect(int depth, List<Mode> prefix, List<ModeStack> out) {
        if (prefix.size() == depth) {
            try {
                out.add(new ModeStack(prefix));
            } catch (IllegalArgumentException refused) {
                // ModeStackTest checks every refusal.
            }
            return;
        }
        for (Mode m : VMMS) {
            List<Mode> next = new ArrayList<>(prefix);
            next.add(m);
            collect(depth, next, out);
        }
    }

    private static RunReport run(Image image, RunOptions o, ModeStack stack, int slice) {
        return Runner.run(List.of(image), o.withMode(stack), slice).get(0);
    }

    @TestFactory
    Stream<DynamicTest> everyStackOfTwoAndThreeEndsTheExamplesAsNatively() {
        List<ModeStack> stacks = new ArrayList<>(stacks(2));
        stacks.addAll(stacks(3));
        assertEquals(12 + 32, stacks.size());
        RunOptions o = RunOptions.defaults(Mode.NATIVE).withMem(MEM);
        return stacks.stream().map(stack -> DynamicTest.dynamicTest(stack.cliName(), () -> {
            for (Image image : List.of(HELLO, USER_SVC)) {
                RunReport nat = GuestRuns.runNative(image, o);
                for (int slice : new int[] {TrapAndEmulateVmm.DEFAULT_SLICE, SHORT_SLICE}) {
                    RunReport stacked = run(image, o, stack, slice);
                    String what = stack + " slice " + slice;
                    assertEquivalent(what, nat, stacked);
                    assertLevels(what, stack, stacked, run(image, o, ModeStack.of(stack.innermost()), slice));
                }
            }
        }));
    }

    /**
     * A paging kernel (seven address spaces, page faults, TLB flushes, timer ticks) through two
     * and three levels of shadow page tables, and through a segment or hybrid VMM on shadow
     * paging, which refuses it exactly as the kind alone does: the guest meets only the innermost.
     */
    @TestFactory
    Stream<DynamicTest> aPagingKernelRunsThroughShadowOnShadowAndIsRefusedAsAloneElsewhere() {
        RunOptions o = RunOptions.defaults(Mode.NATIVE).withMem(PAGING_MEM);
        RunReport nat = GuestRuns.runNative(PAGEKERNEL, o);
        assertEquals(ExitKind.POWEROFF, nat.exitKind());
        List<ModeStack> stacks = new ArrayList<>(stacks(2));
        stacks.addAll(stacks(3).stream().filter(s -> s.innermost().runsVmsWithPaging()).toList());
        return stacks.stream().filter(s -> s.outermost().runsVmsWithPaging()).map(stack -> DynamicTest.dynamicTest(
                stack.cliName(), () -> {
                    RunReport stacked = run(PAGEKERNEL, o, stack, TrapAndEmulateVmm.DEFAULT_SLICE);
                    RunReport alone = run(PAGEKERNEL, o, ModeStack.of(stack.innermost()), TrapAndEmulateVmm.DEFAULT_SLICE);
                    if (stack.supportsGuestPaging()) {
                        assertEquivalent(stack.cliName(), nat, stacked);
                        assertTrue(stacked.vmm().get("hidden_faults") > 0, "a paging guest, really");
                    } else {
                        assertEquals(ExitKind.SHUTDOWN, stacked.exitKind());
                        assertEquals(List.of(), alone.differences(stacked), stacked.reason());
                        assertEquals(alone.reason(), stacked.reason());
                    }
                    assertLevels(stack.cliName(), stack, stacked, alone);
                }));
    }

    /**
     * What {@code vmm.levels} must say of a stacked run: every level, innermost first; the
     * innermost's counters are {@code vmm} and equal those of its kind alone; each level below
     * takes at least the exits of the one above (every trap of the guest reaches the hardware's
     * VMM first and goes up level by level; a shadow level adds hidden faults of its own), the
     * same number of each cause that no level converts or hides (all but the memory faults and
     * the timer), and emulates and reflects nothing: its VM runs only the vm-user code of the
     * VMM above, and every trap of that VM goes up to that VMM.
     */
    private static void assertLevels(String what, ModeStack stack, RunReport stacked, RunReport alone) {
        assertEquals(stack.cliName(), stacked.mode(), what);
        List<VmmLevel> levels = stacked.levels();
        assertEquals(stack.levels(), levels.stream().map(VmmLevel::mode).toList(), what);
        assertSame(stacked.vmm(), levels.get(0).counters(), what);
        VmmCounters inner = levels.get(0).counters();
        assertArrayEquals(alone.vmm().exits, inner.exits, what + ": the innermost VMM's exits are its own");
        assertArrayEquals(alone.vmm().emulated, inner.emulated, what);
        assertEquals(alone.vmm().reflected, inner.reflected, what);
        for (int i = 1; i < levels.size(); i++) {
            VmmCounters above = levels.get(i - 1).counters();
            VmmCounters level = levels.get(i).counters();
            String at = what + " level " + (i + 1);
            assertTrue(level.totalExits() >= above.totalExits(), at + ": " + level.totalExits() + " exits, the level "
                    + "above took " + above.totalExits());
            for (TrapCause c : TrapCause.values()) {
                if (c != TrapCause.SEGMENT && c != TrapCause.MEMORY && c != TrapCause.PAGE && c != TrapCause.TIMER) {
                    assertEquals(above.exits[c.code()], level.exits[c.code()], at + " " + c);
                }
            }
            assertEquals(0, level.totalEmulated(), at);
            assertEquals(0, level.reflected, at);
            assertEquals(0, level.get(shadowvisor.result.VmmCounter.INTERPRETED), at);
        }
    }

    @Test
    void theReportListsEveryLevelUnderVmmLevelsWithTheKeysOfVmm() {
        ModeStack stack = ModeStack.parse("segment/hybrid/shadow-vtlb");
        RunOptions o = RunOptions.defaults(stack).withMem(MEM);
        RunReport r = Runner.run(List.of(USER_SVC), o).get(0);
        assertEquals("ok!1\n", r.consoleText());
        ObjectNode json = ReportJson.toJson(r);
        assertEquals("segment/hybrid/shadow-vtlb", json.get("mode").asText());
        JsonNode vmm = json.get("vmm");
        JsonNode levels = vmm.get("levels");
        assertEquals(3, levels.size());
        assertEquals(List.of("segment", "hybrid", "shadow-vtlb"),
                List.of(levels.get(0).get("mode").asText(), levels.get(1).get("mode").asText(),
                        levels.get(2).get("mode").asText()));
        // Level 1 is vmm itself, key for key.
        ObjectNode first = levels.get(0).deepCopy();
        first.remove("mode");
        ObjectNode own = vmm.deepCopy();
        own.remove("levels");
        assertEquals(own, first);
        for (JsonNode level : levels) {
            List<String> keys = new ArrayList<>();
            level.fieldNames().forEachRemaining(keys::add);
            assertEquals(List.of("mode", "exits", "emulated", "reflected", "slice_ends"), keys.subList(0, 5),
                    level.toString());
        }
        // The guest's kernel: 4 lpsw and 6 out emulated, 4 traps reflected, all by the innermost VMM.
        assertEquals(11, levels.get(0).at("/exits/PRIVILEGED").asLong());
        assertEquals(3, levels.get(0).at("/exits/SVC").asLong());
        assertEquals(4, levels.get(0).at("/emulated/lpsw").asLong());
        assertEquals(6, levels.get(0).at("/emulated/out").asLong());
        assertEquals(4, levels.get(0).get("reflected").asLong());
        for (int i = 1; i < 3; i++) {
            assertEquals(11, levels.get(i).at("/exits/PRIVILEGED").asLong(), "every trap went up through level " + i);
            assertEquals(3, levels.get(i).at("/exits/SVC").asLong());
            assertEquals(0, levels.get(i).get("emulated").size());
            assertEquals(0, levels.get(i).get("reflected").asLong());
        }
        assertEquals(0, levels.get(1).get("interpreted").asLong(), "hybrid's own counter: its VM never runs in "
                + "vm-supervisor");
        assertTrue(levels.get(1).at("/exits/PAGE").isMissingNode(), "shadow-vtlb hid its page faults from hybrid");
        assertEquals(2, levels.get(2).at("/exits/PAGE").asLong(), "shadow-vtlb's hidden faults, its own");
        assertEquals(2, levels.get(2).get("hidden_faults").asLong());
    }

    @Test
    void aVmmAloneAndNativeHaveNoLevels() {
        for (ModeStack m : ModeStack.singles()) {
            RunReport r = Runner.run(List.of(HELLO), RunOptions.defaults(m).withMem(MEM)).get(0);
            assertEquals(List.of(), r.levels(), m.cliName());
            JsonNode vmm = ReportJson.toJson(r).get("vmm");
            assertTrue(vmm == null || !vmm.has("levels"), m.cliName());
        }
    }

    @Test
    void eachLevelGivesItsVmWhatTheLevelInsideNeedsInWholePages() {
        int segmentNeeds = SegmentVmm.hostWords(MEM);
        assertArrayEquals(new int[] {segmentNeeds}, Runner.levelWords(ModeStack.parse("segment"), 1, MEM));
        int vm2 = roundUp(segmentNeeds);
        int vm3 = roundUp(SegmentVmm.hostWords(vm2));
        assertArrayEquals(new int[] {segmentNeeds, SegmentVmm.hostWords(vm2), SegmentVmm.hostWords(vm3)},
                Runner.levelWords(ModeStack.parse("segment/segment/segment"), 1, MEM));
        // Two guests: the innermost VMM's region holds both; a shadow level below gets whole pages.
        int two = SegmentVmm.hostWords(MEM, MEM);
        assertArrayEquals(new int[] {two, ShadowVmm.hostWords(roundUp(two))},
                Runner.levelWords(ModeStack.parse("hybrid/shadow-trace"), 2, MEM));
        int odd = 5000;
        int[] words = Runner.levelWords(ModeStack.parse("segment/shadow-vtlb"), 1, odd);
        assertEquals(SegmentVmm.hostWords(odd), words[0]);
        assertEquals(ShadowVmm.hostWords(roundUp(words[0])), words[1], "rounded, or shadow-vtlb would refuse it");
    }

    private static int roundUp(int words) {
        return (words + 1023) / 1024 * 1024;
    }

    @Test
    void aStackTooLargeForAHostIsAUsageErrorBeforeAnythingRuns() {
        ModeStack stack = ModeStack.parse("segment/segment");
        // The innermost VMM fits a host, but the VM that holds it, rounded to pages, does not.
        String rounded = assertThrows(IllegalArgumentException.class, () -> Runner.levelWords(stack, 1,
                TrapAndEmulateVmm.MAX_HOST_WORDS - 1500)).getMessage();
        assertTrue(rounded.startsWith("mode segment/segment: level 2 (segment) needs a VM of 2147483648 words"), rounded);
        // The VM fits, but the level below does not fit a host with it.
        String below = assertThrows(IllegalArgumentException.class, () -> Runner.run(List.of(HELLO),
                RunOptions.defaults(stack).withMem(TrapAndEmulateVmm.MAX_HOST_WORDS - 3000))).getMessage();
        assertTrue(below.startsWith("mode segment/segment, level 2 (segment): "), below);
        for (String why : List.of(rounded, below)) {
            assertTrue(why.contains("less --mem"), why);
            assertFalse(why.contains("\n"), why);
        }
        assertThrows(IllegalArgumentException.class, () -> Runner.run(List.of(HELLO),
                RunOptions.defaults(ModeStack.parse("shadow-vtlb/shadow-trace")).withMem(1500)), "whole pages");
    }

    @Test
    void severalProgramsAreSeveralVmsOfTheInnermostVmm() {
        ModeStack stack = ModeStack.parse("segment/shadow-vtlb");
        RunOptions o = RunOptions.defaults(stack).withMem(MEM);
        List<RunReport> reports = Runner.run(List.of(HELLO, USER_SVC), o, SHORT_SLICE);
        assertEquivalent("vm1", GuestRuns.runNative(HELLO, o), reports.get(0));
        assertEquivalent("vm2", GuestRuns.runNative(USER_SVC, o), reports.get(1));
        VmmCounters below = reports.get(0).levels().get(1).counters();
        assertSame(below, reports.get(1).levels().get(1).counters(), "one VM below serves both guests");
        assertTrue(below.totalExits() >= reports.get(0).vmm().totalExits() + reports.get(1).vmm().totalExits());
    }

    @Test
    void theLoadGoesBesideTheInnermostGuestAndTheLimitCountsItsInstructions() {
        Image kernel = GuestRuns.assemble("flat.s", """
                        .org 16
                _start: add  r4, r2, r3
                        jalr r0, r4, 0
                """);
        Image hi = GuestRuns.assemble("hi.s", """
                        .word 0xDEAD
                _start: li   r1, 'h'
                        out  r1, CONSOLE
                        li   r1, 'i'
                        out  r1, CONSOLE
                        halt
                """);
        RunOptions o = RunOptions.defaults(Mode.NATIVE).withMem(MEM).withLoad(new Load(0x8000, hi));
        RunReport nat = GuestRuns.runNative(kernel, o);
        assertEquals("hi", nat.consoleText());
        for (String stack : List.of("segment/segment", "hybrid/shadow-trace/shadow-vtlb")) {
            assertEquivalent(stack, nat, run(kernel, o, ModeStack.parse(stack), SHORT_SLICE));
        }
        RunOptions limited = RunOptions.defaults(Mode.NATIVE).withMem(MEM).withLimit(30);
        RunReport natLimited = GuestRuns.runNative(USER_SVC, limited);
        assertEquals(ExitKind.LIMIT, natLimited.exitKind());
        assertEquivalent("limit", natLimited, run(USER_SVC, limited, ModeStack.parse("segment/segment/segment"),
                SHORT_SLICE));
    }
}
