package shadowvisor.machine.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static shadowvisor.machine.cpu.Words.*;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import shadowvisor.machine.cpu.Machine;
import shadowvisor.machine.device.Console;

/**
 * Spec section 5, the device ports: port 0 the console (output of the low 8 bits; input one
 * byte per {@code in}, then 0xFFFFFFFF), port 1 power, other ports ignored on {@code out} and 0
 * on {@code in}; and section 2: {@code halt} and {@code out} to power retire with the final
 * PC = their address + 1.
 */
class DevicesTest {
    static final int CONSOLE = 0, POWER = 1;

    @Test
    @DisplayName("§5 out to the console writes the low 8 bits of rs")
    void consoleOutputIsTheLowByte() {
        Rig rig = Rig.standard().code(out(1, CONSOLE), out(2, CONSOLE), out(3, CONSOLE), halt()).boot()
                .reg(1, 0x1241).reg(2, 0xFFFFFF0A).reg(3, 0xE9).run().assertHalted();
        assertEquals("A\n\u00e9", rig.console());
    }

    @Test
    @DisplayName("§5 in from the console reads the next byte (0..255), then END_OF_INPUT = 0xFFFFFFFF, repeatedly")
    void consoleInputThenEndOfInput() {
        Rig rig = Rig.withInput("a\u00ff").code(in(3, CONSOLE), in(4, CONSOLE), in(5, CONSOLE), in(6, CONSOLE), halt())
                .boot().run().assertHalted();
        assertEquals('a', rig.reg(3));
        assertEquals(0xFF, rig.reg(4), "a byte is zero-extended");
        assertEquals(0xFFFFFFFF, rig.reg(5));
        assertEquals(Console.END_OF_INPUT, rig.reg(6), "end of input stays");
    }

    @Test
    @DisplayName("§9 in r0 consumes a byte although r0 stays 0")
    void inR0ConsumesAByte() {
        Rig rig = Rig.withInput("xy").code(in(0, CONSOLE), in(3, CONSOLE), halt()).boot().run().assertHalted();
        assertEquals(0, rig.reg(0));
        assertEquals('y', rig.reg(3));
    }

    @Test
    @DisplayName("§5 other ports: out is ignored, in reads 0 (port 1 included for in)")
    void otherPorts() {
        Rig rig = Rig.withInput("z").code(out(1, 2), out(1, 0xFFFF), in(3, POWER), in(4, 2), in(5, 0xFFFF), in(6, CONSOLE),
                halt()).boot().reg(1, 'q').reg(3, 9).reg(4, 9).reg(5, 9).run().assertHalted().assertNoTrap();
        assertEquals("", rig.console());
        assertEquals(0, rig.reg(3));
        assertEquals(0, rig.reg(4));
        assertEquals(0, rig.reg(5));
        assertEquals('z', rig.reg(6), "in from other ports consumed no console input");
        assertFalse(rig.devices.poweredOff());
    }

    @Test
    @DisplayName("§5/§2 out to power: poweroff with the full 32-bit value; it retires, final PC = its address + 1")
    void powerOff() {
        Rig rig = Rig.standard().code(NOP, out(1, POWER), halt()).boot().reg(1, 0xDEAD0107).run();
        assertEquals(Machine.EXIT_POWEROFF, rig.exit);
        assertTrue(rig.devices.poweredOff());
        assertEquals(0xDEAD0107, rig.devices.powerValue());
        assertEquals(2, rig.cpu.retired());
        assertEquals(Rig.CODE + 2, rig.psw().pc());
    }

    @Test
    @DisplayName("§2 halt retires: counted, final PC = its address + 1")
    void haltRetires() {
        Rig rig = Rig.standard().code(NOP, NOP, halt()).boot().run();
        assertEquals(Machine.EXIT_HALT, rig.exit);
        assertEquals(3, rig.cpu.retired());
        assertEquals(Rig.CODE + 3, rig.psw().pc());
    }

    @Test
    @DisplayName("§5 console input and output bytes are independent of the instruction stream")
    void echo() {
        // loop: in r3 ; blt r3, r0 (EOF is negative) -> done ; out r3 ; jal -3 ; done: halt
        Rig rig = Rig.withInput("echo!").code(in(3, CONSOLE), branch(shadowvisor.machine.isa.Opcode.BLT, 3, 0, 3),
                out(3, CONSOLE), jal(0, -3), halt()).boot().run().assertHalted();
        assertEquals("echo!", rig.console());
    }
}
