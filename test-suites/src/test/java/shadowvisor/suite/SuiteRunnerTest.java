package shadowvisor.suite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import shadowvisor.machine.ExitKind;
import shadowvisor.machine.Psw;
import shadowvisor.run.Mode;
import shadowvisor.run.RunReport;
import shadowvisor.run.TlbStats;

/**
 * The runner's own verdicts, on small suites written here: that a failing check, a wrong exit,
 * a missing refusal, an assembly error, a difference from native and a hung run each come out
 * as {@code not ok} with the reason on a {@code #} line, and that the TAP text does not depend
 * on the number of jobs.
 */
class SuiteRunnerTest {
    private static final String GOOD = """
                    .include "lib/report.s"
            main:   li   r1, 5
                    check_eqi "five", r1, 5
                    summary
            """;
    private static final String BAD = """
                    .include "lib/report.s"
            main:   li   r1, 5
                    check_eqi "wrong on purpose", r1, 6
                    check_eqi "right", r1, 5
                    summary
            """;
    private static final String PAGING = """
                    .include "lib/report.s"
                    .include "lib/paging.s"
            main:   call pg_setup
                    check_eqi "paging on", r0, 0
                    summary
            """;

    @TempDir
    Path dir;

    @Test
    void tapNamesFailingChecksAndTheWrongExit() throws IOException {
        SuiteRunner runner = runner("""
                {"tests": [
                  {"name": "good", "file": "good.s", "mem": 4096, "modes": ["native", "segment"]},
                  {"name": "bad", "file": "bad.s", "mem": 4096, "modes": ["native", "segment"]}]}
                """);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int status = runner.runTap(SuiteOptions.DEFAULTS.withJobs(2), new PrintStream(bytes, true, StandardCharsets.UTF_8));
        String tap = bytes.toString(StandardCharsets.UTF_8);
        assertEquals(1, status);
        assertEquals("""
                TAP version 13
                1..4
                ok 1 - good [native]
                ok 2 - good [segment]
                not ok 3 - bad [native] - FAIL: wrong on purpose
                # FAIL: wrong on purpose
                #   got 0x00000005, want 0x00000006
                # expected exit poweroff 0, got poweroff 1 after %d instructions
                not ok 4 - bad [segment] - FAIL: wrong on purpose
                # FAIL: wrong on purpose
                #   got 0x00000005, want 0x00000006
                # expected exit poweroff 0, got poweroff 1 after %d instructions
                # 2 ok, 2 not ok, 0 skipped
                """.formatted(instructions(tap, 3), instructions(tap, 4)), tap);
    }

    @Test
    void refusalIsCheckedNotSkipped() throws IOException {
        SuiteRunner runner = runner("""
                {"tests": [
                  {"name": "paging", "file": "paging.s", "mem": 65536,
                   "modes": ["native"], "expect_refused": ["segment"]},
                  {"name": "flat", "file": "good.s", "mem": 4096,
                   "modes": ["native"], "expect_refused": ["segment"]}]}
                """);
        List<SuiteOutcome> outcomes = runner.run(SuiteOptions.DEFAULTS.withModes(List.of(Mode.SEGMENT)), null);
        assertEquals(2, outcomes.size());
        assertTrue(outcomes.get(0).ok(), () -> String.join("\n", outcomes.get(0).diagnostics()));
        assertTrue(outcomes.get(0).diagnostics().get(0).startsWith("refused as expected: "));
        assertEquals(SuiteOutcome.Status.NOT_OK, outcomes.get(1).status());
        assertTrue(outcomes.get(1).exitProblem().startsWith("expected mode segment to refuse the guest"),
                outcomes.get(1).exitProblem());
    }

    @Test
    void assemblyErrorsAreTheVerdict() throws IOException {
        Files.writeString(dir.resolve("broken.s"), "        .include \"lib/report.s\"\nmain:   j nowhere\n");
        SuiteRunner runner = runner("""
                {"tests": [{"name": "broken", "file": "broken.s", "mem": 4096, "modes": ["native"]}]}
                """);
        SuiteOutcome o = runner.run(runner.plan(SuiteOptions.DEFAULTS).get(0));
        assertEquals(SuiteOutcome.Status.NOT_OK, o.status());
        assertTrue(String.join("\n", o.diagnostics()).contains("broken.s:2:"), String.join("\n", o.diagnostics()));
    }

    @Test
    void aRunPastTheTimeoutIsNotOkAndTheRestCarryOn() throws IOException {
        SuiteRunner runner = runner("""
                {"tests": [{"name": "good", "file": "good.s", "mem": 4096, "modes": ["native", "segment"]}]}
                """);
        List<SuiteOutcome> outcomes = runner.run(SuiteOptions.DEFAULTS.withTimeout(Duration.ofNanos(1)), null);
        assertEquals(2, outcomes.size());
        for (SuiteOutcome o : outcomes) {
            assertEquals(SuiteOutcome.Status.NOT_OK, o.status());
            assertTrue(o.diagnostics().get(0).startsWith("timed out"), o.diagnostics().get(0));
        }
    }

