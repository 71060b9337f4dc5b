package shadowvisor.debug;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import shadowvisor.asm.Assembler;
import shadowvisor.asm.AssemblyResult;
import shadowvisor.machine.ExitKind;
import shadowvisor.machine.TrapCause;
import shadowvisor.machine.memory.PhysicalMemory;
import shadowvisor.machine.paging.PageWalker;
import shadowvisor.machine.paging.Pte;
import shadowvisor.mode.ModeStack;
import shadowvisor.run.RunOptions;
import shadowvisor.result.RunReport;
import shadowvisor.run.Runner;
import shadowvisor.testdata.TestData;
import shadowvisor.result.VmmCounter;
import shadowvisor.vmm.VmmEvent;
import shadowvisor.vmm.shadow.ShadowVmm;

/**
 * The debugger's engine: a step is one retired instruction or one delivery in every mode, so
 * stepping natively and under every VMM passes through the same states; event breakpoints stop
 * after the VMM's decision; looking at a guest (its translations, the shadows) changes nothing.
 */
class DebuggerTest {
    private static final int MEM = 128 * 1024;

    private static AssemblyResult bundled(String name) {
        AssemblyResult r = Assembler.assembleFile(TestData.repositoryRoot()
                .resolve("guest-kernels/src/main/resources/guests").resolve(name));
        assertTrue(r.ok(), r::formattedDiagnostics);
        return r;
    }

    private static Debugger start(AssemblyResult program, String mode) {
        return Debugger.start(List.of(program.image()), RunOptions.defaults(ModeStack.parse(mode)).withMem(MEM));
    }

