package shadowvisor.machine.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static shadowvisor.machine.cpu.Words.*;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import shadowvisor.machine.cpu.Machine;
import shadowvisor.machine.Psw;
import shadowvisor.machine.TrapCause;

/**
 * Spec section 5 (last paragraph) and 9: the instruction limit stops the machine as soon as
 * that many instructions have retired, before any pending tick or further trap; if the last one
 * halts or powers off, that exit wins.
 */
class InstructionLimitTest {

    @ParameterizedTest(name = "§5 limit {0}: stops after exactly {0} retired, PC at the next instruction")
    @ValueSource(ints = {1, 2, 7, 1000, 65536})
    void stopsAfterExactlyN(int limit) {
        Rig rig = Rig.standard().code(addi(5, 5, 1), jal(0, -1)).boot().run(limit);
        assertEquals(Machine.EXIT_BUDGET, rig.exit);
        assertEquals(limit, rig.cpu.retired());
        assertEquals((limit + 1) / 2, rig.reg(5));
        assertEquals(limit % 2 == 0 ? Rig.CODE : Rig.CODE + 1, rig.psw().pc());
    }

    @Test
    @DisplayName("§5 limit 0: nothing runs, the PSW is the boot PSW")
    void limitZero() {
        Rig rig = Rig.standard().code(halt()).boot().run(0);
        assertEquals(Machine.EXIT_BUDGET, rig.exit);
        assertEquals(0, rig.cpu.retired());
        assertEquals(new Psw(Psw.S, 0, 4096, Rig.CODE), rig.psw());
    }

    @Test
    @DisplayName("§5 if the last instruction within the limit halts, halt wins")
    void haltAtTheLimitWins() {
        Rig rig = Rig.standard().code(NOP, NOP, halt()).boot().run(3);
        assertEquals(Machine.EXIT_HALT, rig.exit);
        assertEquals(3, rig.cpu.retired());
    }

    @Test
    @DisplayName("§5 if the last instruction within the limit powers off, poweroff wins")
    void powerOffAtTheLimitWins() {
        Rig rig = Rig.standard().code(NOP, out(1, 1)).boot().reg(1, 3).run(2);
        assertEquals(Machine.EXIT_POWEROFF, rig.exit);
        assertEquals(3, rig.devices.powerValue());
    }

    @Test
    @DisplayName("§5 a halt just past the limit does not run")
    void haltPastTheLimit() {
        Rig rig = Rig.standard().code(NOP, NOP, halt()).boot().run(2);
        assertEquals(Machine.EXIT_BUDGET, rig.exit);
        assertEquals(Rig.CODE + 2, rig.psw().pc());
    }

    @Test
    @DisplayName("§5 the limit stops before a further trap: the instruction after the Nth is not even fetched")
    void limitBeforeATrap() {
        Rig rig = Rig.standard().code(NOP, svc(1)).boot().run(1);
        assertEquals(Machine.EXIT_BUDGET, rig.exit);
        rig.assertNoTrap();
        assertEquals(Rig.CODE + 1, rig.psw().pc());
    }

    @Test
    @DisplayName("§5 traps do not count towards the limit, delivered traps still happen within it")
    void trapsDoNotRetire() {
        // svc loop: handler returns past the svc with lpsw; each round = svc (not retired) + 4 handler instructions.
        int[] handler = {ld(7, 3, 0), addi(7, 7, 1), st(7, 3, 0), lpsw(0, 0)};
        Rig rig = Rig.standard().code(svc(1), jal(0, -1)).put(Rig.HANDLER, handler).boot().run(50);
        assertEquals(Machine.EXIT_BUDGET, rig.exit);
        assertEquals(50, rig.cpu.retired());
        assertEquals(10, rig.traps(TrapCause.SVC), "each round: 4 handler instructions and the jal");
    }

    @Test
    @DisplayName("§5 run can resume: two budgets add up to the same machine as one")
    void resumable() {
        Rig once = Rig.standard().code(addi(5, 5, 3), r3(shadowvisor.machine.isa.Opcode.MUL, 6, 5, 5), jal(0, -2)).boot()
                .run(777);
        Rig twice = Rig.standard().code(addi(5, 5, 3), r3(shadowvisor.machine.isa.Opcode.MUL, 6, 5, 5), jal(0, -2)).boot()
                .run(300).run(477);
        assertEquals(once.reg(5), twice.reg(5));
        assertEquals(once.reg(6), twice.reg(6));
        assertEquals(once.psw(), twice.psw());
    }
}