    @Test
    void tapDoesNotDependOnJobs() {
        SuiteRunner runner = SuiteRunner.bundled();
        SuiteOptions some = SuiteOptions.DEFAULTS.withFilter("{alu,timer,tlb,double-fault*}");
        assertEquals(tap(runner, some.withJobs(1)), tap(runner, some.withJobs(4)));
    }

    @Test
    void theJarCopyOfTheSuitesAssembles() {
        Manifest m = Manifest.load();
        SuiteSources copy = SuiteSources.copiedFromClasspath(m);
        for (SuiteTest t : m.tests()) {
            assertNotNull(copy.assemble(t), t.name());
        }
    }

    @Test
    void differencesFromNativeAreNamed() {
        SuiteTest t = Manifest.load().test("alu");
        RunReport nativeRun = report("native", 100, 7);
        RunReport vmRun = report("segment", 101, 8);
        SuiteOutcome o = SuiteOutcome.judge(new SuiteCase(t, Mode.SEGMENT), vmRun, nativeRun);
        assertEquals(List.of("instructions", "registers"), o.differences());
        assertTrue(o.diagnostics().contains("differs from native: instructions, registers"), o.diagnostics().toString());
    }

    @Test
    void checkLogReadsVerdictsDetailsAndSummary() {
        CheckLog log = CheckLog.parse("PASS: a\nFAIL: b\n  got 0x1, want 0x2\nother\nSUMMARY: 2 tests, 1 failures\n");
        assertEquals(List.of("a"), log.passed());
        assertEquals(List.of(new CheckLog.Failure("b", List.of("got 0x1, want 0x2"))), log.failed());
        assertTrue(log.summaryAgrees());
    }

    @Test
    void manifestRejectsWhatARunWouldTripOver() {
        assertThrows(IllegalArgumentException.class, () -> parse("""
                {"tests": [{"name": "x", "file": "x.s", "mem": 1000, "modes": ["shadow-vtlb"]}]}"""));
        assertThrows(IllegalArgumentException.class, () -> parse("""
                {"tests": [{"name": "x", "file": "x.s", "mem": 1024, "modes": ["nested"]}]}"""));
        assertThrows(IllegalArgumentException.class, () -> parse("""
                {"tests": [{"name": "x", "file": "x.s", "mem": 1024, "modes": ["native"]},
                           {"name": "x", "file": "y.s", "mem": 1024, "modes": ["native"]}]}"""));
        assertThrows(IllegalArgumentException.class, () -> parse("""
                {"tests": [{"name": "x", "file": "x.s", "mem": 1024, "modes": ["segment"],
                            "expect_refused": ["segment"]}]}"""));
        assertThrows(IllegalArgumentException.class, () -> SuiteOptions.parseModes("native,bogus"));
    }

    @Test
    void theBundledManifestCoversEveryModeAndRefusesPagingUnderSegment() {
        for (SuiteTest t : Manifest.load().tests()) {
            assertTrue(t.modes().contains(Mode.NATIVE), t.name());
            for (Mode m : Mode.values()) {
                assertTrue(t.listedFor(m), t.name() + " is not listed for " + m.cliName());
            }
        }
    }

    // ---------------------------------------------------------------------------------------

    private SuiteRunner runner(String manifestJson) throws IOException {
        Files.createDirectories(dir.resolve("lib"));
        for (String lib : List.of("lib/report.s", "lib/paging.s")) {
            try (InputStream in = getClass().getResourceAsStream(Manifest.RESOURCE_DIR + lib)) {
                Files.copy(in, dir.resolve(lib));
            }
        }
        Files.writeString(dir.resolve("good.s"), GOOD);
        Files.writeString(dir.resolve("bad.s"), BAD);
        Files.writeString(dir.resolve("paging.s"), PAGING);
        return new SuiteRunner(parse(manifestJson), SuiteSources.at(dir));
    }

    private static Manifest parse(String json) throws IOException {
        return Manifest.parse(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)));
    }

    private static String tap(SuiteRunner runner, SuiteOptions options) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        runner.runTap(options, new PrintStream(bytes, true, StandardCharsets.UTF_8));
        return bytes.toString(StandardCharsets.UTF_8);
    }

    /** The instruction count TAP printed for test point {@code n} (it depends on the library's code). */
    private static long instructions(String tap, int n) {
        String[] lines = tap.split("\n");
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].startsWith("not ok " + n + " ")) {
                for (int j = i + 1; j < lines.length; j++) {
                    int at = lines[j].indexOf(" after ");
                    if (at >= 0) {
                        return Long.parseLong(lines[j].substring(at + 7, lines[j].indexOf(" instructions")));
                    }
                }
            }
        }
        return -1;
    }

    private static RunReport report(String mode, long instructions, int r1) {
        int[] regs = new int[16];
        regs[1] = r1;
        byte[] console = "PASS: x\nSUMMARY: 1 tests, 0 failures\n".getBytes(StandardCharsets.ISO_8859_1);
        return new RunReport(mode, ExitKind.POWEROFF, 0, null, console, instructions, new long[9], null,
                new TlbStats(0, 0, 0, 0), regs, new Psw(Psw.S, 0, 4096, 20), 4096, "digest", 0);
    }
}
