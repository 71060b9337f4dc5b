package shadowvisor.vmm.shadow;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static shadowvisor.vmm.shadow.ShadowRuns.assertEquivalent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.opentest4j.TestAbortedException;
import shadowvisor.machine.image.Image;
import shadowvisor.mode.Mode;
import shadowvisor.run.RunOptions;
import shadowvisor.result.RunReport;
import shadowvisor.testdata.TestData;
import shadowvisor.vmm.TrapAndEmulateVmm;

/**
 * Issue 6 point 7, first part, and spec 7.1 for the modes of 7.3: every guest program the
 * project has runs natively, under {@code shadow-trace} and under {@code shadow-vtlb} (with the
 * default time slice and with a short prime one that cuts the run at awkward places), and the
 * reports agree key by key. The programs are picked up by directory listing, so guests and
 * suites that others add later are covered without editing this class:
 * <ul>
 *   <li>the examples ({@code test-suites/src/test/resources/examples/*.s}), with the default memory;</li>
 *   <li>the conformance vectors {@code test-suites/src/test/resources/conformance/cNNNN.s} whose {@code run.mem} is a whole number of pages
 *   (the shadow modes refuse other sizes), with the vector's input and limit;</li>
 *   <li>{@code guest-kernels/src/main/resources/guests/*.s} and
 *   {@code test-suites/src/main/resources/suites/*.s}, with the memory, input and limit of a
 *   {@code manifest.json} beside them when it names the file, else the size documented in the
 *   file's header ({@code SZ >= N}) rounded up to pages, else the default memory. A file that
 *   does not assemble (yet) is skipped.</li>
 * </ul>
 */
class ShadowEquivalenceTest {
    /** A short slice, prime, so that slice ends fall on every kind of instruction and exit. */
    static final int SHORT_SLICE = 97;
    /** Limit for a program without one of its own, so a guest being written cannot hang the build. */
    private static final long GUEST_LIMIT = 20_000_000L;
    private static final Pattern DOCUMENTED_SZ = Pattern.compile("SZ\\s*>=[^0-9\\n]*?(0x[0-9A-Fa-f]+|\\d+)");

    /** One program and how to run it. */
    record Program(String name, Path source, RunOptions options) {
    }

    @TestFactory
    Stream<DynamicTest> examples() {
        Path examples = TestData.examplesDir();
        List<Program> programs = new ArrayList<>();
        for (Path f : ShadowRuns.sources(examples)) {
            programs.add(new Program("examples/" + f.getFileName(), f,
                    ShadowRuns.options(RunOptions.DEFAULT_MEM, GUEST_LIMIT, null)));
        }
        assertFalse(programs.isEmpty(), "no examples in " + examples);
        return programs.stream().map(ShadowEquivalenceTest::equivalenceTest);
    }

    @TestFactory
    Stream<DynamicTest> conformanceVectorsInWholePages() throws IOException {
        Path conformance = TestData.conformanceDir();
        ObjectMapper json = new ObjectMapper();
        List<Program> programs = new ArrayList<>();
        for (Path f : ShadowRuns.sources(conformance)) {
            String base = f.getFileName().toString().replaceFirst("\\.s$", "");
            Path expected = f.resolveSibling(base + ".expected.json");
            if (!base.matches("c\\d{4}") || !Files.exists(expected)) {
                continue;
            }
            JsonNode run = json.readTree(expected.toFile()).path("run");
            int mem = Integer.parseInt(run.path("mem").asText());
            if (mem % 1024 != 0) {
                continue;
            }
            JsonNode input = run.path("input");
            JsonNode limit = run.path("max_instructions");
            programs.add(new Program("conformance/" + base, f, ShadowRuns.options(mem,
                    limit.isNull() || limit.isMissingNode() ? RunOptions.DEFAULT_LIMIT : limit.asLong(),
                    input.isNull() || input.isMissingNode() ? null : input.asText().getBytes(StandardCharsets.UTF_8))));
        }
        assertFalse(programs.isEmpty(), "no conformance vector in whole pages under " + conformance);
        return programs.stream().map(ShadowEquivalenceTest::equivalenceTest);
    }

    @TestFactory
    Stream<DynamicTest> guestKernels() throws IOException {
        return resourcePrograms("guest-kernels/src/main/resources/guests", "guests/");
    }

