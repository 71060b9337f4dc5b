package shadowvisor.machine.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static shadowvisor.machine.cpu.Words.*;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import shadowvisor.machine.cpu.Machine;
import shadowvisor.machine.Psw;
import shadowvisor.machine.TrapCause;

/**
 * Spec section 5, the interval timer: decremented after each retired instruction other than
 * {@code mtcr timer}; a tick pending at 0; delivered before the next fetch when I = 1 with the
 * saved PC of the next instruction; pending while I = 0; cleared by {@code mtcr timer};
 * {@code mfcr timer} reads the remaining count.
 */
class TimerTest {
    static final int TIMER = 1;

    @Test
    @DisplayName("§5 mtcr timer does not count down; every other retired instruction does; mfcr reads the count")
    void countDown() {
        Rig rig = Rig.standard().code(mtcr(TIMER, 2), NOP, NOP, mfcr(3, TIMER), halt()).boot().reg(2, 5).run();
        rig.assertHalted().assertNoTrap();
        assertEquals(3, rig.reg(3), "5, minus two nops");
        assertEquals(1, rig.cpu.timer(), "mfcr and halt counted down too");
        assertFalse(rig.cpu.tickPending());
    }

    @Test
    @DisplayName("§5 the tick is delivered before the next fetch when I = 1: TIMER, value 0, detail 0, saved PC = next")
    void tickDeliveredWithNextPc() {
        Rig rig = Rig.standard().code(mtcr(TIMER, 2), NOP, NOP, halt()).boot().reg(2, 2)
                .psw(Psw.S | Psw.I, 0, 4096, Rig.CODE).run();
        rig.assertTrap(TrapCause.TIMER, 0, 0, Rig.CODE + 3).assertSavedPsw(Psw.S | Psw.I, 0, 4096);
        assertEquals(4, rig.cpu.retired(), "mtcr, two nops, the handler's halt");
        assertFalse(rig.cpu.tickPending(), "delivery clears the tick");
        assertEquals(0, rig.cpu.timer());
    }

    @Test
    @DisplayName("§5 with I = 0 the tick stays pending; an lpsw setting I delivers it before the loaded PC's fetch")
    void tickStaysPendingWhileIIsClear() {
        Rig rig = Rig.standard().code(mtcr(TIMER, 2), NOP, NOP, NOP, NOP, lpsw(0x20, 0)).put(0x20, Psw.S | Psw.I, 0, 4096, 0x300)
                .boot().reg(2, 2).run();
        rig.assertTrap(TrapCause.TIMER, 0, 0, 0x300).assertSavedPsw(Psw.S | Psw.I, 0, 4096);
        assertEquals(7, rig.cpu.retired());
    }

    @Test
    @DisplayName("§5 a tick pending with I = 0 is observable and survives further instructions")
    void pendingTickWithInterruptsOff() {
        Rig rig = Rig.standard().code(mtcr(TIMER, 2), NOP, NOP, NOP, NOP, mfcr(3, TIMER), halt()).boot().reg(2, 2).run();
        rig.assertHalted().assertNoTrap();
        assertTrue(rig.cpu.tickPending());
        assertEquals(0, rig.reg(3), "the count stays at 0");
        assertEquals(0, rig.cpu.timer());
    }

    @Test
    @DisplayName("§5/§2 mtcr timer clears a pending tick")
    void mtcrClearsThePendingTick() {
        Rig rig = Rig.standard().code(mtcr(TIMER, 2), NOP, NOP, mtcr(TIMER, 0), lpsw(0x20, 0))
                .put(0x20, Psw.S | Psw.I, 0, 4096, 0x300).put(0x300, halt()).boot().reg(2, 1).run();
        rig.assertHalted().assertNoTrap();
        assertEquals(0x301, rig.psw().pc());
        assertFalse(rig.cpu.tickPending());
    }

    @Test
    @DisplayName("§5 mtcr timer with a new count replaces the old one")
    void mtcrRestartsTheCount() {
        // timer <- 2; nop (1); timer <- 3; nop (2); nop (1); nop (0: pending); the tick comes before CODE+6.
        Rig rig = Rig.standard().code(mtcr(TIMER, 2), NOP, mtcr(TIMER, 3), NOP, NOP, NOP, halt()).boot().reg(2, 2)
                .reg(3, 3).psw(Psw.S | Psw.I, 0, 4096, Rig.CODE).run();
        rig.assertTrap(TrapCause.TIMER, 0, 0, Rig.CODE + 6);
    }

    @Test
    @DisplayName("§5 the instruction that makes the tick pending may be the one that sets I (lpsw)")
    void lpswRetiringToZeroWithIOn() {
        Rig rig = Rig.standard().code(mtcr(TIMER, 2), lpsw(0x20, 0)).put(0x20, Psw.S | Psw.I, 0, 4096, 0x300)
                .boot().reg(2, 1).run();
        rig.assertTrap(TrapCause.TIMER, 0, 0, 0x300);
    }

