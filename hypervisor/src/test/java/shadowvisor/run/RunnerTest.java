package shadowvisor.run;

import shadowvisor.mode.Mode;
import shadowvisor.result.RunReport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import shadowvisor.machine.ExitKind;
import shadowvisor.machine.image.Image;
import shadowvisor.machine.isa.Encoding;
import shadowvisor.machine.isa.Opcode;
import shadowvisor.vmm.segment.SegmentVmm;

/** The run entry point's dispatch on the mode and its usage errors: one line each, never a stack trace's worth. */
class RunnerTest {
    /** {@code halt} at 16. */
    private static final Image HALT = new Image(16,
            List.of(new Image.Chunk(16, new int[] {Encoding.encode(Opcode.HALT.code(), 0, 0, 0, 0)})));

    private static RunOptions small(Mode mode) {
        return RunOptions.defaults(mode).withMem(64);
    }

    private static void assertUsageError(String fragment, Runnable run) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, run::run);
        assertTrue(e.getMessage().contains(fragment), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), "one line: " + e.getMessage());
    }

    @Test
    void nativeRunsOneProgram() {
        RunReport r = Runner.run(List.of(HALT), small(Mode.NATIVE)).get(0);
        assertEquals("native", r.mode());
        assertEquals(ExitKind.HALT, r.exitKind());
        assertNull(r.vmm());
    }

    @Test
    void nativeRefusesSeveralPrograms() {
        assertUsageError("exactly one program", () -> Runner.run(List.of(HALT, HALT), small(Mode.NATIVE)));
    }

    @Test
    void segmentRunsEachProgramInItsVm() {
        List<RunReport> r = Runner.run(List.of(HALT, HALT, HALT), small(Mode.SEGMENT));
        assertEquals(3, r.size());
        for (RunReport each : r) {
            assertEquals("segment", each.mode());
            assertEquals(ExitKind.HALT, each.exitKind());
            assertEquals(1, each.instructions());
            assertEquals(1, each.vmm().emulatedByMnemonic().get("halt"));
            assertEquals(64, each.memoryWords());
        }
    }

    @Test
    void thereMustBeAProgram() {
        assertUsageError("no program", () -> Runner.run(List.of(), small(Mode.SEGMENT)));
    }

    @Test
    void memoryBelowSixteenWordsIsAUsageError() {
        assertUsageError("at least 16 words", () -> Runner.run(List.of(HALT), small(Mode.SEGMENT).withMem(15)));
    }

    @Test
    void anImageLargerThanMemsizeIsAUsageError() {
        assertUsageError("the image needs 17 words", () -> Runner.run(List.of(HALT), small(Mode.SEGMENT).withMem(16)));
    }

    @Test
    void hostMemoryPast2to31WordsIsAUsageError() {
        assertUsageError("host memory", () -> SegmentVmm.hostWords(Integer.MAX_VALUE / 2, Integer.MAX_VALUE / 2, 5));
        assertUsageError("host memory", () -> Runner.run(List.of(HALT, HALT), small(Mode.SEGMENT)
                .withMem(Integer.MAX_VALUE - 100)));
    }

    @Test
    void aZeroLimitStopsBeforeTheFirstInstruction() {
        RunReport r = Runner.run(List.of(HALT), small(Mode.SEGMENT).withLimit(0)).get(0);
        assertEquals(ExitKind.LIMIT, r.exitKind());
        assertEquals(0, r.instructions());
        assertEquals(124, r.status());
    }

    @Test
    void theRunStatusIsTheFirstNonZero() {
        assertEquals(0, Runner.exitStatus(Runner.run(List.of(HALT, HALT), small(Mode.SEGMENT))));
    }

    /** A live console that counts the flushes that came after its first byte. */
    static final class FlushCountingSink extends java.io.ByteArrayOutputStream {
        int flushesAfterOutput;

        @Override
        public void flush() {
            if (size() > 0) {
                flushesAfterOutput++;
            }
        }
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.EnumSource(Mode.class)
    void aPartialConsoleLineReachesTheTerminalWhileTheGuestStillRuns(Mode mode) {
        // "A" with no newline, then a loop to the limit: the byte must not wait for the end of the run.
        Image image = shadowvisor.asm.Assembler.assembleString("prompt.s", """
                        .org 16
                _start: li   r1, 'A'
                        out  r1, CONSOLE
                loop:   addi r2, r2, 1
                        j    loop
                """).image();
        FlushCountingSink sink = new FlushCountingSink();
        long limit = 3 * NativeRunner.CONSOLE_FLUSH_INTERVAL;
        RunReport r = Runner.run(List.of(image), RunOptions.defaults(mode).withMem(1024).withLimit(limit)
                .withLiveConsole(sink)).get(0);
        assertEquals(ExitKind.LIMIT, r.exitKind());
        assertEquals(limit, r.instructions());
        assertEquals("A", sink.toString());
        assertTrue(sink.flushesAfterOutput >= 3, "flushed during the run, not only at its end: " + sink.flushesAfterOutput);
    }
}
