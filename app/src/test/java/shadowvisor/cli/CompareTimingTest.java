package shadowvisor.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import shadowvisor.machine.image.Image;
import shadowvisor.mode.Mode;
import shadowvisor.mode.ModeStack;
import shadowvisor.run.RunOptions;

/**
 * Honest timing in {@code compare} and {@code demo}: a warm-up run of each mode of the program
 * itself, not timed, then {@code --repeat N} timed runs (default 3) whose median is the host
 * time. Nothing here asserts how fast anything is: only how many runs there were, in what order,
 * and that the reported time is the median of the reported runs.
 */
class CompareTimingTest {
    @TempDir
    Path dir;

    @Test
    void theMedianIsTheMiddleRunOrTheMeanOfTheTwoMiddleOnes() {
        assertEquals(7, Comparison.median(List.of(7L)));
        assertEquals(3, Comparison.median(List.of(5L, 1L, 3L)));
        assertEquals(20, Comparison.median(List.of(90L, 20L, 10L, 20L, 1000L)), "one slow run does not move it");
        assertEquals(25, Comparison.median(List.of(40L, 10L, 30L, 20L)), "even: the mean of 20 and 30");
        assertEquals(2, Comparison.median(List.of(3L, 1L, 2L, 4L, 1L, 2L)), "even: the mean of 2 and 2");
        assertEquals(2, Comparison.median(List.of(1L, 4L)), "the mean 2.5, rounded down");
        assertEquals(Long.MAX_VALUE - 2, Comparison.median(List.of(Long.MAX_VALUE, Long.MAX_VALUE - 4)), "no overflow");
        assertThrows(IllegalArgumentException.class, () -> Comparison.median(List.of()));
    }

    @Test
    void eachModeRunsOnceAsAWarmupThenRepeatTimesInInterleavedRounds() {
        Image hello = ProgramFiles.load(Cli.guest(dir, "hello.s"));
        List<ModeStack> modes = List.of(ModeStack.of(Mode.SEGMENT), ModeStack.of(Mode.HYBRID));
        List<String> runs = new ArrayList<>();
        Comparison c = Comparison.run("hello.s", hello, RunOptions.defaults(Mode.NATIVE).withMem(64 * 1024), modes, 3,
                m -> runs.add(m.cliName()));
        List<String> round = List.of("native", "segment", "hybrid");
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < c.warmupRuns() + 3; i++) {
            expected.addAll(round);
        }
        // At least one warm-up round, more while they took under 0.2 s, never more than the cap.
        assertTrue(c.warmupRuns() >= 1 && c.warmupRuns() <= Comparison.MAX_WARMUP_RUNS, "warm-ups " + c.warmupRuns());
        assertEquals(expected, runs, "warm-up rounds, then three timed rounds, every mode in turn");
        for (ModeResult m : c.results()) {
            assertEquals(3, m.runNanos().size(), m.mode().cliName() + ": three timed runs, the warm-up not among them");
            assertEquals(Comparison.median(m.runNanos()), m.hostNanos(), m.mode().cliName());
            assertTrue(m.equivalent(), m.mode().cliName());
        }
        runs.clear();
        Comparison.run("hello.s", hello, RunOptions.defaults(Mode.NATIVE).withMem(64 * 1024), modes, 1,
                m -> runs.add(m.cliName()));
        assertTrue(Collections.frequency(runs, "segment") >= 2, "--repeat 1: warm-ups and one timed run " + runs);
        assertEquals(Collections.frequency(runs, "native"), Collections.frequency(runs, "segment"), "rounds " + runs);
    }

    @Test
    void theJsonCarriesTheRepeatTheWarmupAndEachTimedRun() throws Exception {
        Path hello = Cli.guest(dir, "hello.s");
        Path json = dir.resolve("c.json");
        Cli r = Cli.run("compare", "--mem", "64K", "--json", json, hello);
        assertEquals(0, r.status(), r.err());
        JsonNode root = new ObjectMapper().readTree(json.toFile());
        assertEquals(3, root.get("repeat").asInt(), "the default is 3");
        int warmups = root.get("warmup_runs").asInt();
        assertTrue(warmups >= 1 && warmups <= Comparison.MAX_WARMUP_RUNS, "warmup_runs " + warmups);
        for (JsonNode m : root.get("modes")) {
            assertMedian(m, 3);
        }
        assertTrue(r.out().contains("\nhost ms: median of 3 timed runs per mode, after untimed warm-up rounds (0.2 s of "
                + "them, 1 to 100); every run is checked against native\n"), r.out());

        Cli four = Cli.run("compare", "--mem", "64K", "--modes", "segment", "--repeat", "4", "--json", json, hello);
        assertEquals(0, four.status(), four.err());
        root = new ObjectMapper().readTree(json.toFile());
        assertEquals(4, root.get("repeat").asInt());
        assertEquals(2, root.get("modes").size());
        for (JsonNode m : root.get("modes")) {
            assertMedian(m, 4);
        }
    }

    /** {@code host_ms} is the median of the {@code n} {@code host_nanos_runs} (even n: the mean of the middle two, rounded down). */
    private static void assertMedian(JsonNode mode, int n) {
        JsonNode runs = mode.get("host_nanos_runs");
        assertEquals(n, runs.size(), mode.get("mode") + ": " + runs);
        List<Long> nanos = new ArrayList<>();
        runs.forEach(x -> nanos.add(x.asLong()));
        List<Long> sorted = nanos.stream().sorted().toList();
        long median = n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
        assertEquals(median / 1e6, mode.get("host_ms").asDouble(), 1e-9, mode.get("mode") + ": " + runs);
    }

    @Test
    void aModeRefusedBeforeRunningHasNoRunsAndOneRefusedAfterRunningHasThem() throws Exception {
        Path json = dir.resolve("c.json");
        Cli r = Cli.run("compare", "--mem", "1500", "--repeat", "2", "--json", json, Cli.guest(dir, "hello.s"));
        assertEquals(0, r.status(), r.err());
        JsonNode modes = new ObjectMapper().readTree(json.toFile()).get("modes");
        assertEquals(2, modes.get(1).get("host_nanos_runs").size(), "segment ran");
        assertTrue(modes.get(3).get("host_nanos_runs").isNull(), "shadow-trace refused the memory: " + modes.get(3));

        Path paged = Cli.file(dir, "paged.s", CompareCommandTest.PAGED);
        r = Cli.run("compare", "--modes", "segment", "--repeat", "2", "--json", json, paged);
        assertEquals(0, r.status(), r.err());
        JsonNode segment = new ObjectMapper().readTree(json.toFile()).get("modes").get(1);
        assertTrue(segment.get("refused").asText().contains("paging"), segment.toString());
        assertEquals(2, segment.get("host_nanos_runs").size(), segment.toString());
    }

    @Test
    void demoTakesTheMedianOfItsRepeatToo() {
        Cli r = Cli.run("demo", "--quick", "--repeat", "2", "--guests", "hello.s");
        assertEquals(0, r.status(), r.out() + r.err());
        assertTrue(r.out().contains("Each table is what 'shadowvisor compare --repeat 2 GUEST' prints: host times are the "
                + "median of\n2 timed runs after a warm-up run"), r.out());
        for (String repeat : List.of("0", "1001")) {
            Cli bad = Cli.run("demo", "--repeat", repeat);
            assertEquals(2, bad.status(), bad.err());
            assertEquals("shadowvisor: error: --repeat " + repeat + ": must be from 1 to 1000\n", bad.err());
            assertEquals("", bad.out());
        }
    }
}