    @Test
    @DisplayName("§5 a trapping instruction does not retire, so it does not count down")
    void trapsDoNotCountDown() {
        Rig rig = Rig.standard().code(mtcr(TIMER, 2), svc(0)).put(Rig.HANDLER, mfcr(3, TIMER), halt()).boot().reg(2, 1).run();
        rig.assertHalted();
        assertEquals(1, rig.reg(3), "svc did not decrement the timer");
        assertTrue(rig.cpu.tickPending(), "mfcr retired: 1 -> 0, pending (handler has I = 0)");
    }

    @Test
    @DisplayName("§5 the timer is an unsigned count: 0xFFFFFFFF counts down, not a negative number")
    void unsignedCount() {
        Rig rig = Rig.standard().code(mtcr(TIMER, 2), NOP, mfcr(3, TIMER), halt()).boot().reg(2, -1)
                .psw(Psw.S | Psw.I, 0, 4096, Rig.CODE).run();
        rig.assertHalted().assertNoTrap();
        assertEquals(-2, rig.reg(3));
    }

    @ParameterizedTest(name = "§5 a tick after {0} instructions of a loop arrives exactly then")
    @ValueSource(ints = {1, 2, 3, 999, 1000, 12345})
    void tickInALongLoop(int count) {
        // mtcr timer; loop: addi r5, r5, 1 ; jal r0, -1.  TIMER saved PC tells where the count ran out.
        Rig rig = Rig.standard().code(mtcr(TIMER, 2), addi(5, 5, 1), jal(0, -1)).boot().reg(2, count)
                .psw(Psw.S | Psw.I, 0, 4096, Rig.CODE).run(1_000_000);
        rig.assertTrap(TrapCause.TIMER, 0, 0, count % 2 == 0 ? Rig.CODE + 1 : Rig.CODE + 2);
        assertEquals((count + 1) / 2, rig.reg(5));
        assertEquals(count + 2, rig.cpu.retired(), "mtcr, count loop instructions, the handler's halt");
    }

    @Test
    @DisplayName("§5 ticks repeat: a handler that re-arms the timer gets a tick every period")
    void periodicTicks() {
        // Handler: r6++ (timer is 0: no count), mtcr timer (never counts), lpsw OLD_PSW (counts: 100 -> 99).
        // So the first period runs 100 loop instructions, every later one 99; each handler adds 3.
        int[] handler = {addi(6, 6, 1), mtcr(TIMER, 2), lpsw(0, 0)};
        Rig rig = Rig.standard().code(mtcr(TIMER, 2), addi(5, 5, 1), jal(0, -1)).put(Rig.HANDLER, handler)
                .boot().reg(2, 100).psw(Psw.S | Psw.I, 0, 4096, Rig.CODE).run(1 + 100 + 3 + 9 * (99 + 3));
        assertEquals(Machine.EXIT_BUDGET, rig.exit);
        assertEquals(10, rig.traps(TrapCause.TIMER));
        assertEquals(10, rig.reg(6));
        assertEquals((100 + 9 * 99 + 1) / 2, rig.reg(5), "addi and jal alternate across interruptions: ceil(991 / 2)");
        assertEquals(99, rig.cpu.timer(), "the last handler's lpsw counted down once");
    }

    @Test
    @DisplayName("§5 a trace (one instruction per burst) sees the same ticks as the fast loop")
    void traceDoesNotChangeTiming() {
        int[] handler = {addi(6, 6, 1), mtcr(TIMER, 2), lpsw(0, 0)};
        long[] outcome = new long[2];
        for (int traced = 0; traced < 2; traced++) {
            Rig rig = Rig.standard().code(mtcr(TIMER, 2), addi(5, 5, 1), jal(0, -1)).put(Rig.HANDLER, handler)
                    .boot().reg(2, 37).psw(Psw.S | Psw.I, 0, 4096, Rig.CODE);
            if (traced == 1) {
                rig.cpu.setTrace(Rig.SINGLE_STEP);
            }
            rig.run(5000);
            outcome[traced] = ((long) rig.reg(5) << 32) | rig.reg(6);
        }
        assertEquals(outcome[0], outcome[1], "r5 (loop count) and r6 (ticks), with and without a trace");
    }

    @Test
    @DisplayName("§5 boot: timer 0, nothing pending; ticks never come without mtcr timer")
    void noTickWithoutATimer() {
        Rig rig = Rig.standard().code(addi(5, 5, 1), jal(0, -1)).boot().psw(Psw.S | Psw.I, 0, 4096, Rig.CODE).run(10_000);
        assertEquals(Machine.EXIT_BUDGET, rig.exit);
        rig.assertNoTrap();
        assertEquals(0, rig.cpu.timer());
    }

    @Test
    @DisplayName("§5/§9 the limit stops before a pending tick is delivered")
    void limitBeforeTick() {
        Rig rig = Rig.standard().code(mtcr(TIMER, 2), NOP, NOP, NOP).boot().reg(2, 2)
                .psw(Psw.S | Psw.I, 0, 4096, Rig.CODE).run(3);
        assertEquals(Machine.EXIT_BUDGET, rig.exit);
        rig.assertNoTrap();
        assertTrue(rig.cpu.tickPending());
        assertEquals(Rig.CODE + 3, rig.psw().pc());
        rig.run(1);
        rig.assertTrap(TrapCause.TIMER, 0, 0, Rig.CODE + 3);
    }
}
