package shadowvisor.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Stacked modes on the command line (spec 7.6 and 9): {@code run --mode X/Y[/Z...]} with each
 * level's exits on stderr and under {@code vmm.levels}, {@code compare --modes} with one row
 * per stack and a table of levels, {@code test --modes} with stacks judged by their innermost
 * kind, every impossible stack refused as a one-line usage error before anything runs; and the
 * {@code test --profile} and {@code test --load} that apply to every suite test.
 */
class StackedModesCommandTest {
    @TempDir
    Path dir;

    @Test
    void runUnderAStackEndsAsNativelyAndShowsEachLevelsExits() {
        Path hello = Cli.guest(dir, "hello.s");
        Cli r = Cli.run("run", "--mode", "segment/segment", "--mem", "64K", hello);
        assertEquals(7, r.status(), r.err());
        assertEquals("hello, pg\n", r.out());
        assertTrue(r.err().contains("(segment/segment): poweroff, status 7"), r.err());
        assertTrue(r.err().contains("instructions 56 "), r.err());
        assertTrue(r.err().contains("\n   vmm level 1  segment: exits PRIVILEGED 11; emulated out 11; reflected 0"),
                r.err());
        assertTrue(r.err().contains("\n   vmm level 2  segment: exits PRIVILEGED 11; emulated none; reflected 0"),
                r.err());
        assertFalse(r.err().contains("   vmm          "), "a stack has level lines instead: " + r.err());
    }

    @Test
    void jsonOfAStackNamesItAndListsEveryLevelInnermostFirst() throws IOException {
        Path json = dir.resolve("r.json");
        Cli r = Cli.run("run", "--mode=segment/hybrid/shadow-trace", "--mem=64K", "--json", json,
                Cli.guest(dir, "user-svc.s"));
        assertEquals(3, r.status(), r.err());
        assertEquals("ok!1\n", r.out());
        JsonNode j = new ObjectMapper().readTree(json.toFile());
        assertEquals("segment/hybrid/shadow-trace", j.get("mode").asText());
        JsonNode levels = j.at("/vmm/levels");
        List<String> modes = new ArrayList<>();
        levels.forEach(l -> modes.add(l.get("mode").asText()));
        assertEquals(List.of("segment", "hybrid", "shadow-trace"), modes);
        assertEquals(j.at("/vmm/exits"), levels.get(0).get("exits"), "level 1 is vmm");
        long before = 0;
        for (JsonNode level : levels) {
            long exits = 0;
            for (JsonNode n : level.get("exits")) {
                exits += n.asLong();
            }
            assertTrue(exits >= before, "an outer level takes every exit of the one above: " + levels);
            before = exits;
        }
        assertTrue(levels.get(2).has("hidden_faults"), levels.toString());
        // A VMM alone: no levels.
        Cli alone = Cli.run("run", "--mode=segment", "--mem=64K", "--json", json, Cli.guest(dir, "user-svc.s"));
        assertEquals(3, alone.status());
        assertTrue(new ObjectMapper().readTree(json.toFile()).at("/vmm/levels").isMissingNode());
    }

    @Test
    void everyImpossibleStackIsAOneLineUsageErrorBeforeAnythingRuns() {
        // The program does not exist: the mode is refused before the program is even read.
        Path missing = dir.resolve("nosuch.s");
        for (String[] c : new String[][] {
                {"shadow-trace/segment", "shadow-trace runs its VMs with paging on (P' = 1), and the VMs of segment "
                        + "have no paging"},
                {"shadow-vtlb/hybrid", "shadow-vtlb runs its VMs with paging on (P' = 1), and the VMs of hybrid have "
                        + "no paging"},
                {"shadow-trace/hybrid", "and the VMs of hybrid have no paging"},
                {"shadow-vtlb/segment", "and the VMs of segment have no paging"},
                {"segment/shadow-trace/hybrid", "and the VMs of hybrid, the level below it, have no paging"},
                {"native/segment", "native is the bare machine and only runs alone"},
                {"segment/native", "native is the bare machine and only runs alone"},
                {"segment//segment", "has an empty level"},
                {"segment/warp", "unknown mode 'warp' in 'segment/warp'"}}) {
            for (Object[] args : List.of(new Object[] {"run", "--mode", c[0], missing},
                    new Object[] {"compare", "--modes", "segment," + c[0], missing},
                    new Object[] {"test", "--modes", c[0]})) {
                Cli r = Cli.run(args);
                String what = args[0] + " " + c[0];
                assertEquals(2, r.status(), what + ": " + r.err());
                assertEquals("", r.out(), what);
                assertEquals(1, r.errLines().size(), what + ": " + r.err());
                assertTrue(r.err().startsWith("shadowvisor: error: "), r.err());
                assertTrue(r.err().contains(c[1]), what + ": " + r.err());
            }
        }
    }

