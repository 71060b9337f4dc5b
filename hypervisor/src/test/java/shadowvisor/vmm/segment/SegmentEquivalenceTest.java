package shadowvisor.vmm.segment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static shadowvisor.vmm.segment.GuestRuns.assertEquivalent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import shadowvisor.machine.ExitKind;
import shadowvisor.machine.TrapCause;
import shadowvisor.machine.image.Image;
import shadowvisor.run.RunOptions;
import shadowvisor.result.RunReport;
import shadowvisor.testdata.TestData;
import shadowvisor.vmm.TrapAndEmulateVmm;

/**
 * Spec 7.1, equivalence, for every guest program the project has: each example, each bundled
 * guest and each conformance vector that does not page runs natively and under {@code segment} (with the
 * default time slice and with a short odd one that cuts the run at awkward places), and the
 * reports must agree key by key. The vectors also carry their expected outcome, computed by an
 * independent implementation, which the segment run must match too. The vectors that page must
 * be refused with a reason that names the paging modes.
 */
class SegmentEquivalenceTest {
    /** A short slice, prime, so that slice ends fall on every kind of instruction. */
    private static final int SHORT_SLICE = 97;

    @TestFactory
    Stream<DynamicTest> examples() throws IOException {
        List<Path> files = sources(TestData.examplesDir());
        assertFalse(files.isEmpty(), "no examples found");
        return files.stream().map(f -> DynamicTest.dynamicTest(f.getFileName().toString(), () -> {
            Image image = GuestRuns.assemble(f);
            RunOptions o = RunOptions.defaults(shadowvisor.mode.Mode.NATIVE);
            RunReport nat = GuestRuns.runNative(image, o);
            assertEquivalent(f + " (default slice)", nat, GuestRuns.runSegment(image, o, TrapAndEmulateVmm.DEFAULT_SLICE));
            assertEquivalent(f + " (slice " + SHORT_SLICE + ")", nat, GuestRuns.runSegment(image, o, SHORT_SLICE));
        }));
    }

    /**
     * The guests bundled with shadowvisor: those that do not page must be equivalent, those that
     * do must be refused. Which is which is decided by watching the native run, not by name.
     */
    @TestFactory
    Stream<DynamicTest> bundledGuests() throws IOException {
        List<Path> files = GuestRuns.plainGuests(GuestRuns.bundledGuests());
        assertFalse(files.isEmpty(), "no bundled guests found");
        return files.stream().map(f -> DynamicTest.dynamicTest(f.getFileName().toString(), () -> {
            Image image = GuestRuns.assemble(f);
            RunOptions o = RunOptions.defaults(shadowvisor.mode.Mode.NATIVE);
            RunReport seg = GuestRuns.runSegment(image, o, TrapAndEmulateVmm.DEFAULT_SLICE);
            if (SegmentEquivalenceProperties.nativePages(image, o)) {
                assertEquals(ExitKind.SHUTDOWN, seg.exitKind(), f + " pages: " + seg.reason());
                assertTrue(seg.reason().contains("shadow-trace") && seg.reason().contains("shadow-vtlb"), seg.reason());
                return;
            }
            RunReport nat = GuestRuns.runNative(image, o);
            assertEquivalent(f + " (default slice)", nat, seg);
            assertEquivalent(f + " (slice " + SHORT_SLICE + ")", nat, GuestRuns.runSegment(image, o, SHORT_SLICE));
        }));
    }

    @TestFactory
    Stream<DynamicTest> conformanceVectorsThatDoNotPage() throws IOException {
        List<Vector> vectors = vectors(false);
        assertFalse(vectors.isEmpty(), "no non-paging conformance vectors found");
        return vectors.stream().map(v -> DynamicTest.dynamicTest(v.name(), () -> {
            Image image = GuestRuns.assemble(v.source());
            RunReport nat = GuestRuns.runNative(image, v.options());
            RunReport seg = GuestRuns.runSegment(image, v.options(), TrapAndEmulateVmm.DEFAULT_SLICE);
            assertEquivalent(v.name() + " (default slice)", nat, seg);
            assertEquivalent(v.name() + " (slice " + SHORT_SLICE + ")", nat,
                    GuestRuns.runSegment(image, v.options(), SHORT_SLICE));
            assertMatchesExpected(v, seg);
            assertTrue(seg.vmm().totalExits() > 0, "a vector that traps must exit to the VMM");
        }));
    }

    @TestFactory
    Stream<DynamicTest> conformanceVectorsThatPageAreRefused() throws IOException {
        return vectors(true).stream().map(v -> DynamicTest.dynamicTest(v.name(), () -> {
            RunReport seg = GuestRuns.runSegment(GuestRuns.assemble(v.source()), v.options(),
                    TrapAndEmulateVmm.DEFAULT_SLICE);
            if (seg.exitKind() == ExitKind.LIMIT) {
                // A vector whose limit comes before it turns paging on is an ordinary non-paging run.
                assertEquals(v.expected().path("exit").path("kind").asText(), "limit", v.name());
                return;
            }
            assertEquals(ExitKind.SHUTDOWN, seg.exitKind(), () -> v.name() + ": " + seg.reason());
            assertTrue(seg.reason().contains("shadow-trace") && seg.reason().contains("shadow-vtlb"), seg.reason());
        }));
    }

