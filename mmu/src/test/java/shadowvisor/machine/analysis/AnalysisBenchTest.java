package shadowvisor.machine.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import shadowvisor.machine.TrapCause;
import shadowvisor.machine.isa.Encoding;
import shadowvisor.machine.isa.Opcode;
import shadowvisor.machine.isa.Profile;

/**
 * The bench that the analyzer's definitions rest on (spec 8.1): what a result is (relative to B),
 * what counts as a change of the system state (not the timer's countdown), and how an instruction
 * that a VMM's host guard would stop is observed instead (natively).
 */
class AnalysisBenchTest {
    private static final State S = State.DEFAULT;
    private static final State U = State.DEFAULT.withSupervisor(false);

    private static int word(int op, int a, int b, int c, int imm) {
        return Encoding.encode(op, a, b, c, imm);
    }

    @Test
    void resultIsRelativeToBSoARelocatedLoadAndStoreGiveTheSameResult() {
        Bench bench = new Bench(Profile.PG);
        int ld = word(Opcode.OP_LD, Bench.R_DEST, Bench.R_DATA, 0, 1);
        int st = word(Opcode.OP_ST, Bench.R_MIXED, Bench.R_DATA, 0, 1);
        for (int w : List.of(ld, st)) {
            Result at0 = bench.execute(w, S.withB(0)).result();
            Result at800 = bench.execute(w, S.withB(0x800)).result();
            assertTrue(at0.retired());
            assertNull(at800.differenceFrom(at0));
        }
    }

    @Test
    void theKsegWindowReadsPhysicalMemoryInSupervisorModeAndTrapsSegmentInUserMode() {
        Bench bench = new Bench(Profile.MIPS);
        int ld = word(Opcode.OP_LD, Bench.R_DEST, Bench.R_KSEG, 0, 0);
        Result atB0 = bench.execute(ld, S.withB(0)).result();
        Result atB400 = bench.execute(ld, S).result();
        assertTrue(atB0.retired());
        assertNotNull(atB400.differenceFrom(atB0), "the window bypasses B");
        Result user = bench.execute(ld, U).result();
        assertTrue(user.trapped(TrapCause.SEGMENT));
        assertEquals(Bench.REGISTERS[Bench.R_KSEG], user.value());
        assertEquals(TrapCause.ACC_U, user.detail());
    }

    @Test
    void theTimerCountdownAndTheTickItMakesPendingAreNoChange() {
        Bench bench = new Bench(Profile.PG);
        int add = word(Opcode.OP_ADD, Bench.R_DEST, Bench.R_MIXED, Bench.R_I_BIT, 0);
        for (State s : List.of(S.withTimer(1), S.withTimer(3), S.withTickPending(true), S.withInterrupts(true).withTimer(1))) {
            Outcome o = bench.execute(add, s);
            assertTrue(o.result().retired(), s.describe());
            assertNull(o.change(), s.describe());
        }
    }

    @Test
    void settingTheTimerOrClearingThePendingTickIsAChange() {
        Bench bench = new Bench(Profile.PG);
        int mtcrTimer = word(Opcode.OP_MTCR, 0, 0, 0, 1);
        assertEquals("the pending tick cleared", bench.execute(mtcrTimer, S.withTickPending(true)).change());
        assertEquals("timer 3 -> 0", bench.execute(mtcrTimer, S.withTimer(3)).change());
    }

    @Test
    void aPendingTickStateHoldsATickWithInterruptsOff() {
        Bench bench = new Bench(Profile.X86);
        int popf = word(Opcode.OP_POPF, 0, Bench.R_I_BIT, 0, 0);
        Outcome o = bench.execute(popf, S.withTickPending(true));
        assertEquals("I 0 -> 1", o.change(), "the tick is not delivered within the one instruction");
    }

    @Test
    void aUserModeInstructionAHostGuardWouldStopRunsNatively() {
        Profile p = Profile.derive("innocuous-io", Profile.PG, null, null, List.of("lpsw", "in"), null, null);
        Bench bench = new Bench(p);
        Outcome in = bench.execute(word(Opcode.OP_IN, Bench.R_DEST, 0, 0, 0), U);
        assertTrue(in.result().retired());
        assertEquals('A', in.result().register(Bench.R_DEST));
        assertEquals("a console input byte consumed", in.change());
        // lpsw's words lie beyond L: natively a SEGMENT trap, read from the trap area after delivery.
        Result lpsw = bench.execute(word(Opcode.OP_LPSW, 0, Bench.R_OUTSIDE, 0, 0), U).result();
        assertTrue(lpsw.trapped(TrapCause.SEGMENT));
        assertEquals(Bench.REGISTERS[Bench.R_OUTSIDE], lpsw.value());
        assertEquals(TrapCause.ACC_U, lpsw.detail());
        assertNull(lpsw.differenceFrom(bench.execute(word(Opcode.OP_LPSW, 0, Bench.R_OUTSIDE, 0, 0), U.withB(0)).result()),
                "the delivery's writes to the trap area are not the instruction's");
    }

    @Test
    void decodeTimeIllegalFieldsTrapIllegalInBothModes() {
        Bench bench = new Bench(Profile.PG);
        int rdpsw3 = word(Opcode.OP_RDPSW, Bench.R_DEST, 0, 0, 3);
        assertTrue(bench.execute(rdpsw3, S).result().trapped(TrapCause.ILLEGAL));
        assertTrue(bench.execute(rdpsw3, U).result().trapped(TrapCause.ILLEGAL));
    }
}
