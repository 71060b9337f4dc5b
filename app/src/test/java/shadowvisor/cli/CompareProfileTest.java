package shadowvisor.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import shadowvisor.machine.analysis.Analyzer;
import shadowvisor.machine.isa.Opcode;
import shadowvisor.machine.isa.Profile;
import shadowvisor.mode.Mode;

/**
 * {@code compare} on a profile that breaks a theorem (spec section 9): a mode whose difference
 * from native the profile explains is shown as expected, with the theorem and the instructions,
 * and does not make {@code compare} exit 1.
 */
class CompareProfileTest {
    /**
     * The PDP-10's flaw in six instructions: supervisor code leaves for user mode with
     * {@code jrstu}, and the user code runs {@code halt}. Natively that traps PRIVILEGED into the
     * handler, which powers off with the cause + 40 (41). Under a trap-and-emulate VMM the
     * {@code jrstu} runs on the hardware, already in user mode, as a plain jump: the VMM never
     * learns that the guest left vm-supervisor, so it emulates the {@code halt} instead, and the
     * guest halts with status 0.
     */
    static final String JRSTU = """
            ; jrstu.s: jrstu to a user loop that runs a privileged instruction.
                    .org 16
            _start: li   r2, PSW_S
                    st   r2, NEW_PSW(r0)
                    st   r0, NEW_PSW+1(r0)
                    st   r1, NEW_PSW+2(r0)
                    li   r2, handler
                    st   r2, NEW_PSW+3(r0)
                    jrstu user(r0)
            user:   addi r3, r3, 1
                    halt
                    j    user
            handler:
                    ld   r4, TRAP_CAUSE(r0)
                    addi r4, r4, 40
                    out  r4, POWER
            """;

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void jrstuUnderATrapAndEmulateVmmIsAnExpectedDifference() throws IOException {
        Path program = Cli.file(dir, "jrstu.s", JRSTU);
        Path json = dir.resolve("c.json");
        Cli r = Cli.run("compare", "--profile", "pdp10", "--json", json, program);
        assertEquals(0, r.status(), r.out() + r.err());
        List<String> lines = r.out().lines().toList();
        assertTrue(lines.contains("profile pdp10"), r.out());
        assertTrue(lines.stream().anyMatch(l -> l.matches("native +poweroff 41 .* oracle .*")), r.out());
        for (String mode : List.of("segment", "shadow-trace", "shadow-vtlb")) {
            assertTrue(lines.stream().anyMatch(l -> l.matches(mode + " +halt 0 .* expected: exit, .*")), r.out());
        }
        // Theorem 3 holds for pdp10: the hybrid VMM interprets the kernel and runs the program exactly.
        assertTrue(lines.stream().anyMatch(l -> l.matches("hybrid +poweroff 41 .* yes .*")), r.out());
        assertTrue(lines.contains("expected: segment, shadow-trace, shadow-vtlb differ from native - Theorem 1 "
                + "violation: jrstu (silent)"), r.out());

        JsonNode j = JSON.readTree(json.toFile());
        assertEquals("pdp10", j.get("profile").asText());
        assertEquals(false, j.get("equivalent").asBoolean(true));
        assertEquals(0, j.get("findings").asInt(-1));
        for (JsonNode m : j.get("modes")) {
            assertEquals("pdp10", m.at("/report/profile").asText(), m.get("mode").asText());
            if (m.get("mode").asText().equals("native") || m.get("mode").asText().equals("hybrid")) {
                assertTrue(m.get("expected_difference").isNull());
            } else {
                assertEquals(1, m.at("/expected_difference/theorem").asInt());
                assertEquals("[\"jrstu\"]", m.at("/expected_difference/instructions").toString());
                assertTrue(m.get("differences").toString().contains("exit"), m.toString());
            }
        }
    }

    @Test
    void theProgramsProfileIsTheComparisonsToo() {
        Path program = Cli.file(dir, "jrstu.s", "        .profile pdp10\n" + JRSTU);
        Cli r = Cli.run("compare", "--modes", "segment", program);
        assertEquals(0, r.status(), r.out() + r.err());
        assertTrue(r.out().contains("\nexpected: segment differs from native - Theorem 1 violation: jrstu (silent)\n"),
                r.out());
    }

    @Test
    void onPgTheSameProgramIsEquivalent() {
        // pg lacks jrstu: it traps ILLEGAL in every mode alike, and no mode differs.
        Path program = Cli.file(dir, "jrstu.s", JRSTU);
        Cli r = Cli.run("compare", "--modes", "segment", program);
        assertEquals(0, r.status(), r.out() + r.err());
        assertTrue(r.out().lines().anyMatch(l -> l.matches("segment +poweroff 42 .* yes .*")), r.out());
        assertTrue(!r.out().contains("expected") && !r.out().contains("profile"), r.out());
    }

    @Test
    void eachModeExpectsWhatItsTheoremAllows() {
        ExpectedDifference pdp10 = ExpectedDifference.of(Mode.SEGMENT, Analyzer.analyze(Profile.PDP10));
        assertEquals(new ExpectedDifference(1, List.of(Opcode.JRSTU)), pdp10);
        assertEquals("Theorem 1 violation: jrstu (silent)", pdp10.text());
        ExpectedDifference x86 = ExpectedDifference.of(Mode.SHADOW_VTLB, Analyzer.analyze(Profile.X86));
        assertEquals(List.of(Opcode.POPF, Opcode.SMSW), x86.instructions());
        assertEquals("Theorem 1 violations: popf (silent), smsw (silent)", x86.text());
        // mips's ld and st are caught: they cost exits, never equivalence.
        assertNull(ExpectedDifference.of(Mode.SEGMENT, Analyzer.analyze(Profile.MIPS)));
        assertNull(ExpectedDifference.of(Mode.SEGMENT, Analyzer.analyze(Profile.PG)));
        assertNull(ExpectedDifference.of(Mode.NATIVE, Analyzer.analyze(Profile.PDP10)));
    }
}