    @Test
    void theNonPagingVectorsAreTheExpectedNine() throws IOException {
        // Guards the selection itself: a filter that silently dropped vectors would weaken the suite.
        assertEquals(9, vectors(false).size());
    }

    // ---------------------------------------------------------------------------------------

    /** A conformance vector: its source, its expected.json and the run parameters in it. */
    record Vector(String name, Path source, JsonNode expected, RunOptions options) {
    }

    private static List<Path> sources(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.toString().endsWith(".s")).sorted().toList();
        }
    }

    /**
     * The {@code cNNNN} vectors that page ({@code paging}) or do not: a PAGE trap expected, or
     * PSW_P in the source. The {@code pNNNN} profile vectors beside them are left out: under
     * {@code segment} most of them end as the spec's section 8 predicts, differently from their
     * native expectation.
     */
    static List<Vector> vectors(boolean paging) throws IOException {
        ObjectMapper json = new ObjectMapper();
        List<Vector> out = new ArrayList<>();
        for (Path source : sources(TestData.conformanceDir())) {
            String name = source.getFileName().toString().replace(".s", "");
            if (!name.matches("c\\d{4}")) {
                continue;
            }
            JsonNode expected = json.readTree(source.resolveSibling(name + ".expected.json").toFile());
            boolean pages = expected.path("traps").has("PAGE") || read(source).contains("PSW_P");
            if (pages == paging) {
                out.add(new Vector(name, source, expected, runOptions(expected.path("run"))));
            }
        }
        return out;
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The {@code run} parameters of an expected.json: mem (with K/M suffixes), input, max_instructions. */
    private static RunOptions runOptions(JsonNode run) {
        RunOptions o = RunOptions.defaults(shadowvisor.mode.Mode.NATIVE);
        if (!run.path("mem").isNull() && !run.path("mem").isMissingNode()) {
            o = o.withMem(parseWords(run.path("mem").asText()));
        }
        if (run.hasNonNull("input")) {
            o = o.withInput(run.get("input").asText().getBytes(StandardCharsets.UTF_8));
        }
        if (run.hasNonNull("max_instructions")) {
            o = o.withLimit(run.get("max_instructions").asLong());
        }
        return o;
    }

    private static int parseWords(String s) {
        String t = s.trim().toUpperCase();
        int scale = t.endsWith("K") ? 1024 : t.endsWith("M") ? 1024 * 1024 : 1;
        return Integer.parseInt(scale == 1 ? t : t.substring(0, t.length() - 1)) * scale;
    }

    /** The keys of the vector's expected outcome, compared with the segment run one by one. */
    private static void assertMatchesExpected(Vector v, RunReport r) {
        JsonNode e = v.expected();
        Map<String, String> diffs = new TreeMap<>();
        JsonNode exit = e.path("exit");
        check(diffs, "exit.kind", exit.path("kind").asText(), r.exitKind().jsonName());
        check(diffs, "exit.status", exit.path("status").asInt(), r.status());
        if (exit.hasNonNull("value")) {
            check(diffs, "exit.value", exit.get("value").asLong(), Integer.toUnsignedLong(r.powerValue()));
        }
        check(diffs, "console", e.path("console").asText(), r.consoleText());
        check(diffs, "instructions", e.path("instructions").asLong(), r.instructions());
        Map<String, Long> traps = new TreeMap<>();
        e.path("traps").fields().forEachRemaining(f -> traps.put(f.getKey(), f.getValue().asLong()));
        Map<String, Long> actualTraps = new TreeMap<>();
        for (TrapCause c : TrapCause.values()) {
            if (r.traps(c) != 0) {
                actualTraps.put(c.name(), r.traps(c));
            }
        }
        check(diffs, "traps", traps, actualTraps);
        List<Long> regs = new ArrayList<>();
        e.path("registers").forEach(n -> regs.add(n.asLong()));
        List<Long> actualRegs = new ArrayList<>();
        for (int x : r.registers()) {
            actualRegs.add(Integer.toUnsignedLong(x));
        }
        check(diffs, "registers", regs, actualRegs);
        JsonNode psw = e.path("psw");
        check(diffs, "psw", List.of(psw.path("flags").asLong(), psw.path("b").asLong(), psw.path("l").asLong(),
                psw.path("pc").asLong()), List.of(Integer.toUnsignedLong(r.psw().flags()),
                Integer.toUnsignedLong(r.psw().b()), Integer.toUnsignedLong(r.psw().l()),
                Integer.toUnsignedLong(r.psw().pc())));
        check(diffs, "memory.words", e.path("memory").path("words").asInt(), r.memoryWords());
        check(diffs, "memory.sha256", e.path("memory").path("sha256").asText(), r.memorySha256());
        assertTrue(diffs.isEmpty(), () -> v.name() + ": segment differs from the vector's expected outcome:\n"
                + String.join("\n", diffs.values()));
    }

    private static void check(Map<String, String> diffs, String key, Object expected, Object actual) {
        if (!expected.equals(actual)) {
            diffs.put(key, "  " + key + ": expected " + expected + ", segment " + actual);
        }
    }
}
