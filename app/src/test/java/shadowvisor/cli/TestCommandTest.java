package shadowvisor.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code test}: the guest suites as TAP on stdout, one line per test and mode, exit status 0
 * when nothing is {@code not ok}; the work is the test-suites module's runner.
 */
class TestCommandTest {
    @Test
    void aFilteredRunPrintsOneTapLinePerMode() {
        Cli r = Cli.run("test", "--filter", "alu", "--jobs", "2");
        assertEquals(0, r.status(), r.out() + r.err());
        assertEquals("", r.err(), "no progress line when stderr is not a terminal");
        List<String> lines = r.out().lines().toList();
        assertEquals(List.of("TAP version 13", "1..5", "ok 1 - alu [native]", "ok 2 - alu [segment]",
                "ok 3 - alu [hybrid]", "ok 4 - alu [shadow-trace]", "ok 5 - alu [shadow-vtlb]",
                "# 5 ok, 0 not ok, 0 skipped"), lines);
    }

    @Test
    void modesSelectTheColumnsOfTheMatrix() {
        Cli r = Cli.run("test", "--modes=segment,native", "--filter", "{alu,tlb}", "--jobs=1");
        assertEquals(0, r.status(), r.out() + r.err());
        List<String> tests = r.out().lines().filter(l -> l.startsWith("ok ") || l.startsWith("not ok ")).toList();
        // tlb uses paging: segment must refuse it, which is an ok case with the refusal as a comment.
        assertEquals(List.of("ok 1 - alu [segment]", "ok 2 - alu [native]", "ok 3 - tlb [segment]", "ok 4 - tlb [native]"),
                tests, r.out());
        assertTrue(r.out().contains("# refused as expected: "), r.out());
    }

    @Test
    void listPrintsThePlanWithoutRunning() {
        Cli r = Cli.run("test", "--list", "--filter", "double-fault*", "--modes", "native");
        assertEquals(0, r.status(), r.err());
        assertEquals(List.of("double-fault [native]", "double-fault-fetch [native]", "double-fault-page [native]"),
                r.out().lines().toList());
    }

    @Test
    void aFilterThatSelectsNothingIsAUsageError() {
        Cli r = Cli.run("test", "--filter", "no-such-test");
        assertEquals(2, r.status());
        assertEquals("", r.out());
        assertEquals(1, r.errLines().size(), r.err());
        assertTrue(r.err().startsWith("shadowvisor: error: --filter no-such-test: selects no test"), r.err());
    }

    @Test
    void progressCountsCasesAndErasesItselfBeforeEachTapLine() {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        java.io.PrintStream err = new java.io.PrintStream(bytes, true, java.nio.charset.StandardCharsets.UTF_8);
        SuiteProgress p = new SuiteProgress(err, 3);
        p.clear(); // nothing shown yet: nothing to erase
        p.finished("alu [native]", false, 0);
        p.clear();
        p.finished("alu [segment]", true, 1);
        String s = bytes.toString(java.nio.charset.StandardCharsets.UTF_8);
        assertEquals("\r\u001b[Ktest: 1/3 done - alu [native]\r\u001b[K\r\u001b[Ktest: 2/3 done, 1 not ok - not ok: alu [segment]",
                s);
    }

    @Test
    void progressIsShownOnlyWhenStandardErrorIsATerminal() {
        // Surefire pipes the fork's standard error: no terminal, so no progress (and no escape codes in logs).
        org.junit.jupiter.api.Assumptions.assumeTrue(System.getenv("SHADOWVISOR_STDERR_TTY") == null);
        org.junit.jupiter.api.Assertions.assertFalse(TestCommand.interactive());
    }
}
