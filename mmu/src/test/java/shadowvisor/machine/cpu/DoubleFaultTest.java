package shadowvisor.machine.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static shadowvisor.machine.cpu.Words.*;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import shadowvisor.machine.cpu.Machine;
import shadowvisor.machine.Psw;
import shadowvisor.machine.TrapCause;

/**
 * Spec section 4, "Double fault": a synchronous trap raised by the first instruction after a
 * delivery shuts the machine down; nothing is written to the trap area for it, it is not
 * counted, and the final PSW is the one the delivery loaded. A TIMER delivery is never the
 * second trap, and it opens a new first-instruction window.
 */
class DoubleFaultTest {
    static final int BAD = 0x300;   // an undefined word (0) sits here

    static void assertShutdown(Rig rig) {
        assertEquals(Machine.EXIT_SHUTDOWN, rig.exit, "exit code (4 = shutdown)");
        assertTrue(rig.cpu.shutdownReason().contains("double fault"), rig.cpu.shutdownReason());
    }

    @Test
    @DisplayName("§4 the handler's first instruction traps: shutdown, the trap area keeps the first trap")
    void firstHandlerInstructionTraps() {
        Rig rig = Rig.standard().code(NOP, svc(5)).trapTo(Psw.S, 0, 4096, BAD).boot().run();
        assertShutdown(rig);
        assertEquals(TrapCause.SVC.code(), rig.word(8), "word 8 still holds the first trap");
        assertEquals(5, rig.word(9));
        assertEquals(0, rig.word(10));
        assertEquals(Rig.CODE + 1, rig.word(3), "words 0..3 hold the PSW interrupted by the first trap");
        assertEquals(1, rig.traps(TrapCause.SVC));
        assertEquals(0, rig.traps(TrapCause.ILLEGAL), "the second trap is not counted");
        assertEquals(1, rig.trapTotal());
        assertEquals(new Psw(Psw.S, 0, 4096, BAD), rig.psw(), "the final PSW is the one loaded by the delivery");
        assertEquals(1, rig.cpu.retired());
        rig.assertReservedUntouched();
    }

    @Test
    @DisplayName("§4 the handler's first fetch faults (new PSW with L = 0): shutdown")
    void firstHandlerFetchFaults() {
        Rig rig = Rig.standard().code(svc(1)).trapTo(0, 0x100, 0, 0).boot().run();
        assertShutdown(rig);
        assertEquals(new Psw(0, 0x100, 0, 0), rig.psw());
        assertEquals(TrapCause.SVC.code(), rig.word(8));
        assertEquals(1, rig.trapTotal());
    }

    @Test
    @DisplayName("§4 new PSW with reserved flag bits: ignored, the final PSW holds defined bits only")
    void shutdownPswHasDefinedFlagsOnly() {
        Rig rig = Rig.standard().code(svc(1)).trapTo(0xFFFFFF00 | Psw.S | Psw.I, 0, 4096, BAD).boot().run();
        assertShutdown(rig);
        assertEquals(new Psw(Psw.S | Psw.I, 0, 4096, BAD), rig.psw());
    }

    @Test
    @DisplayName("§4 a trap raised after the handler retired one instruction is delivered normally")
    void secondInstructionMayTrap() {
        // Handler: nop, then on the first entry svc 9; on the second entry halt.
        Rig rig = Rig.standard().code(svc(1))
                .put(Rig.HANDLER, NOP, ld(7, 9, 0), addi(7, 7, -1), branch(shadowvisor.machine.isa.Opcode.BNE, 7, 0, 2),
                        svc(9), halt())
                .boot().run().assertHalted();
        assertEquals(2, rig.traps(TrapCause.SVC));
        assertNull(rig.cpu.shutdownReason());
    }

    @Test
    @DisplayName("§4 the first instruction after boot may trap: no delivery happened yet")
    void firstInstructionAfterBootIsDelivered() {
        Rig.standard().code(0).boot().run().assertTrap(TrapCause.ILLEGAL, 0, 0, Rig.CODE);
    }

    @Test
    @DisplayName("§4 a halting, retiring first instruction closes the window (lpsw back, then a trap)")
    void retiredFirstInstructionClosesTheWindow() {
        // Handler: lpsw OLD_PSW+... returns to a PSW whose PC is an illegal word: that trap is the first of a new window.
        Rig rig = Rig.standard().code(svc(1)).put(Rig.HANDLER, lpsw(0x20, 0)).put(0x20, Psw.S, 0, 4096, BAD)
                .trapTo(Psw.S, 0, 4096, Rig.HANDLER).boot().run(10);
        // svc -> handler lpsw (retires) -> ILLEGAL at BAD delivered -> lpsw -> ILLEGAL ... until the budget.
        assertEquals(Machine.EXIT_BUDGET, rig.exit);
        assertEquals(10, rig.cpu.retired());
        assertEquals(1, rig.traps(TrapCause.SVC));
        assertEquals(9, rig.traps(TrapCause.ILLEGAL), "the 10th lpsw hit the limit before its ILLEGAL");
    }

    @Test
    @DisplayName("§4 TIMER is never the second trap: a tick pending at delivery is delivered to the handler")
    void timerIsNeverTheSecondTrap() {
        // Timer 1 with I = 0; svc; the handler's PSW has I = 1: the tick (pending since nop) is delivered first.
        Rig rig = Rig.standard().code(mtcr(1, 2), NOP, svc(3)).trapTo(Psw.S | Psw.I, 0, 4096, 0x200)
                .put(0x200, ld(5, 8, 0), halt()).boot().reg(2, 1).run();
        rig.assertHalted();
        assertEquals(1, rig.traps(TrapCause.SVC));
        assertEquals(1, rig.traps(TrapCause.TIMER));
        assertEquals(TrapCause.TIMER.code(), rig.reg(5), "the handler ran after the TIMER delivery");
        assertEquals(0x200, rig.word(3), "TIMER saved the handler's first PC, the next instruction to run");
        assertEquals(Psw.S | Psw.I, rig.word(0));
    }

    @Test
    @DisplayName("§4 TIMER opens a new window: the first instruction after a TIMER delivery trapping shuts down")
    void timerDeliveryOpensANewWindow() {
        Rig rig = Rig.standard().code(mtcr(1, 2), NOP, NOP).trapTo(Psw.S, 0, 4096, BAD).boot().reg(2, 1)
                .psw(Psw.S | Psw.I, 0, 4096, Rig.CODE).run();
        assertShutdown(rig);
        assertEquals(1, rig.traps(TrapCause.TIMER));
        assertEquals(1, rig.trapTotal());
        assertEquals(TrapCause.TIMER.code(), rig.word(8));
        assertEquals(Rig.CODE + 2, rig.word(3), "TIMER saved the next instruction");
        assertEquals(new Psw(Psw.S, 0, 4096, BAD), rig.psw());
        assertEquals(2, rig.cpu.retired());
    }

    @Test
    @DisplayName("§4 a sync trap, then TIMER at the handler's start, then the handler's first instruction traps: shutdown")
    void syncThenTimerThenTrap() {
        Rig rig = Rig.standard().code(mtcr(1, 2), svc(4)).trapTo(Psw.S | Psw.I, 0, 4096, BAD).boot().reg(2, 1).run();
        // mtcr does not count down: the timer is still 1 at svc, which does not retire. So no tick: plain double fault.
        assertShutdown(rig);
        assertEquals(1, rig.traps(TrapCause.SVC));
        assertEquals(0, rig.traps(TrapCause.TIMER));
        assertEquals(1, rig.cpu.timer());
    }
}
