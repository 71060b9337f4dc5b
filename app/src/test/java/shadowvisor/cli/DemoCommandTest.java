package shadowvisor.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** {@code demo}: every bundled guest runs, its console and outcome are shown, and a table sums up. */
class DemoCommandTest {
    @Test
    void runsTheBundledExamplesNatively() {
        Cli r = Cli.run("demo");
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().contains("-- hello.s (native)\nhello, pg\n   poweroff, status 7; 56 instructions; traps none\n"),
                r.out());
        assertTrue(r.out().contains("-- user-svc.s (native)\nok!1\n   poweroff, status 3; 100 instructions; "
                + "traps PRIVILEGED 1, SVC 3\n"), r.out());
        assertTrue(r.out().lines().anyMatch(l -> l.matches("hello\\.s +native +poweroff +7 +56 +none")), r.out());
    }
}
