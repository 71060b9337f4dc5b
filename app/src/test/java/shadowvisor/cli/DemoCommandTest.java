package shadowvisor.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import shadowvisor.mode.Mode;

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
        assertTrue(out.startsWith("shadowvisor demo: 2 bundled guests, each natively and under segment, hybrid, "
                + "shadow-trace, shadow-vtlb.\n"), out);
        for (Mode m : Mode.values()) {
            assertTrue(out.lines().anyMatch(l -> l.startsWith(m.cliName() + " ")), "no row for " + m.cliName() + ":\n" + out);
        }
        assertTrue(out.contains("\n== hello.s - print a greeting, then power off with status 7.\n"
                + "console (native):\nhello, pg\n"), out);
        assertTrue(out.contains("\n== user-svc.s"), out);
        assertTrue(out.lines().anyMatch(l -> l.matches("segment +poweroff 3 +100 +yes .*PRIVILEGED 11, SVC 3")), out);
        assertTrue(out.contains("\nReading: Natively: 56 instructions"), out);
        String flat = out.replace('\n', ' ');
        for (String mode : List.of("segment", "shadow-trace", "shadow-vtlb")) {
            assertTrue(flat.matches("(?s).*" + mode + ": [^.]*; emulated 10 privileged instructions \\(lpsw 4, out 6\\), "
                    + "reflected 4 traps.*"), mode + "\n" + out);
        }
        // hybrid emulates nothing: it interprets every vm-supervisor instruction (all but user-svc's 3 user ones).
        assertTrue(flat.contains("emulated no instruction, reflected 4 traps; interpreted 97 vm-supervisor "
                + "instructions"), out);
        assertTrue(out.lines().anyMatch(l -> l.matches("guest +instructions +native ms +segment +hybrid +shadow-trace +shadow-vtlb")),
                out);
        assertTrue(out.lines().anyMatch(l -> l.matches("hello\\.s +56 +[0-9.]+ +[0-9.]+x +[0-9.]+x +[0-9.]+x +[0-9.]+x")), out);
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
        assertTrue(summary.stream().anyMatch(l -> l.matches("pagekernel\\.s +[0-9,]+ +[0-9.]+ +refused +refused +[0-9.]+x +[0-9.]+x")),
                String.join("\n", summary));
    }

    @Test
    void theGuestsThatBreakTheTheoremShowTheExpectedDifferencesAndExitZero() {
        Cli r = Cli.run("demo", "--quick", "--guests", "{pdp10-jrstu,x86-popf-smsw,arm-mrs,mips-kseg}.s");
        assertEquals(0, r.status(), r.out() + r.err());
        String out = r.out();
        String flat = out.replace('\n', ' ');
        // Shown after the paging kernels, in the order of the lesson, each with what it models.
        List<String> headers = out.lines().filter(l -> l.startsWith("== ") && !l.startsWith("== Summary")
                && !l.startsWith("== Modeled")).toList();
        assertEquals(4, headers.size(), out);
        assertTrue(headers.get(0).startsWith("== pdp10-jrstu.s - "), headers.toString());
        assertTrue(headers.get(3).startsWith("== mips-kseg.s - "), headers.toString());
        for (String real : List.of("Models the PDP-10's JRST 1", "Models x86's POPF and SMSW", "Models ARM's MRS CPSR",
                "Models MIPS's KSEG0")) {
            assertTrue(flat.contains(real), real + "\n" + out);
        }
        assertTrue(flat.contains("Expected: a Theorem 1 violation under segment and the shadow modes"), out);
        assertTrue(flat.contains("Expected: every mode ends exactly as natively, at the price of an exit per window "
                + "access"), out);
        // Columns: segment, hybrid, shadow-trace, shadow-vtlb; hybrid runs pdp10 exactly (Theorem 3 holds).
        assertTrue(out.lines().anyMatch(l -> l.matches("pdp10\\-jrstu\\.s +[0-9,]+ +[0-9.]+ +differs \\(Theorem 1\\) "
                + "+[0-9.]+x( +differs \\(Theorem 1\\)){2}")), out);
        for (String guest : List.of("x86-popf-smsw", "arm-mrs")) {
            assertTrue(out.lines().anyMatch(l -> l.matches(guest.replace("-", "\\-") + "\\.s +[0-9,]+ +[0-9.]+ +differs "
                    + "\\(Theorem 1\\) +differs \\(Theorem 3\\)( +differs \\(Theorem 1\\)){2}")), guest + "\n" + out);
        }
        assertTrue(out.lines().anyMatch(l -> l.matches("mips-kseg\\.s +10,123 +[0-9.]+( +[0-9.]+x){4}")), out);
        // The modeled summary: native's modeled cycles, then each VMM's modeled ratio, the same on every run.
        assertTrue(out.lines().anyMatch(l -> l.matches("mips-kseg\\.s +[0-9,]+( +[0-9.]+x){4}")), out);
        assertTrue(out.lines().anyMatch(l -> l.matches("segment +poweroff 4 +10,123 +yes .*SEGMENT 913.*")), out);
        assertTrue(out.contains("1 of 4 guests ended exactly as natively in every mode that ran them; 3 showed the "
                + "expected Theorem 1 or 3 violation (pdp10-jrstu.s, x86-popf-smsw.s, arm-mrs.s); 0 skipped, 0 failed"), out);
    }

    @Test
    void aGlobThatMatchesNoGuestIsAUsageError() {
        Cli r = Cli.run("demo", "--guests", "nothing-like-this.s");
        assertEquals(2, r.status());
        assertEquals("", r.out());
        assertTrue(r.err().startsWith("shadowvisor: error: --guests nothing-like-this.s: matches none"), r.err());
    }
}
