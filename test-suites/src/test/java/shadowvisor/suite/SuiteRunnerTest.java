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
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import shadowvisor.machine.ExitKind;
import shadowvisor.machine.Psw;
import shadowvisor.mode.Mode;
import shadowvisor.mode.ModeStack;
import shadowvisor.result.RunReport;
import shadowvisor.result.TlbStats;

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

    /** mrs reads the PSW's flags: 1 natively in supervisor mode, the hardware's under a VMM. */
    private static final String MRS = """
                    .include "lib/report.s"
            main:   mrs  r1
                    check_eqi "mrs reads s", r1, 1
                    check_eqi "r0 reads 0", r0, 0
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
        List<SuiteOutcome> outcomes = runner.run(SuiteOptions.DEFAULTS.withModes(List.of(ModeStack.of(Mode.SEGMENT))), null);
        assertEquals(2, outcomes.size());
        assertTrue(outcomes.get(0).ok(), () -> String.join("\n", outcomes.get(0).diagnostics()));
        assertTrue(outcomes.get(0).diagnostics().get(0).startsWith("refused as expected: "));
        assertEquals(SuiteOutcome.Status.NOT_OK, outcomes.get(1).status());
        assertTrue(outcomes.get(1).exitProblem().startsWith("expected mode segment to refuse the guest"),
                outcomes.get(1).exitProblem());
    }

    @Test
    void anExpectedDifferenceIsOkWithItsReasonAndTheChecksItBroke() throws IOException {
        SuiteRunner runner = runner("""
                {"tests": [{"name": "mrs", "file": "mrs.s", "mem": 4096, "profile": "arm",
                            "modes": ["native", "segment"],
                            "expect_difference": {"segment": "Theorem 1: mrs reads the hardware's PSW"}}]}
                """);
        List<SuiteOutcome> outcomes = runner.run(SuiteOptions.DEFAULTS, null);
        assertEquals(2, outcomes.size());
        assertTrue(outcomes.get(0).ok(), () -> String.join("\n", outcomes.get(0).diagnostics()));
        assertEquals(List.of(), outcomes.get(0).diagnostics());
        SuiteOutcome vm = outcomes.get(1);
        assertTrue(vm.ok(), () -> String.join("\n", vm.diagnostics()));
        assertEquals("Theorem 1: mrs reads the hardware's PSW", vm.suiteCase().expectedDifference());
        assertTrue(vm.differences().contains("console"), vm.differences().toString());
        assertEquals(List.of("mrs reads s"), vm.failedChecks());
        assertTrue(vm.diagnostics().get(0).startsWith(
                "differs from native, as expected (Theorem 1: mrs reads the hardware's PSW): exit, console"),
                vm.diagnostics().get(0));
        assertTrue(vm.diagnostics().contains("    FAIL: mrs reads s"), vm.diagnostics().toString());
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        assertEquals(0, runner.runTap(SuiteOptions.DEFAULTS, new PrintStream(bytes, true, StandardCharsets.UTF_8)));
        String tap = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(tap.contains("ok 2 - mrs [segment]\n# differs from native, as expected (Theorem 1: mrs reads the "
                + "hardware's PSW): "), tap);
    }

    @Test
    void anExpectedDifferenceThatDoesNotShowIsOkWithANote() throws IOException {
        SuiteRunner runner = runner("""
                {"tests": [{"name": "good", "file": "good.s", "mem": 4096, "modes": ["native", "segment"],
                            "expect_difference": {"segment": "no reason at all"}}]}
                """);
        SuiteOutcome vm = runner.run(SuiteOptions.DEFAULTS.withModes(List.of(ModeStack.of(Mode.SEGMENT))), null).get(0);
        assertTrue(vm.ok(), () -> String.join("\n", vm.diagnostics()));
        assertEquals(List.of("expected to differ from native (no reason at all), but it ended exactly as natively"),
                vm.diagnostics());
    }

    @Test
    void anExpectedDifferenceDoesNotExcuseTheNativeRun() throws IOException {
        SuiteRunner runner = runner("""
                {"tests": [{"name": "bad", "file": "bad.s", "mem": 4096, "modes": ["native", "segment"],
                            "expect_difference": {"segment": "Theorem 1"}}]}
                """);
        List<SuiteOutcome> outcomes = runner.run(SuiteOptions.DEFAULTS, null);
        assertEquals(SuiteOutcome.Status.NOT_OK, outcomes.get(0).status());
        assertEquals(SuiteOutcome.Status.NOT_OK, outcomes.get(1).status(), "equivalent to a failing native run");
    }

    @Test
    void theManifestsProfileIsTheMachines() throws IOException {
        // mrs.s has no .profile: under pg, mrs is ILLEGAL and the check fails; under arm it passes.
        SuiteRunner arm = runner("""
                {"tests": [{"name": "mrs", "file": "mrs.s", "mem": 4096, "profile": "arm", "modes": ["native"]}]}
                """);
        SuiteOutcome onArm = arm.run(SuiteOptions.DEFAULTS, null).get(0);
        assertTrue(onArm.ok(), () -> String.join("\n", onArm.diagnostics()));
        assertEquals("arm", onArm.report().profile());
        SuiteRunner pg = runner("""
                {"tests": [{"name": "mrs", "file": "mrs.s", "mem": 4096, "modes": ["native"]}]}
                """);
        SuiteOutcome o = pg.run(SuiteOptions.DEFAULTS, null).get(0);
        assertEquals(List.of("mrs reads s"), o.failedChecks());
        assertEquals("pg", o.report().profile());
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
    void manifestNamesABadProfileOrExpectedDifference() {
        assertEquals("manifest: test 'x': unknown profile \"vax\" (known: pg, pdp10, x86, arm, mips)", parseError("""
                {"tests": [{"name": "x", "file": "x.s", "mem": 1024, "modes": ["native"], "profile": "vax"}]}"""));
        assertEquals("manifest: test 'x': unknown profile 10 (known: pg, pdp10, x86, arm, mips)", parseError("""
                {"tests": [{"name": "x", "file": "x.s", "mem": 1024, "modes": ["native"], "profile": 10}]}"""));
        assertEquals("manifest: test 'x': expect_difference: unknown mode 'segmnet'", parseError("""
                {"tests": [{"name": "x", "file": "x.s", "mem": 1024, "modes": ["native", "segment"],
                            "expect_difference": {"segmnet": "why"}}]}"""));
        assertEquals("manifest: test 'x': expect_difference: native is the oracle; it cannot differ from itself",
                parseError("""
                {"tests": [{"name": "x", "file": "x.s", "mem": 1024, "modes": ["native", "segment"],
                            "expect_difference": {"native": "why"}}]}"""));
        assertEquals("manifest: test 'x': expect_difference: mode shadow-vtlb is not one the test runs in", parseError("""
                {"tests": [{"name": "x", "file": "x.s", "mem": 1024, "modes": ["native", "segment"],
                            "expect_difference": {"shadow-vtlb": "why"}}]}"""));
        assertEquals("manifest: test 'x': expect_difference: mode segment is not one the test runs in", parseError("""
                {"tests": [{"name": "x", "file": "x.s", "mem": 1024, "modes": ["native"], "expect_refused": ["segment"],
                            "expect_difference": {"segment": "why"}}]}"""));
        assertEquals("manifest: test 'x': expect_difference: mode segment needs a reason (a string)", parseError("""
                {"tests": [{"name": "x", "file": "x.s", "mem": 1024, "modes": ["native", "segment"],
                            "expect_difference": {"segment": ""}}]}"""));
        assertEquals("manifest: test 'x': expect_difference: expected an object mapping modes to reasons", parseError("""
                {"tests": [{"name": "x", "file": "x.s", "mem": 1024, "modes": ["native", "segment"],
                            "expect_difference": ["segment"]}]}"""));
    }

    @Test
    void theBundledProfileSuitesDeclareTheProfileTheyRunOn() {
        Manifest m = Manifest.load();
        SuiteSources sources = SuiteSources.fromClasspath(m);
        int profiled = 0;
        for (SuiteTest t : m.tests()) {
            if (t.profile() == null) {
                continue;
            }
            profiled++;
            assertEquals(t.profile().name(), sources.assemble(t).profile(), t.name() + ": the source's .profile");
            for (Mode mode : t.expectDifference().keySet()) {
                assertTrue(t.modes().contains(mode), t.name());
            }
        }
        assertTrue(profiled >= 9, "profile suites: " + profiled);
        // The promise of spec 8: mips runs exactly under every VMM, so nothing there may be excused.
        assertEquals(java.util.Map.of(), m.test("mips-kseg").expectDifference());
        assertEquals(java.util.Map.of(), m.test("mips-kseg-paging").expectDifference());
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
                Files.copy(in, dir.resolve(lib), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        Files.writeString(dir.resolve("good.s"), GOOD);
        Files.writeString(dir.resolve("bad.s"), BAD);
        Files.writeString(dir.resolve("paging.s"), PAGING);
        Files.writeString(dir.resolve("mrs.s"), MRS);
        return new SuiteRunner(parse(manifestJson), SuiteSources.at(dir));
    }

    /** The message with which the manifest {@code json} is rejected. */
    private static String parseError(String json) {
        return assertThrows(IllegalArgumentException.class, () -> parse(json)).getMessage();
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
        return new RunReport(mode, "pg", ExitKind.POWEROFF, 0, null, console, instructions, new long[9], null,
                new TlbStats(0, 0, 0, 0), regs, new Psw(Psw.S, 0, 4096, 20), 4096, "digest", 0);
    }
}
