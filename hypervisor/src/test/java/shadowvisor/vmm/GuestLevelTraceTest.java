package shadowvisor.vmm;

import shadowvisor.result.VmmCounter;
import shadowvisor.result.VmmCounters;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.eclipse.collections.api.list.primitive.MutableIntList;
import org.eclipse.collections.impl.list.mutable.primitive.IntArrayList;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import shadowvisor.machine.CpuTrace;
import shadowvisor.machine.ExitKind;
import shadowvisor.machine.TrapCause;
import shadowvisor.machine.image.Image;
import shadowvisor.mode.Mode;
import shadowvisor.mode.ModeStack;
import shadowvisor.run.RunOptions;
import shadowvisor.result.RunReport;
import shadowvisor.run.Runner;
import shadowvisor.result.VmmLevel;
import shadowvisor.testdata.TestData;
import shadowvisor.vmm.segment.GuestRuns;

/**
 * The guest-level trace and the VMM's events (issue 12, point 2). For every bundled guest and
 * example in every mode, alone and stacked: the trace of a VMM run, its event lines set aside,
 * is the native trace record for record (same retired count, PC and word per instruction; same
 * cause, value, detail and saved PC per trap the guest sees), so that {@code diff} of the two
 * printed traces shows only the VMM's lines. And the events add up to the counters: as many
 * {@code emulate} events as {@code emulated}, {@code reflect} as {@code reflected}, and so on per
 * kind, at every level of a stack; every exit cause counted has events that carry it.
 */
class GuestLevelTraceTest {
    private static final List<ModeStack> MODES = List.of(ModeStack.of(Mode.SEGMENT), ModeStack.of(Mode.HYBRID),
            ModeStack.of(Mode.SHADOW_TRACE), ModeStack.of(Mode.SHADOW_VTLB), ModeStack.parse("segment/shadow-vtlb"),
            ModeStack.parse("hybrid/segment"), ModeStack.parse("shadow-vtlb/shadow-trace"));
    /** Guests that retire more than this are traced only in part: the trace of their first instructions. */
    private static final long TRACE_LIMIT = 2_000_000;

    /** A trace as a flat list of ints, records tagged 0 (instruction) and 1 (trap). */
    static final class Recorder implements CpuTrace {
        final MutableIntList records = new IntArrayList();

        @Override
        public void retired(long count, int pc, int word) {
            records.addAll(0, (int) count, (int) (count >>> 32), pc, word);
        }

        @Override
        public void trap(int cause, int value, int detail, int savedPc, boolean delivered) {
            records.addAll(1, cause, value, detail, savedPc, delivered ? 1 : 0);
        }
    }

    /** Every event, by level and kind. */
    static final class EventLog implements VmmEventListener {
        final List<VmmEvent> events = new ArrayList<>();

        @Override
        public void event(VmmEvent e) {
            events.add(e);
        }

        Map<VmmEvent.Kind, Long> counts(int level) {
            Map<VmmEvent.Kind, Long> m = new EnumMap<>(VmmEvent.Kind.class);
            for (VmmEvent.Kind k : VmmEvent.Kind.values()) {
                m.put(k, 0L);
            }
            for (VmmEvent e : events) {
                if (e.level() == level) {
                    m.merge(e.kind(), 1L, Long::sum);
                }
            }
            return m;
        }
    }

    private static List<Path> guests() {
        List<Path> all = new ArrayList<>(GuestRuns.plainGuests(GuestRuns.bundledGuests()));
        all.addAll(GuestRuns.plainGuests(TestData.examplesDir()));
        return all;
    }

    @TestFactory
    Stream<DynamicTest> everyGuestInEveryMode() {
        List<DynamicTest> tests = new ArrayList<>();
        for (Path guest : guests()) {
            Image image = GuestRuns.assemble(guest);
            tests.add(DynamicTest.dynamicTest(guest.getFileName().toString(), () -> check(guest, image)));
        }
        assertFalse(tests.isEmpty());
        return tests.stream();
    }

    private static void check(Path guest, Image image) {
        RunOptions base = RunOptions.defaults(Mode.NATIVE).withLimit(TRACE_LIMIT);
        Recorder nativeTrace = new Recorder();
        RunReport nat = Runner.run(List.of(image), base.withTrace(nativeTrace)).get(0);
        for (ModeStack mode : MODES) {
            String what = guest.getFileName() + " under " + mode.cliName();
            Recorder trace = new Recorder();
            EventLog log = new EventLog();
            RunReport vmm = Runner.run(List.of(image), base.withMode(mode).withTrace(trace).withEvents(log)).get(0);
            assertEventsAddUp(what, vmm, log);
            if (nat.differences(vmm).isEmpty()) {
                assertSameTrace(what, nativeTrace.records, trace.records);
            } else {
                // Only a refusal may differ (segment refuses a paging guest): then the trace is a prefix.
                assertEquals(ExitKind.SHUTDOWN, vmm.exitKind(), what + ": differs from native without a shutdown");
                assertSamePrefix(what, nativeTrace.records, trace.records);
            }
        }
    }

