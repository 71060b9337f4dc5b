package shadowvisor.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code run --trace} and {@code --events} as a user runs them (issue 12, point 2): the printed
 * trace of a guest under a VMM, its {@code vmm} lines taken out, is the native trace line for
 * line, so {@code diff} shows the VMM's lines alone; the event lines have the KVM-tracepoint
 * shape and add up to the report's counters; {@code --events=KINDS} filters.
 */
class GuestTraceCommandTest {
    private static final Pattern EVENT = Pattern.compile(
            " {7}vmm +(\\d+) (?:L\\d+\\.)?vm\\d+ pc=[0-9a-f]{8} (?:exit=[A-Z]+ value=0x[0-9a-f]{8} detail=0x[0-9a-f]+: )?(.*)");

    @TempDir
    Path dir;

    private static boolean isEvent(String line) {
        return line.startsWith("       vmm ");
    }

    @ParameterizedTest(name = "{0} under {1}")
    @CsvSource({"hello.s, segment", "user-svc.s, hybrid", "pagekernel.s, shadow-trace", "pagekernel.s, shadow-vtlb",
            "segkernel.s, segment", "syscall.s, shadow-trace", "forkwait.s, shadow-vtlb",
            "pagekernel.s, shadow-vtlb/shadow-trace", "syscall-seg.s, hybrid/shadow-trace"})
    void aVmmTraceDiffersFromTheNativeOneOnlyByEventLines(String guest, String mode) {
        Path program = Cli.bundled(guest);
        // The first 50,000 instructions: a longer trace says no more and costs seconds.
        Cli nat = Cli.run("run", "--quiet", "--trace", "--max-instructions", "50000", program);
        Cli vmm = Cli.run("run", "--quiet", "--trace", "--events", "--max-instructions", "50000", "--mode", mode, program);
        assertEquals(nat.status(), vmm.status(), vmm.err());
        List<String> nativeLines = nat.errLines();
        List<String> vmmLines = vmm.errLines();
        assertTrue(vmmLines.stream().anyMatch(GuestTraceCommandTest::isEvent), "the VMM's decisions are shown");
        assertEquals(nativeLines, vmmLines.stream().filter(l -> !isEvent(l)).toList(),
                "without its event lines, the " + mode + " trace is the native trace");
        for (String line : vmmLines) {
            if (isEvent(line)) {
                assertTrue(EVENT.matcher(line).matches(), "an event line of the documented shape: " + line);
            }
        }
    }

    @Test
    void eventLinesAddUpToTheCounters() throws IOException {
        Path json = dir.resolve("r.json");
        Cli r = Cli.run("run", "--quiet", "--events", "--mode", "shadow-trace", "--json", json, Cli.bundled("pagekernel.s"));
        JsonNode vmm = new ObjectMapper().readTree(json.toFile()).path("vmm");
        long emulated = 0;
        for (JsonNode n : vmm.path("emulated")) {
            emulated += n.asLong();
        }
        assertEquals(emulated, count(r, "emulated "));
        assertEquals(vmm.path("reflected").asLong(), count(r, "reflected "));
        assertEquals(vmm.path("hidden_faults").asLong(), count(r, "hidden fault filled"));
        assertEquals(vmm.path("true_faults").asLong(), count(r, "true fault"));
        assertEquals(vmm.path("syncs").asLong(), count(r, "shadow synced"));
        assertEquals(vmm.path("shadow_pages_dropped").asLong(), count(r, "shadow page dropped"));
        assertEquals(vmm.path("pt_writes_emulated").asLong(), count(r, "write-protect trap"));
        assertTrue(vmm.path("hidden_faults").asLong() > 0 && vmm.path("syncs").asLong() > 0, "a paging kernel exercises both");
    }

    /** Event lines whose decision begins with {@code decision}. */
    private static long count(Cli r, String decision) {
        return r.errLines().stream().map(EVENT::matcher).filter(Matcher::matches)
                .filter(m -> m.group(2).startsWith(decision)).count();
    }

    @Test
    void eventKindsFilter() {
        Cli r = Cli.run("run", "--quiet", "--events=fault", "--mode", "shadow-vtlb", Cli.bundled("pagekernel.s"));
        assertEquals(3, r.status(), r.err());
        List<String> lines = r.errLines();
        assertFalse(lines.isEmpty());
        for (String line : lines) {
            Matcher m = EVENT.matcher(line);
            assertTrue(m.matches(), line);
            assertTrue(m.group(2).startsWith("hidden fault") || m.group(2).startsWith("true fault"), line);
        }
    }

    @Test
    void eventsTakeTheirKindsOnlyWhenTheyAreKinds() {
        // "--events hello.s" is every kind of hello.s's events, not a kind named hello.s.
        Cli all = Cli.run("run", "--quiet", "--mode", "segment", "--events", Cli.bundled("hello.s"));
        assertEquals(7, all.status(), all.err());
        assertTrue(all.errLines().stream().allMatch(l -> EVENT.matcher(l).matches()), all.err());
        Cli bad = Cli.run("run", "--events=emulate,bogus", Cli.bundled("hello.s"));
        assertEquals(2, bad.status());
        assertEquals(1, bad.errLines().size(), bad.err());
        assertTrue(bad.err().contains("unknown event kind 'bogus'"), bad.err());
    }
}