    @Test
    void completionOffersTheKindsAlone() {
        CommandLine cli = Main.commandLine(new Terminal(System.out, System.err));
        List<String> candidates = new ArrayList<>();
        cli.getSubcommands().get("run").getCommandSpec().findOption("--mode").completionCandidates()
                .forEach(candidates::add);
        assertEquals(List.of("native", "segment", "hybrid", "shadow-trace", "shadow-vtlb"), candidates);
    }

    @Test
    void compareShowsOneRowPerStackAndEachLevel() throws IOException {
        Path json = dir.resolve("c.json");
        Cli r = Cli.run("compare", "--mem", "64K", "--modes", "segment,segment/segment,segment/segment/segment",
                "--json", json, Cli.guest(dir, "hello.s"));
        assertEquals(0, r.status(), r.out() + r.err());
        List<String> rows = r.out().lines().toList();
        for (String mode : List.of("native ", "segment ", "segment/segment ", "segment/segment/segment ")) {
            assertTrue(rows.stream().anyMatch(l -> l.startsWith(mode) && l.contains("poweroff 7")
                    && l.contains(mode.equals("native ") ? "oracle" : " yes ")), mode + "\n" + r.out());
        }
        int levels = rows.indexOf(rows.stream().filter(l -> l.startsWith("stack ")).findFirst().orElseThrow());
        assertTrue(rows.get(levels).matches("stack +level +vmm +emulated +reflected +exits"), rows.get(levels));
        assertTrue(rows.get(levels + 1).matches("segment/segment +1 +segment +11 +0 +PRIVILEGED 11"), r.out());
        assertTrue(rows.get(levels + 2).matches(" +2 +segment +0 +0 +PRIVILEGED 11"), r.out());
        assertTrue(rows.get(levels + 3).matches("segment/segment/segment +1 +segment +11 +0 +PRIVILEGED 11"), r.out());
        assertEquals(levels + 6, rows.size(), r.out());
        JsonNode j = new ObjectMapper().readTree(json.toFile());
        assertEquals(4, j.get("modes").size());
        JsonNode three = j.get("modes").get(3);
        assertEquals("segment/segment/segment", three.get("mode").asText());
        assertTrue(three.get("equivalent").asBoolean());
        assertEquals(3, three.at("/vmm/levels").size());
        assertEquals("segment/segment/segment", three.at("/report/mode").asText());
    }

    @Test
    void compareExplainsAStacksDifferenceByItsInnermostKind() {
        // x86: popf and smsw are silent Theorem 1 violations, smsw a Theorem 3 violation too.
        Cli r;
        try (BundledGuests bundle = BundledGuests.extract()) {
            r = Cli.run("compare", "--modes", "segment/hybrid,hybrid/segment,shadow-vtlb/shadow-trace",
                    bundled(bundle, "x86-popf-smsw.s"));
        }
        assertEquals(0, r.status(), r.out() + r.err());
        assertTrue(r.out().contains("expected: segment/hybrid, shadow-vtlb/shadow-trace differ from native - "
                + "Theorem 1 violations: popf (silent), smsw (silent)"), r.out());
        assertTrue(r.out().contains("expected: hybrid/segment differs from native - Theorem 3 violation: smsw"),
                r.out());
    }

    @Test
    void aStackThatRefusesAPagingGuestIsARefusedRow() {
        Cli r;
        try (BundledGuests bundle = BundledGuests.extract()) {
            r = Cli.run("compare", "--mem", "256K", "--modes", "segment/shadow-vtlb,shadow-trace/shadow-vtlb",
                    bundled(bundle, "pagekernel.s"));
        }
        assertEquals(0, r.status(), r.out() + r.err());
        assertTrue(r.out().lines().anyMatch(l -> l.startsWith("segment/shadow-vtlb ") && l.contains("refused: the "
                + "guest turns paging on")), r.out());
        assertTrue(r.out().lines().anyMatch(l -> l.startsWith("shadow-trace/shadow-vtlb ") && l.contains(" yes ")),
                r.out());
    }

