package shadowvisor.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code compare}: one row per mode, native first as the oracle, equivalence judged key by key,
 * the mode's own counters in a second table, a paging guest refused by segment without failing
 * the command, and {@code --json} with the same figures and each mode's report.
 */
class CompareCommandTest {
    /**
     * The smallest guest that turns paging on: an identity map of page 0, {@code lpsw} with P = 1,
     * one character, power-off with 5. Self-contained, so the test does not depend on the
     * bundled kernels.
     */
    static final String PAGED = """
            ; paged.s: paging on over an identity map of page 0, then print P and power off with 5.
                    .equ PD, 0x400
                    .equ PT, 0x800
                    .org 16
            _start: li   r2, PTE_P | PTE_W          ; PTE 0 -> frame 0
                    st   r2, PT(r0)
                    li   r2, PT | PTE_P | PTE_W     ; PDE 0 -> the page table
                    st   r2, PD(r0)
                    li   r2, PD
                    mtcr ptbr, r2
                    lpsw paged_psw(r0)
            paged_psw:
                    .word PSW_S | PSW_P, 0, 0x40000000, paged
            paged:  li   r1, 'P'
                    out  r1, CONSOLE
                    li   r1, 10
                    out  r1, CONSOLE
                    li   r1, 5
                    out  r1, POWER
            """;

    @TempDir
    Path dir;

    @Test
    void helloIsEquivalentInEveryMode() {
        Cli r = Cli.run("compare", Cli.guest(dir, "hello.s"));
        assertEquals(0, r.status(), r.err());
        assertEquals("", r.err());
        List<String> lines = r.out().lines().toList();
        assertEquals("console (native):", lines.get(0), r.out());
        assertEquals("hello, pg", lines.get(1), r.out());
        int header = lines.indexOf(lines.stream().filter(l -> l.startsWith("mode ")).findFirst().orElseThrow());
        assertTrue(lines.get(header).matches("mode +exit +instructions +equivalent +host ms +ratio +modeled +emulated +reflected +exits"),
                lines.get(header));
        assertTrue(lines.get(header + 1).matches("native +poweroff 7 +56 +oracle +[0-9.]+ +1\\.00 +1\\.00 +- +- +-"), r.out());
        assertTrue(lines.get(header + 2).matches("segment +poweroff 7 +56 +yes +[0-9.]+ +[0-9.]+ +[0-9.]+ +11 +0 +PRIVILEGED 11"),
                r.out());
        // hybrid interprets all 56 instructions (hello.s never leaves supervisor mode): no exit at all.
        assertTrue(lines.get(header + 3).matches("hybrid +poweroff 7 +56 +yes +[0-9.]+ +[0-9.]+ +[0-9.]+ +0 +0 +none"), r.out());
        assertTrue(lines.get(header + 4).matches("shadow-trace +poweroff 7 +56 +yes .*PRIVILEGED 11, PAGE 1"), r.out());
        assertTrue(lines.get(header + 5).matches("shadow-vtlb +poweroff 7 +56 +yes .*PRIVILEGED 11, PAGE 1"), r.out());
        // The second table: one row per counter, one column per VMM.
        assertTrue(lines.stream().anyMatch(l -> l.matches("counter +segment +hybrid +shadow-trace +shadow-vtlb")), r.out());
        assertTrue(lines.stream().anyMatch(l -> l.matches("interpreted +- +56 +- +-")), r.out());
        assertTrue(lines.stream().anyMatch(l -> l.matches("hidden_faults +- +- +1 +1")), r.out());
        assertTrue(lines.stream().anyMatch(l -> l.matches("shadow_pages_built +- +- +\\d+ +\\d+")), r.out());
    }

