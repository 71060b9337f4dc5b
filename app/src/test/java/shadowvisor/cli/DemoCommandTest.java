package shadowvisor.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import shadowvisor.run.Mode;

/**
 * {@code demo}: every bundled guest in every mode, each with its comparison table and a
 * reading, then a summary; exit 0 when every mode that ran a guest was equivalent to native.
 * The tests use the hidden {@code --quick} (token workload sizes, one run per mode) and
 * {@code --guests GLOB} to stay fast.
 */
class DemoCommandTest {
    @Test
    void theSmallGuestsInEveryMode() {
        Cli r = Cli.run("demo", "--quick", "--guests", "{hello,user-svc}.s");
        assertEquals(0, r.status(), r.out() + r.err());
        String out = r.out();
        assertTrue(out.startsWith("shadowvisor demo: 2 bundled guests, each natively and under segment, shadow-trace, "
                + "shadow-vtlb.\n"), out);
        for (Mode m : Mode.values()) {
            assertTrue(out.lines().anyMatch(l -> l.startsWith(m.cliName() + " ")), "no row for " + m.cliName() + ":\n" + out);
        }
        assertTrue(out.contains("\n== hello.s - print a greeting, then power off with status 7.\n"
                + "console (native):\nhello, pg\n"), out);
        assertTrue(out.contains("\n== user-svc.s"), out);
        assertTrue(out.lines().anyMatch(l -> l.matches("segment +poweroff 3 +100 +yes .*PRIVILEGED 11, SVC 3")), out);
        assertTrue(out.contains("\nReading: Natively: 56 instructions"), out);
        assertTrue(out.replace('\n', ' ').contains("segment, shadow-trace and shadow-vtlb each emulated 10 privileged "
                + "instructions (lpsw 4, out 6) and reflected 4 traps"), out);
        assertTrue(out.lines().anyMatch(l -> l.matches("guest +instructions +native ms +segment +shadow-trace +shadow-vtlb")),
                out);
        assertTrue(out.lines().anyMatch(l -> l.matches("hello\\.s +56 +[0-9.]+ +[0-9.]+x +[0-9.]+x +[0-9.]+x")), out);
        assertTrue(out.contains("2 of 2 guests ended exactly as natively in every mode that ran them; 0 skipped, 0 failed"),
                out);
    }

    @Test
    void everyBundledGuestAtATokenSize() {
        Cli r = Cli.run("demo", "--quick");
        assertEquals(0, r.status(), r.out() + r.err());
        List<String> summary = r.out().lines().dropWhile(l -> !l.startsWith("== Summary")).toList();
        assertTrue(summary.size() > 3, r.out());
        for (Mode m : Mode.values()) {
            if (m.virtualized()) {
                assertTrue(summary.get(1).contains(m.cliName()), summary.get(1));
            }
        }
        // A guest that turns paging on is refused by segment; the shadow modes run it.
        assertTrue(summary.stream().anyMatch(l -> l.matches("pagekernel\\.s +[0-9,]+ +[0-9.]+ +refused +[0-9.]+x +[0-9.]+x")),
                String.join("\n", summary));
    }

    @Test
    void aGlobThatMatchesNoGuestIsAUsageError() {
        Cli r = Cli.run("demo", "--guests", "nothing-like-this.s");
        assertEquals(2, r.status());
        assertEquals("", r.out());
        assertTrue(r.err().startsWith("shadowvisor: error: --guests nothing-like-this.s: matches none"), r.err());
    }
}
