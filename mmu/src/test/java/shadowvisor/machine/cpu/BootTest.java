package shadowvisor.machine.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static shadowvisor.machine.cpu.Words.*;

import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import shadowvisor.machine.cpu.Machine;
import shadowvisor.machine.Psw;
import shadowvisor.machine.device.Console;
import shadowvisor.machine.device.Devices;
import shadowvisor.machine.image.Boot;
import shadowvisor.machine.image.Image;
import shadowvisor.machine.image.Load;
import shadowvisor.machine.isa.Opcode;
import shadowvisor.machine.memory.PhysicalMemory;
import shadowvisor.machine.paging.Tlb;

/** Spec section 1.2, the boot state, and section 1/5 on memory. */
class BootTest {

    @Test
    @DisplayName("§1.2 boot: image words at their addresses, PSW = (s, P=0, I=0, B=0, L=SZ, PC=entry), r1 = SZ")
    void bootState() {
        PhysicalMemory memory = new PhysicalMemory(5000);
        Tlb tlb = new Tlb();
        Cpu cpu = new Cpu(memory, new Devices(new Console(new byte[0], null)), tlb);
        cpu.boot(new Image(0x123, List.of(new Image.Chunk(0x120, new int[] {7, 8, 9, 10}), new Image.Chunk(4000, new int[] {11}))));
        assertEquals(new Psw(Psw.S, 0, 5000, 0x123), cpu.psw());
        assertEquals(5000, cpu.register(1));
        for (int i = 0; i < 16; i++) {
            if (i != 1) {
                assertEquals(0, cpu.register(i), "r" + i);
            }
        }
        assertEquals(0, cpu.ptbr());
        assertEquals(0, cpu.timer());
        assertFalse(cpu.tickPending());
        assertEquals(0, cpu.retired());
        assertEquals(0, tlb.hits + tlb.misses + tlb.flushes + tlb.invlpgs);
        int[] m = memory.words();
        for (int i = 0; i < m.length; i++) {
            int expected = i >= 0x120 && i < 0x124 ? i - 0x120 + 7 : i == 4000 ? 11 : 0;
            assertEquals(expected, m[i], "word " + i);
        }
    }

    @Test
    @DisplayName("§1.2 r1 = SZ is what the guest reads; the entry is the first instruction run")
    void guestSeesItsMemorySize() {
        Rig rig = new Rig(12345).trapToHalt().code(st(1, 0x20, 0), halt()).boot().run().assertHalted();
        assertEquals(12345, rig.word(0x20));
    }

    @Test
    @DisplayName("§5 the smallest memory is 16 words; a machine of 16 words runs")
    void smallestMemory() {
        assertThrows(IllegalArgumentException.class, () -> new PhysicalMemory(15));
        Rig rig = new Rig(16);
        rig.put(12, rdpsw(3, 2), halt()).boot(12).run().assertHalted();
        assertEquals(16, rig.reg(3));
    }

    @Test
    @DisplayName("§1.2 an image that does not fit in memory is refused")
    void imageTooLarge() {
        Cpu cpu = new Cpu(new PhysicalMemory(16), new Devices(new Console(new byte[0], null)), new Tlb());
        assertThrows(IllegalArgumentException.class,
                () -> cpu.boot(new Image(0, List.of(new Image.Chunk(16, new int[] {1})))));
    }

    @Test
    @DisplayName("§1.2 --load: the CPU boots with r2 = ADDR, r3 = the loaded entry, and runs the loaded code at r2 + r3")
    void bootWithLoad() {
        PhysicalMemory memory = new PhysicalMemory(4096);
        Cpu cpu = new Cpu(memory, new Devices(new Console(new byte[0], null)), new Tlb());
        Image kernel = new Image(16, List.of(new Image.Chunk(16, new int[] {r3(Opcode.ADD, 4, 2, 3), jalr(0, 4, 0)})));
        Image guest = new Image(1, List.of(new Image.Chunk(0, new int[] {halt(), addi(5, 0, 42), halt()})));
        cpu.boot(new Boot(kernel, new Load(0x800, guest)));
        assertEquals(new Psw(Psw.S, 0, 4096, 16), cpu.psw());
        assertEquals(4096, cpu.register(1));
        assertEquals(0x800, cpu.register(2));
        assertEquals(1, cpu.register(3));
        assertEquals(addi(5, 0, 42), memory.read(0x801));
        assertEquals(Machine.EXIT_HALT, cpu.run(100));
        assertEquals(42, cpu.register(5));
        assertEquals(4, cpu.retired());
    }
}