    @Test
    void segmentRefusesAPagingGuestWithoutFailingTheCommand() {
        Path paged = Cli.file(dir, "paged.s", PAGED);
        Cli r = Cli.run("compare", paged);
        assertEquals(0, r.status(), r.out() + r.err());
        assertTrue(r.out().startsWith("console (native):\nP\n"), r.out());
        List<String> lines = r.out().lines().toList();
        assertTrue(lines.stream().anyMatch(l -> l.matches("native +poweroff 5 +\\d+ +oracle .*")), r.out());
        for (String mode : List.of("segment", "hybrid")) {
            assertTrue(lines.stream().anyMatch(l -> l.matches(mode + " +refused: .*paging.*shadow-trace.*shadow-vtlb.*")),
                    r.out());
        }
        assertTrue(lines.stream().anyMatch(l -> l.matches("shadow-trace +poweroff 5 +\\d+ +yes .*")), r.out());
        assertTrue(lines.stream().anyMatch(l -> l.matches("shadow-vtlb +poweroff 5 +\\d+ +yes .*")), r.out());
        assertTrue(lines.stream().anyMatch(l -> l.matches("counter +shadow-trace +shadow-vtlb")), r.out());
    }

    @Test
    void modesRepeatAndTheSharedGuestOptions() {
        Path hello = Cli.guest(dir, "hello.s");
        Cli r = Cli.run("compare", "--modes=shadow-vtlb,segment", "--repeat", "2", "--mem", "64K", hello);
        assertEquals(0, r.status(), r.err());
        List<String> rows = r.out().lines().dropWhile(l -> !l.startsWith("mode ")).skip(1)
                .takeWhile(l -> !l.isEmpty()).map(l -> l.split(" +")[0]).toList();
        assertEquals(List.of("native", "shadow-vtlb", "segment"), rows, "native first, then the order given");
        Cli limited = Cli.run("compare", "--modes", "segment", "--max-instructions", "10", hello);
        assertEquals(0, limited.status(), limited.err());
        assertTrue(limited.out().lines().anyMatch(l -> l.matches("segment +limit 124 +10 +yes .*")), limited.out());
        Cli input = Cli.run("compare", "--modes", "segment", "--input=-x", hello);
        assertEquals(0, input.status(), input.err());
    }

