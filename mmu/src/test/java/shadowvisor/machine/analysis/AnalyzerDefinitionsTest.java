package shadowvisor.machine.analysis;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import shadowvisor.machine.isa.Opcode;
import shadowvisor.machine.isa.Profile;

/**
 * Spec 8.1's definitions one at a time, each on a profile derived for it (spec 8, profile
 * files): an instruction made innocuous or privileged moves between the classes because of what
 * it does when executed, not because of its row.
 */
class AnalyzerDefinitionsTest {

    private static Profile innocuous(String mnemonic) {
        return Profile.derive("innocuous-" + mnemonic, Profile.PG, null, null, List.of(mnemonic), null, null);
    }

    /** A sensitive instruction that is not privileged and is user-sensitive: both theorems fail on it. */
    private static void assertUserSensitiveViolation(Analysis a, Opcode op) {
        Finding f = a.finding(op);
        assertAll(op.mnemonic() + ": " + f.witness(),
                () -> assertFalse(f.privileged()),
                () -> assertTrue(f.userSensitive()),
                () -> assertTrue(f.supervisorSensitive()),
                () -> assertEquals(Boolean.FALSE, f.caught()),
                () -> assertEquals(List.of(op), a.theorem1Violations()),
                () -> assertEquals(List.of(op), a.theorem3Violations()),
                () -> assertTrue(f.witness().contains("M=u"), f.witness()));
    }

    // privileged

    @Test
    void privilegedMeansTrapsPrivilegedInUserModeOnlyAndKeepsTheorem1() {
        Analysis a = Analyzer.analyze(Profile.derive("privileged-add", Profile.PG, null, null, null, List.of("add"), null));
        Finding add = a.finding(Opcode.ADD);
        assertTrue(add.privileged());
        assertNull(add.caught());
        // The same state with M = u traps: a different result, so sensitive, and privileged, as Theorem 1 asks.
        assertTrue(add.supervisorSensitive());
        assertFalse(add.userSensitive());
        assertTrue(a.theorem1Holds());
        assertTrue(a.theorem3Holds());
    }

    // user-sensitive: a variation of a user-mode state gives a different result

    @Test
    void innocuousRdpswReadsTheSegmentInUserMode() {
        Analysis a = Analyzer.analyze(innocuous("rdpsw"));
        assertUserSensitiveViolation(a, Opcode.RDPSW);
    }

    @Test
    void innocuousMfcrReadsPtbrOrTheTimerInUserMode() {
        Analysis a = Analyzer.analyze(innocuous("mfcr"));
        assertUserSensitiveViolation(a, Opcode.MFCR);
        assertTrue(a.finding(Opcode.MFCR).witness().matches(".*with (ptbr|timer)=.*"), a.finding(Opcode.MFCR).witness());
    }

    // user-sensitive: a user-mode state in which it retires and changes the system state

    @ParameterizedTest
    @ValueSource(strings = {"invlpg", "tlbflush"})
    void innocuousTlbInstructionsChangeTheTlb(String mnemonic) {
        Analysis a = Analyzer.analyze(innocuous(mnemonic));
        Opcode op = Opcode.byMnemonic(mnemonic);
        assertUserSensitiveViolation(a, op);
        assertTrue(a.finding(op).witness().contains("TLB entry dropped"), a.finding(op).witness());
    }

    /** The instructions that act on the machine itself run natively, not stopped by a VMM's host guard. */
    @ParameterizedTest
    @ValueSource(strings = {"out", "in", "halt", "mtcr", "lpsw"})
    void innocuousInstructionsThatActOnTheMachineChangeIt(String mnemonic) {
        Analysis a = Analyzer.analyze(innocuous(mnemonic));
        Opcode op = Opcode.byMnemonic(mnemonic);
        assertUserSensitiveViolation(a, op);
        assertTrue(a.finding(op).witness().contains("changes the system state"), a.finding(op).witness());
    }

    @Test
    void innocuousOutWritesTheConsoleInUserMode() {
        Finding out = Analyzer.analyze(innocuous("out")).finding(Opcode.OUT);
        assertTrue(out.witness().contains("console output"), out.witness());
    }

    @Test
    void innocuousHaltStopsTheMachineInUserMode() {
        Finding halt = Analyzer.analyze(innocuous("halt")).finding(Opcode.HALT);
        assertTrue(halt.witness().contains("halted"), halt.witness());
    }

    // supervisor-sensitive only: silent when the same state with M = u retires

    @Test
    void popfAddedToPgIsSupervisorSensitiveAndSilent() {
        Analysis a = Analyzer.analyze(Profile.derive("pg-popf", Profile.PG, List.of("popf"), null, null, null, null));
        Finding popf = a.finding(Opcode.POPF);
        assertAll(popf.witness(), () -> assertFalse(popf.privileged()), () -> assertFalse(popf.userSensitive()),
                () -> assertTrue(popf.supervisorSensitive()), () -> assertEquals(Boolean.FALSE, popf.caught()),
                () -> assertTrue(popf.witness().contains("silent")));
        assertEquals(List.of(Opcode.POPF), a.theorem1Violations());
        assertTrue(a.theorem3Holds());
    }

    @Test
    void popfMadePrivilegedLeavesX86FailingTheorem1OnlyOnSmsw() {
        Analysis a = Analyzer.analyze(Profile.derive("x86-popf-privileged", Profile.X86, null, null, null,
                List.of("popf"), null));
        assertTrue(a.finding(Opcode.POPF).privileged());
        assertEquals(List.of(Opcode.SMSW), a.theorem1Violations());
        assertEquals(List.of(Opcode.SMSW), a.theorem3Violations());
    }

    // caught: every state sensitive with M = s traps with M = u

    @Test
    void ksegOffMakesMipsVirtualizable() {
        Analysis a = Analyzer.analyze(Profile.derive("mips-no-kseg", Profile.MIPS, null, null, null, null, false));
        assertTrue(a.theorem1Holds(), () -> a.theorem1Violations().toString());
        assertTrue(a.theorem3Holds());
    }

    @Test
    void ksegOnPgMakesLoadsAndStoresCaught() {
        Analysis a = Analyzer.analyze(Profile.derive("pg-kseg", Profile.PG, null, null, null, null, true));
        assertEquals(List.of(Opcode.LD, Opcode.ST), a.theorem1Violations());
        assertEquals(Boolean.TRUE, a.finding(Opcode.LD).caught());
        assertEquals(Boolean.TRUE, a.finding(Opcode.ST).caught());
    }

    // what is defined is what is analysed

    @Test
    void undefinedInstructionsAreNotAnalysed() {
        Analysis a = Analyzer.analyze(Profile.derive("x86-no-smsw", Profile.X86, null, List.of("smsw"), null, null, null));
        assertNull(a.finding(Opcode.SMSW));
        assertEquals(List.of(Opcode.POPF), a.theorem1Violations());
        assertTrue(a.theorem3Holds());
    }
}