    /** A bundled guest in a folder of its own, with the library it includes. */
    private static Path bundled(BundledGuests bundle, String name) {
        return bundle.guests().stream().filter(p -> p.getFileName().toString().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void testRunsAStackWhereTheManifestListsEveryLevelAndJudgesItByTheInnermost() {
        Cli r = Cli.run("test", "--modes", "segment/segment,segment/shadow-vtlb,shadow-trace/shadow-vtlb",
                "--filter", "{alu,paging-walk}", "--jobs", "2");
        assertEquals(0, r.status(), r.out() + r.err());
        List<String> tests = r.out().lines().filter(l -> l.startsWith("ok ") || l.startsWith("not ok ")).toList();
        assertEquals(List.of("ok 1 - alu [segment/segment]", "ok 2 - alu [segment/shadow-vtlb]",
                "ok 3 - alu [shadow-trace/shadow-vtlb]", "ok 4 - paging-walk [segment/segment]",
                "ok 5 - paging-walk [segment/shadow-vtlb]", "ok 6 - paging-walk [shadow-trace/shadow-vtlb]"), tests);
        // The paging test is refused where the innermost kind is segment, as under segment alone.
        assertEquals(2, r.out().lines().filter(l -> l.startsWith("# refused as expected: the guest turns paging on"))
                .count(), r.out());
    }

    @Test
    void testAcceptsAStackWithAnExpectedDifferenceOfItsInnermostKind() {
        Cli r = Cli.run("test", "--modes", "hybrid/segment,segment/hybrid", "--filter", "x86-popf-smsw");
        assertEquals(0, r.status(), r.out() + r.err());
        assertTrue(r.out().contains("ok 1 - x86-popf-smsw [hybrid/segment]"), r.out());
        assertTrue(r.out().contains("ok 2 - x86-popf-smsw [segment/hybrid]"), r.out());
        assertEquals(2, r.out().lines().filter(l -> l.startsWith("# differs from native, as expected")).count(),
                r.out());
    }

    @Test
    void testProfileRunsEveryTestOnOneProfile() {
        Cli r = Cli.run("test", "--profile", "arm", "--modes", "native,segment/segment", "--filter", "alu");
        assertEquals(0, r.status(), r.out() + r.err());
        assertEquals(List.of("TAP version 13", "1..2", "# every test on profile arm (--profile)",
                "ok 1 - alu [native]", "ok 2 - alu [segment/segment]", "# 2 ok, 0 not ok, 0 skipped"),
                r.out().lines().toList());
        // The test's own profile keeps the manifest's expected difference.
        Cli own = Cli.run("test", "--profile", "pdp10", "--modes", "segment", "--filter", "pdp10-jrstu");
        assertEquals(0, own.status(), own.out());
        assertTrue(own.out().contains("# differs from native, as expected"), own.out());
        // On another profile the test's checks fail natively: the profile is really the one given.
        Cli other = Cli.run("test", "--profile", "pg", "--modes", "native", "--filter", "pdp10-jrstu");
        assertEquals(1, other.status(), other.out());
        assertTrue(other.out().contains("not ok 1 - pdp10-jrstu [native]"), other.out());
        Cli unknown = Cli.run("test", "--profile", "vax");
        assertEquals(2, unknown.status());
        assertEquals(1, unknown.errLines().size(), unknown.err());
    }

    @Test
    void testLoadPlacesAProgramBesideEveryTest() {
        Path word = Cli.file(dir, "word.s", "w: .word 42\n");
        Cli r = Cli.run("test", "--load", "0x3800=" + word, "--modes", "native,segment/segment", "--filter", "devices");
        assertEquals(0, r.status(), r.out() + r.err());
        assertTrue(r.out().contains("# --load 0x3800=" + word + " beside every test's boot image"), r.out());
        assertTrue(r.out().contains("ok 2 - devices [segment/segment]"), r.out());
        // devices has 16 Ki words: a load past them is that test's verdict, with the runner's reason.
        Cli past = Cli.run("test", "--load", "0x4000=" + word, "--modes", "native", "--filter", "devices");
        assertEquals(1, past.status(), past.out());
        assertTrue(past.out().contains("not ok 1 - devices [native] - cannot run: the load address 0x4000 lies past"),
                past.out());
        Cli missing = Cli.run("test", "--load", "0x3800=" + dir.resolve("nosuch.s"), "--filter", "devices");
        assertEquals(2, missing.status());
        assertEquals(1, missing.errLines().size(), missing.err());
        assertTrue(missing.err().contains("--load 0x3800="), missing.err());
    }
}