    @Test
    void aMemoryTheShadowModesRefuseIsARefusedRow() {
        Cli r = Cli.run("compare", "--mem", "1500", Cli.guest(dir, "hello.s"));
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().lines().anyMatch(l -> l.matches("segment +poweroff 7 +56 +yes .*")), r.out());
        assertTrue(r.out().lines().anyMatch(l -> l.matches("shadow-trace +refused: .*pages.*")), r.out());
        assertTrue(r.out().lines().anyMatch(l -> l.matches("shadow-vtlb +refused: .*pages.*")), r.out());
    }

    @Test
    void jsonHasTheTableAndEachModesReport() throws Exception {
        Path json = dir.resolve("c.json");
        Path paged = Cli.file(dir, "paged.s", PAGED);
        Cli r = Cli.run("compare", "--json", json, paged);
        assertEquals(0, r.status(), r.err());
        JsonNode root = new ObjectMapper().readTree(json.toFile());
        assertEquals(paged.toString(), root.get("program").asText());
        assertTrue(root.get("equivalent").asBoolean());
        assertEquals(4194304, root.get("mem").asInt());
        JsonNode modes = root.get("modes");
        assertEquals(5, modes.size());
        List<String> keys = List.of("mode", "refused", "exit", "instructions", "equivalent", "differences", "host_ms",
                "ratio", "vmm", "report");
        for (JsonNode m : modes) {
            for (String k : keys) {
                assertTrue(m.has(k), m.get("mode") + " lacks " + k);
            }
        }
        JsonNode nativeRow = modes.get(0);
        assertEquals("native", nativeRow.get("mode").asText());
        assertTrue(nativeRow.get("refused").isNull());
        assertTrue(nativeRow.get("equivalent").asBoolean());
        assertEquals(1.0, nativeRow.get("ratio").asDouble(), 1e-9);
        assertTrue(nativeRow.get("vmm").isNull());
        assertEquals("poweroff", nativeRow.get("exit").get("kind").asText());
        assertEquals("P\n", nativeRow.get("report").get("console").asText());
        JsonNode segment = modes.get(1);
        assertEquals("segment", segment.get("mode").asText());
        assertTrue(segment.get("refused").asText().contains("paging"), segment.toString());
        assertTrue(segment.get("equivalent").isNull());
        assertEquals("shutdown", segment.get("report").get("exit").get("kind").asText());
        assertTrue(modes.get(2).get("refused").asText().contains("paging"), "hybrid refuses paging as segment does");
        JsonNode trace = modes.get(3);
        assertEquals("shadow-trace", trace.get("mode").asText());
        assertTrue(trace.get("equivalent").asBoolean());
        assertEquals(0, trace.get("differences").size());
        assertEquals(nativeRow.get("instructions").asLong(), trace.get("instructions").asLong());
        assertTrue(trace.get("vmm").has("hidden_faults"), trace.get("vmm").toString());
        assertTrue(trace.get("vmm").get("exits").has("PRIVILEGED"), trace.get("vmm").toString());
        assertEquals(trace.get("vmm"), trace.get("report").get("vmm"));
    }

    /**
     * A guest outside the contract: it changes a PTE without {@code invlpg} and reads through it
     * again. Natively the stale TLB entry still maps the old frame; shadow-trace, which keeps its
     * shadows coherent with every page-table write, sees the new one. Spec 7.1 promises
     * equivalence only to guests that keep the TLB discipline, so this is not a VMM bug, and it
     * is how the table shows a mode that is not equivalent.
     */
    static final String STALE = """
                    .equ PD, 0x400
                    .equ PT, 0x800
                    .org 16
            _start: li   r2, PTE_P | PTE_W          ; PTE 0 -> frame 0 (this code)
                    st   r2, PT(r0)
                    li   r2, 0xC00 | PTE_P | PTE_W  ; PTE 1 -> frame 3
                    st   r2, PT+1(r0)
                    li   r2, PT | PTE_P | PTE_W     ; PTE 2 -> frame 2 (the page table)
                    st   r2, PT+2(r0)
                    li   r2, PT | PTE_P | PTE_W     ; PDE 0 -> the page table
                    st   r2, PD(r0)
                    li   r2, 111
                    st   r2, 0xC00(r0)
                    li   r2, 222
                    st   r2, 0x1000(r0)
                    li   r2, PD
                    mtcr ptbr, r2
                    lpsw paged_psw(r0)
            paged_psw:
                    .word PSW_S | PSW_P, 0, 0x40000000, paged
            paged:  li   r3, 0x400
                    ld   r4, 0(r3)                  ; 111, and the TLB maps page 1 -> frame 3
                    li   r2, 0x1000 | PTE_P | PTE_W
                    st   r2, PT+1(r0)               ; page 1 -> frame 4, without invlpg
                    ld   r5, 0(r3)
                    out  r5, POWER
            """;

    @Test
    void aModeThatIsNotEquivalentNamesTheKeysAndFailsTheCommand() throws Exception {
        Path json = dir.resolve("stale.json");
        Cli r = Cli.run("compare", "--modes", "shadow-trace", "--json", json, Cli.file(dir, "stale.s", STALE));
        assertEquals(1, r.status(), r.out() + r.err());
        assertTrue(r.out().lines().anyMatch(l -> l.matches("native +poweroff 111 .*")), r.out());
        assertTrue(r.out().lines().anyMatch(l -> l.matches("shadow-trace +poweroff 222 +\\d+ +no: exit, registers.*")),
                r.out());
        assertTrue(r.out().contains("console (native): empty\n"), r.out());
        JsonNode root = new ObjectMapper().readTree(json.toFile());
        assertTrue(!root.get("equivalent").asBoolean());
        JsonNode trace = root.get("modes").get(1);
        assertTrue(!trace.get("equivalent").asBoolean());
        assertEquals("exit", trace.get("differences").get(0).asText());
    }

    @Test
    void theConsoleOfALongRunIsSummedUp() {
        String source = """
                        .org 16
                _start: li   r2, 100
                loop:   li   r1, 'x'
                        out  r1, CONSOLE
                        li   r1, 10
                        out  r1, CONSOLE
                        addi r2, r2, -1
                        bnez r2, loop
                        out  r0, POWER
                """;
        Cli r = Cli.run("compare", "--modes", "segment", Cli.file(dir, "lines.s", source));
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().startsWith("console (native): 200 bytes, 100 lines (not shown"), r.out());
    }
}
