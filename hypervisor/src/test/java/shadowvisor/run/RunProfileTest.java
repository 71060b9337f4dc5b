package shadowvisor.run;

import shadowvisor.mode.Mode;
import shadowvisor.result.RunReport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import shadowvisor.asm.Assembler;
import shadowvisor.machine.TrapCause;
import shadowvisor.machine.image.Image;
import shadowvisor.machine.isa.Profile;

/**
 * The run's profile (spec section 8): every CPU of a run is built with it, the bare machine's
 * natively and the host's under a VMM, and every report names it ({@code profile} in
 * {@code --json}, spec section 9).
 */
class RunProfileTest {
    /**
     * {@code smsw r3, flags} in supervisor mode, then power off with the flags + 10; a trap
     * powers off with its cause + 40 instead.
     */
    static final Image SMSW = Assembler.assembleString("smsw.s", """
                    .org 16
            _start: li   r2, PSW_S
                    st   r2, NEW_PSW(r0)
                    st   r0, NEW_PSW+1(r0)
                    st   r1, NEW_PSW+2(r0)
                    li   r2, handler
                    st   r2, NEW_PSW+3(r0)
                    smsw r3, flags
                    addi r3, r3, 10
                    out  r3, POWER
            handler:
                    ld   r4, TRAP_CAUSE(r0)
                    addi r4, r4, 40
                    out  r4, POWER
            """).image();

    private static RunReport run(Mode mode, Profile profile) {
        return Runner.run(List.of(SMSW), RunOptions.defaults(mode).withMem(1024).withProfile(profile)).get(0);
    }

    @Test
    void theDefaultProfileIsPg() {
        assertEquals(Profile.PG, RunOptions.defaults(Mode.NATIVE).profile());
        assertThrows(NullPointerException.class, () -> RunOptions.defaults(Mode.NATIVE).withProfile(null));
    }

    @Test
    void nativeRunsTheProfilesInstructions() {
        RunReport r = run(Mode.NATIVE, Profile.X86);
        assertEquals(11, r.status(), "smsw reads flags = S");
        assertEquals("x86", r.profile());
    }

    @Test
    void anInstructionTheProfileLacksTrapsIllegal() {
        RunReport r = run(Mode.NATIVE, Profile.PG);
        assertEquals(40 + TrapCause.ILLEGAL.code(), r.status());
        assertEquals(1, r.traps(TrapCause.ILLEGAL));
        assertEquals("pg", r.profile());
    }

    @Test
    void theHostMachineOfAVmmRunsTheProfile() {
        RunReport pg = run(Mode.SEGMENT, Profile.PG);
        assertEquals(40 + TrapCause.ILLEGAL.code(), pg.status());
        assertEquals("pg", pg.profile());
        // x86 under segment: smsw runs on the hardware and reads its PSW (M' = u, I' = 1, spec 7.2
        // and 8), not the vPSW: the difference that Theorem 1 predicts.
        RunReport x86 = run(Mode.SEGMENT, Profile.X86);
        assertEquals(10 + 4, x86.status());
        assertEquals("x86", x86.profile());
    }

    @Test
    void everyVmReportNamesTheProfile() {
        List<RunReport> reports = Runner.run(List.of(SMSW, SMSW),
                RunOptions.defaults(Mode.SEGMENT).withMem(1024).withProfile(Profile.PDP10));
        assertEquals(List.of("pdp10", "pdp10"), reports.stream().map(RunReport::profile).toList());
    }

    @Test
    void theJsonNamesTheProfileAfterTheMode() {
        ObjectNode o = ReportJson.toJson(run(Mode.NATIVE, Profile.X86));
        List<String> keys = new ArrayList<>();
        o.fieldNames().forEachRemaining(keys::add);
        assertEquals(List.of("mode", "profile", "exit", "console", "instructions", "traps", "tlb", "registers", "psw",
                "memory"), keys);
        assertEquals("x86", o.get("profile").asText());
    }
}
