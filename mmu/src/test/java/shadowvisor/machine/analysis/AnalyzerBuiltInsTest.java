package shadowvisor.machine.analysis;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import shadowvisor.machine.isa.InstructionClass;
import shadowvisor.machine.isa.Opcode;
import shadowvisor.machine.isa.Profile;

/**
 * Spec 8.1, "For the built-in profiles the verdicts are": the five built-ins, each verdict and
 * each violation exactly, and the analyzer's executed classification against the table it never
 * reads.
 */
class AnalyzerBuiltInsTest {
    private static final Map<Profile, Analysis> ANALYSES = new ConcurrentHashMap<>();

    static Analysis analysis(Profile p) {
        return ANALYSES.computeIfAbsent(p, Analyzer::analyze);
    }

    @Test
    void pgSatisfiesTheorems1And3() {
        Analysis a = analysis(Profile.PG);
        assertAll(() -> assertTrue(a.theorem1Holds()), () -> assertTrue(a.theorem3Holds()),
                () -> assertEquals(List.of(), a.theorem1Violations()),
                () -> assertEquals(List.of(), a.theorem3Violations()));
    }

    @Test
    void pdp10BreaksTheorem1SilentlyOnJrstuAndKeepsTheorem3() {
        Analysis a = analysis(Profile.PDP10);
        assertEquals(List.of(Opcode.JRSTU), a.theorem1Violations());
        assertTrue(a.theorem3Holds());
        Finding jrstu = a.finding(Opcode.JRSTU);
        assertAll(() -> assertFalse(jrstu.privileged()), () -> assertFalse(jrstu.userSensitive()),
                () -> assertTrue(jrstu.supervisorSensitive()), () -> assertEquals(Boolean.FALSE, jrstu.caught()));
    }

    @Test
    void x86BreaksTheorem1OnPopfAndSmswAndTheorem3OnSmsw() {
        Analysis a = analysis(Profile.X86);
        assertEquals(List.of(Opcode.POPF, Opcode.SMSW), a.theorem1Violations());
        assertEquals(List.of(Opcode.SMSW), a.theorem3Violations());
        Finding popf = a.finding(Opcode.POPF);
        Finding smsw = a.finding(Opcode.SMSW);
        assertAll(() -> assertFalse(popf.userSensitive()), () -> assertTrue(popf.supervisorSensitive()),
                () -> assertEquals(Boolean.FALSE, popf.caught()),
                () -> assertTrue(smsw.userSensitive()), () -> assertTrue(smsw.supervisorSensitive()),
                () -> assertEquals(Boolean.FALSE, smsw.caught()));
    }

    @Test
    void armBreaksBothTheoremsOnMrs() {
        Analysis a = analysis(Profile.ARM);
        assertEquals(List.of(Opcode.MRS), a.theorem1Violations());
        assertEquals(List.of(Opcode.MRS), a.theorem3Violations());
        Finding mrs = a.finding(Opcode.MRS);
        assertTrue(mrs.userSensitive(), "mrs reads I in user mode too");
        assertEquals(Boolean.FALSE, mrs.caught());
    }

    @Test
    void mipsBreaksTheorem1OnLdAndStWhichAreCaughtAndKeepsTheorem3() {
        Analysis a = analysis(Profile.MIPS);
        assertEquals(List.of(Opcode.LD, Opcode.ST), a.theorem1Violations());
        assertTrue(a.theorem3Holds());
        for (Opcode op : List.of(Opcode.LD, Opcode.ST)) {
            Finding f = a.finding(op);
            assertAll(op.mnemonic(), () -> assertFalse(f.userSensitive()), () -> assertTrue(f.supervisorSensitive()),
                    () -> assertEquals(Boolean.TRUE, f.caught()),
                    () -> assertTrue(f.witness().contains("SEGMENT"), f.witness()));
        }
    }

    /** Executed, never read: the analyzer's privileged flag agrees with every built-in's table. */
    @Test
    void privilegedAsExecutedMatchesEveryBuiltInTable() {
        for (Profile p : Profile.builtIns()) {
            Analysis a = analysis(p);
            assertEquals(p.instructions(), a.findings().stream().map(Finding::opcode).toList(), p.name());
            for (Finding f : a.findings()) {
                assertEquals(p.privileged(f.opcode()), f.privileged(), p.name() + " " + f.opcode().mnemonic());
            }
        }
    }

    /** Relocation is not sensitivity: every instruction of pg's innocuous rows comes out not sensitive. */
    @Test
    void pgInnocuousRowsAreNotSensitiveAndItsSensitiveOnesArePrivileged() {
        for (Finding f : analysis(Profile.PG).findings()) {
            boolean innocuousRow = Profile.PG.classOf(f.opcode().code()) != InstructionClass.PRIVILEGED;
            assertEquals(!innocuousRow, f.sensitive(), f.opcode().mnemonic() + ": " + f.witness());
            assertNull(f.caught(), f.opcode().mnemonic());
            assertFalse(f.witness().isBlank());
            assertFalse(f.witness().contains("\n"));
        }
    }

    @Test
    void svcAlwaysTrapsSoItIsNeitherPrivilegedNorSensitive() {
        Finding svc = analysis(Profile.PG).finding(Opcode.SVC);
        assertAll(() -> assertFalse(svc.privileged()), () -> assertFalse(svc.sensitive()),
                () -> assertTrue(svc.witness().contains("SVC"), svc.witness()));
    }

    @Test
    void innocuousInstructionsSaySo() {
        for (Opcode op : List.of(Opcode.ADD, Opcode.LD, Opcode.ST, Opcode.BEQ, Opcode.JAL, Opcode.JALR)) {
            assertTrue(analysis(Profile.PG).finding(op).witness().startsWith("innocuous"), op.mnemonic());
        }
    }
}