    private static void assertEventsAddUp(String what, RunReport r, EventLog log) {
        List<VmmLevel> levels = r.levels().isEmpty() ? List.of(new VmmLevel(Mode.NATIVE, r.vmm())) : r.levels();
        for (int i = 0; i < levels.size(); i++) {
            VmmCounters c = levels.get(i).counters();
            Map<VmmEvent.Kind, Long> n = log.counts(i + 1);
            String at = what + ", level " + (i + 1) + ": ";
            assertEquals(c.totalEmulated(), n.get(VmmEvent.Kind.EMULATE), at + "emulate events = emulated");
            assertEquals(c.reflected, n.get(VmmEvent.Kind.REFLECT), at + "reflect events = reflected");
            assertEquals(c.get(VmmCounter.HIDDEN_FAULTS), n.get(VmmEvent.Kind.HIDDEN_FAULT), at + "hidden = hidden_faults");
            assertEquals(c.get(VmmCounter.TRUE_FAULTS), n.get(VmmEvent.Kind.TRUE_FAULT), at + "true = true_faults");
            assertEquals(c.get(VmmCounter.PT_WRITES_EMULATED), n.get(VmmEvent.Kind.WRITE_PROTECT),
                    at + "wp = pt_writes_emulated");
            assertEquals(c.get(VmmCounter.SYNCS), n.get(VmmEvent.Kind.SHADOW_SYNC), at + "sync = syncs");
            assertEquals(c.get(VmmCounter.SHADOW_PAGES_DROPPED), n.get(VmmEvent.Kind.SHADOW_DROP),
                    at + "drop = shadow_pages_dropped");
            assertEquals(c.exits[TrapCause.TIMER.code()], n.get(VmmEvent.Kind.TICK), at + "tick = exits.TIMER");
            assertEquals(c.sliceEnds, n.get(VmmEvent.Kind.SLICE_END), at + "slice = slice ends");
            assertEquals(c.get(VmmCounter.FORWARDED), n.get(VmmEvent.Kind.FORWARD), at + "forward = forwarded");
            for (TrapCause cause : TrapCause.values()) {
                int level = i + 1;
                boolean seen = log.events.stream().anyMatch(e -> e.level() == level && e.exitCause() == cause.code());
                long exits = c.exits[cause.code()] + (cause == TrapCause.TIMER ? c.sliceEnds : 0);
                assertEquals(exits > 0, seen, at + "events carry exit cause " + cause);
            }
        }
        long shutdowns = log.events.stream().filter(e -> e.level() == 1 && e.kind() == VmmEvent.Kind.SHUTDOWN).count();
        assertEquals(r.exitKind() == ExitKind.SHUTDOWN ? 1 : 0, shutdowns, what + ": one shutdown event per shutdown");
    }

    private static void assertSameTrace(String what, MutableIntList expected, MutableIntList actual) {
        int at = firstDifference(expected, actual);
        if (at >= 0 || expected.size() != actual.size()) {
            fail(what + ": the guest-level trace differs from the native trace at int " + at + " of "
                    + expected.size() + "/" + actual.size());
        }
    }

    private static void assertSamePrefix(String what, MutableIntList expected, MutableIntList actual) {
        int at = firstDifference(expected, actual);
        assertTrue(at < 0, () -> what + ": the trace before the refusal differs from native at int " + at);
    }

    /** The first index where both lists have values that differ, or -1. */
    private static int firstDifference(MutableIntList a, MutableIntList b) {
        int n = Math.min(a.size(), b.size());
        for (int i = 0; i < n; i++) {
            if (a.get(i) != b.get(i)) {
                return i;
            }
        }
        return -1;
    }

    @Test
    void aTraceCountsEmulatedInstructionsAsTheNativeMachineDoes() {
        // hello.s writes its text with `out`, privileged: every one is emulated under segment.
        Image hello = GuestRuns.assemble(TestData.examplesDir().resolve("hello.s"));
        Recorder n = new Recorder();
        Recorder s = new Recorder();
        RunOptions o = RunOptions.defaults(Mode.NATIVE);
        RunReport nat = Runner.run(List.of(hello), o.withTrace(n)).get(0);
        RunReport seg = Runner.run(List.of(hello), o.withMode(Mode.SEGMENT).withTrace(s)).get(0);
        assertTrue(seg.vmm().totalEmulated() > 0, "hello.s emulates its output");
        assertEquals(nat.instructions() * 5, s.records.size(), "one record per retired instruction, no trap");
        assertSameTrace("hello.s", n.records, s.records);
    }
}