    @TestFactory
    Stream<DynamicTest> guestSuites() throws IOException {
        return resourcePrograms("test-suites/src/main/resources/suites", "suites/");
    }

    private static Stream<DynamicTest> resourcePrograms(String relative, String prefix) throws IOException {
        Path dir = ShadowRuns.repositoryDirectory(relative);
        assumeTrue(dir != null, "no " + relative);
        Map<String, JsonNode> manifest = manifest(dir);
        List<Program> programs = new ArrayList<>();
        for (Path f : shadowvisor.vmm.segment.GuestRuns.plainGuests(dir)) {
            String file = f.getFileName().toString();
            JsonNode entry = manifest.get(file);
            int mem;
            byte[] input = null;
            long limit = GUEST_LIMIT;
            if (entry != null) {
                mem = entry.path("mem").asInt(RunOptions.DEFAULT_MEM);
                if (entry.hasNonNull("input")) {
                    input = entry.get("input").asText().getBytes(StandardCharsets.UTF_8);
                }
                if (entry.hasNonNull("max_instructions")) {
                    limit = entry.get("max_instructions").asLong();
                }
            } else {
                mem = documentedMemory(Files.readString(f));
            }
            if (mem % 1024 != 0) {
                mem = (mem / 1024 + 1) * 1024;
            }
            programs.add(new Program(prefix + file, f, ShadowRuns.options(mem, limit, input)));
        }
        assumeTrue(!programs.isEmpty(), "no programs in " + dir);
        return programs.stream().map(ShadowEquivalenceTest::equivalenceTest);
    }

    /** The entries of a {@code manifest.json} beside the programs, by file name (none when absent or unreadable). */
    private static Map<String, JsonNode> manifest(Path dir) {
        Map<String, JsonNode> byFile = new HashMap<>();
        Path m = dir.resolve("manifest.json");
        if (!Files.exists(m)) {
            return byFile;
        }
        try {
            for (JsonNode t : new ObjectMapper().readTree(m.toFile()).path("tests")) {
                if (t.hasNonNull("file")) {
                    byFile.putIfAbsent(t.get("file").asText(), t);
                }
            }
        } catch (IOException e) {
            // Being edited right now: fall back to the documented sizes.
        }
        return byFile;
    }

    /** The memory a guest documents in its header as {@code SZ >= N}, else the default memory. */
    static int documentedMemory(String source) {
        Matcher m = DOCUMENTED_SZ.matcher(source);
        if (m.find()) {
            String n = m.group(1);
            long words = n.startsWith("0x") ? Long.parseLong(n.substring(2), 16) : Long.parseLong(n);
            if (words >= 16 && words <= RunOptions.DEFAULT_MEM) {
                return (int) Math.max(words, 16 * 1024);
            }
        }
        return RunOptions.DEFAULT_MEM;
    }

    private static DynamicTest equivalenceTest(Program p) {
        return DynamicTest.dynamicTest(p.name(), p.source().toUri(), () -> {
            Image image = ShadowRuns.assembleOrNull(p.source());
            if (image == null) {
                throw new TestAbortedException(p.name() + " does not assemble (yet)");
            }
            if (image.extent() > p.options().memWords()) {
                throw new TestAbortedException(p.name() + " does not fit in " + p.options().memWords() + " words");
            }
            assertEquivalentInEveryShadowMode(p.name() + " (mem " + p.options().memWords() + ")", image, p.options());
        });
    }

    /** Native, then both shadow modes with the default and a short slice, key by key. */
    static void assertEquivalentInEveryShadowMode(String what, Image image, RunOptions o) {
        RunReport nat = ShadowRuns.run(Mode.NATIVE, image, o);
        for (Mode mode : ShadowRuns.SHADOW_MODES) {
            RunReport r = ShadowRuns.run(mode, image, o, TrapAndEmulateVmm.DEFAULT_SLICE);
            assertEquivalent(what + ", default slice", nat, r);
            assertTrue(r.vmm().get("hidden_faults") > 0, () -> what + ": a shadow-paged guest starts on empty shadows, "
                    + "so it must take hidden faults");
            assertEquivalent(what + ", slice " + SHORT_SLICE, nat, ShadowRuns.run(mode, image, o, SHORT_SLICE));
        }
    }
}