    /** One state a step stops at: guest time, PC, PSW flags and every register. */
    private record Point(long retired, int pc, int flags, List<Integer> registers) {
        static Point of(DebugTarget t) {
            List<Integer> regs = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                regs.add(t.register(i));
            }
            return new Point(t.retired(), t.psw().pc(), t.psw().flags(), regs);
        }
    }

    /** Steps {@code n} at a time to the guest's end, and returns every stop. */
    private static List<Point> walk(Debugger d, long n) {
        List<Point> points = new ArrayList<>();
        points.add(Point.of(d.target()));
        for (int guard = 0; d.target().end() == null; guard++) {
            assertTrue(guard < 1_000_000, "the guest does not end");
            d.step(n);
            points.add(Point.of(d.target()));
        }
        return points;
    }

    static Stream<Arguments> stepped() {
        List<Arguments> cases = new ArrayList<>();
        for (String mode : List.of("segment", "hybrid", "shadow-trace", "shadow-vtlb", "segment/segment",
                "shadow-trace/shadow-vtlb")) {
            cases.add(Arguments.of("user-svc.s", mode, 1L));
            cases.add(Arguments.of("segkernel.s", mode, 997L));
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} under {1}, {2} at a time")
    @MethodSource("stepped")
    void steppingPassesThroughTheNativeStatesInEveryMode(String guest, String mode, long n) {
        AssemblyResult program = bundled(guest);
        Debugger natively = start(program, "native");
        Debugger virtualized = start(program, mode);
        List<Point> expected = walk(natively, n);
        List<Point> actual = walk(virtualized, n);
        assertEquals(expected.size(), actual.size(), "steps to the end");
        for (int i = 0; i < expected.size(); i++) {
            assertEquals(expected.get(i), actual.get(i), "stop " + i);
        }
        assertEquals(natively.target().end(), virtualized.target().end());
    }

    @ParameterizedTest
    @ValueSource(strings = {"native", "segment", "hybrid", "shadow-vtlb"})
    void steppingAnSvcStopsAtTheHandlerItsMemOneNames(String mode) {
        AssemblyResult program = bundled("user-svc.s");
        Debugger d = start(program, mode);
        int trap = program.labels().get("trap");
        Stop stop = null;
        while (d.target().psw().supervisor()) {
            stop = d.step(1); // the kernel's setup, up to and across its emulated lpsw
        }
        assertEquals(0, d.target().psw().pc(), "the user program starts at 0 of its segment");
        long retired = d.target().retired();
        d.step(1); // li r1, 'o'
        stop = d.step(1); // svc 1
        assertEquals(new Stop.Stepped(1, true), stop);
        assertEquals(trap, d.target().psw().pc());
        assertTrue(d.target().psw().supervisor());
        assertEquals(retired + 1, d.target().retired(), "the svc does not retire");
        assertEquals(TrapCause.SVC.code(), d.target().memory().read(8));
    }

    @Test
    void anEventBreakpointStopsOnceTheVmmHasDecided() {
        Debugger d = start(bundled("user-svc.s"), "segment");
        Breakpoint.OnEvent b = d.breakOnEvent(EnumSet.of(VmmEvent.Kind.EMULATE), false, null, "emulate");
        Stop stop = d.resume();
        Stop.AtEvent at = assertInstanceOf(Stop.AtEvent.class, stop);
        assertEquals(b, at.breakpoint());
        assertEquals("emulated lpsw", at.event().decision());
        assertFalse(d.target().psw().supervisor(), "the lpsw was emulated before the stop: the guest is in user mode");
        assertEquals(at.event(), d.events().last(1).get(0));
    }

    @Test
    void anExitCauseNarrowsAnEventBreakpoint() {
        Debugger d = start(bundled("user-svc.s"), "segment");
        d.breakOnEvent(EnumSet.allOf(VmmEvent.Kind.class), true, TrapCause.SVC, "exit SVC");
        Stop.AtEvent at = assertInstanceOf(Stop.AtEvent.class, d.resume());
        assertEquals(TrapCause.SVC.code(), at.event().exitCause());
        assertEquals(VmmEvent.Kind.REFLECT, at.event().kind());
    }

    @Test
    void eventBreakpointsNeedAVmm() {
        Debugger d = start(bundled("hello.s"), "native");
        assertThrows(IllegalArgumentException.class,
                () -> d.breakOnEvent(EnumSet.of(VmmEvent.Kind.REFLECT), false, null, "reflect"));
    }

    @Test
    void aCodeBreakpointStopsBeforeItsInstructionAndContinueStepsOverIt() {
        AssemblyResult program = bundled("user-svc.s");
        Debugger d = start(program, "segment");
        int trap = program.labels().get("trap");
        d.breakAt(trap);
        assertEquals(new Stop.AtBreakpoint(new Breakpoint.Code(1, trap)), d.resume());
        assertEquals(trap, d.target().psw().pc());
        long retired = d.target().retired();
        assertInstanceOf(Stop.AtBreakpoint.class, d.resume(), "the next trap reaches the handler again");
        assertTrue(d.target().retired() > retired);
    }

    @Test
    void aWatchStopsAtTheInstructionThatChangedTheWord() {
        AssemblyResult program = bundled("user-svc.s");
        Debugger d = start(program, "shadow-trace");
        Breakpoint.Watch w = d.watch(0x1001);
        Stop.WatchChanged c = assertInstanceOf(Stop.WatchChanged.class, d.resume());
        assertEquals(w, c.watch());
        assertEquals(0, c.oldValue());
        assertEquals(word(program, program.labels().get("user") + 1), c.newValue());
        assertEquals(c.newValue(), d.target().memory().read(0x1001));
    }

    private static int word(AssemblyResult program, int address) {
        PhysicalMemory m = new PhysicalMemory(MEM);
        new shadowvisor.machine.image.Boot(program.image()).placeInto(m);
        return m.read(address);
    }

    @Test
    void aGuestThatEndedDoesNotRunAndSaysHowItEnded() {
        Debugger d = start(bundled("hello.s"), "native");
        Stop.Ended end = assertInstanceOf(Stop.Ended.class, d.resume());
        assertEquals(new GuestEnd(ExitKind.POWEROFF, 7, null), end.end());
        assertThrows(IllegalStateException.class, () -> d.step(1));
    }

    @Test
    void theLimitEndsTheGuestWhereRunWouldEndIt() {
        AssemblyResult program = bundled("user-svc.s");
        for (String mode : List.of("native", "segment")) {
            Debugger d = Debugger.start(List.of(program.image()),
                    RunOptions.defaults(ModeStack.parse(mode)).withMem(MEM).withLimit(40));
            Stop.Ended end = assertInstanceOf(Stop.Ended.class, d.resume(), mode);
            assertEquals(ExitKind.LIMIT, end.end().kind());
            assertEquals(40, d.target().retired(), mode);
        }
    }

    @Test
    void severalVmsRunOneAtATime() {
        AssemblyResult program = bundled("user-svc.s");
        Debugger d = Debugger.start(List.of(program.image(), program.image()),
                RunOptions.defaults(ModeStack.parse("segment")).withMem(MEM));
        d.step(10);
        assertEquals(10, d.targets().get(0).retired());
        assertEquals(0, d.targets().get(1).retired());
        d.select(2);
        assertInstanceOf(Stop.Ended.class, d.resume());
        assertEquals(10, d.targets().get(0).retired(), "vm1 waits while vm2 runs");
        assertThrows(IllegalArgumentException.class, () -> d.select(3));
    }

    @Test
    void translationsProbeWithoutSettingAccessedOrDirtyBits() {
        AssemblyResult program = bundled("pagekernel.s");
        Debugger d = start(program, "native");
        d.breakAt(program.labels().get("heap_touch"));
        assertInstanceOf(Stop.AtBreakpoint.class, d.resume());
        DebugTarget t = d.target();
        String before = PhysicalMemory.sha256(t.memory(), 0, t.memory().size());
        int clean = 0;
        for (int va = 0; va < 0x200000; va += Pte.PAGE_WORDS) {
            for (int mode : new int[] {0, TrapCause.ACC_U}) {
                GuestTranslation write = t.translate(va, TrapCause.ACC_W | mode);
                GuestTranslation any = t.translate(va, mode);
                if (write.ok() && (write.pte() & Pte.D) == 0
                        || any.ok() && ((any.pte() & Pte.A) == 0 || (any.pde() & Pte.A) == 0)) {
                    clean++; // a walk that set bits would have changed this entry
                }
            }
            GuestTranslation read = t.translate(va);
            if (read.ok()) {
                PageWalker w = new PageWalker();
                assertTrue(w.walk(t.memory(), t.ptbr(), t.psw().b() + va, TrapCause.ACC_U, false));
                assertEquals(w.pa, read.pa());
                assertEquals(w.pteAddress, read.pteAddress());
            }
        }
        assertTrue(clean > 0, "no probed entry could have been changed: the test would prove nothing");
        assertEquals(before, PhysicalMemory.sha256(t.memory(), 0, t.memory().size()));
    }

    @Test
    void aSegmentFaultComesBeforeAnyWalk() {
        Debugger d = start(bundled("user-svc.s"), "native");
        GuestTranslation t = d.target().translate(MEM + 5);
        assertEquals(TrapCause.SEGMENT, t.faultCause());
        assertEquals(-1, t.pdeAddress());
    }

    @ParameterizedTest
    @ValueSource(strings = {"shadow-trace", "shadow-vtlb"})
    void aShadowProbeReadsTheShadowsAndBuildsNothing(String mode) {
        AssemblyResult program = bundled("pagekernel.s");
        Debugger d = start(program, mode);
        d.breakAt(program.labels().get("heap_touch") + 1);
        assertInstanceOf(Stop.AtBreakpoint.class, d.resume());
        VmTarget t = (VmTarget) d.target();
        ShadowVmm vmm = (ShadowVmm) t.vmm();
        Map<String, Long> countersBefore = t.vm().counters().extraNames().stream()
                .collect(java.util.stream.Collectors.toMap(n -> n, n -> t.vm().counters().get(n)));
        int va = 0x140011; // the heap word heap_touch has just read, through a freshly filled shadow entry
        ShadowProbe p = ShadowProbe.of(vmm, t.vm(), t.translate(va));
        assertTrue(p.rootBuilt() && p.active() && p.mapped());
        PageWalker w = new PageWalker();
        assertTrue(w.walk(t.memory(), t.ptbr(), va, TrapCause.ACC_U, false));
        assertEquals(vmm.physicalMapOf(t.vm()).hpa(w.pa), p.shadowHpa());
        assertEquals(p.hpa(), p.shadowHpa());
        assertNull(vmm.shadowsOf(t.vm()).find(0x3FC00, false), "no root for a page directory never used");
        ShadowProbe other = ShadowProbe.of(vmm, t.vm(), t.translate(0x1FFC00));
        assertNotNull(other);
        Map<String, Long> countersAfter = t.vm().counters().extraNames().stream()
                .collect(java.util.stream.Collectors.toMap(n -> n, n -> t.vm().counters().get(n)));
        assertEquals(countersBefore, countersAfter, "probing built, dropped or cached nothing");
        assertTrue(countersBefore.containsKey(VmmCounter.ROOT_CACHE_MISSES.jsonName()));
    }

    @Test
    void theEventLogKeepsTheLastEventsInOrder() {
        EventLog log = new EventLog(3);
        for (int i = 0; i < 5; i++) {
            log.record(new VmmEvent(i, 1, 1, 0, VmmEvent.Kind.SLICE_END, -1, 0, 0, "slice end"));
        }
        assertEquals(5, log.recorded());
        assertEquals(List.of(3L, 4L), log.last(2).stream().map(VmmEvent::retired).toList());
        assertEquals(List.of(2L, 3L, 4L), log.last(10).stream().map(VmmEvent::retired).toList());
    }

    @Test
    void aPreparedRunRunsAsRunRunsIt() {
        AssemblyResult program = bundled("user-svc.s");
        RunOptions o = RunOptions.defaults(ModeStack.parse("segment/shadow-vtlb")).withMem(MEM);
        RunReport direct = Runner.run(List.of(program.image()), o).get(0);
        var prepared = Runner.prepare(List.of(program.image()), o, shadowvisor.vmm.TrapAndEmulateVmm.DEFAULT_SLICE);
        prepared.vmm().run();
        RunReport viaPrepare = prepared.reports().get(0);
        assertEquals(List.of(), direct.differences(viaPrepare));
        assertEquals(2, viaPrepare.levels().size());
        for (int i = 0; i < 2; i++) {
            assertEquals(direct.levels().get(i).mode(), viaPrepare.levels().get(i).mode());
            assertEquals(direct.levels().get(i).counters().totalExits(), viaPrepare.levels().get(i).counters().totalExits());
        }
    }
}
