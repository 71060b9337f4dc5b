package shadowvisor.machine.cpu;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import shadowvisor.machine.cpu.Machine;
import shadowvisor.machine.Psw;
import shadowvisor.machine.device.Console;
import shadowvisor.machine.device.Devices;
import shadowvisor.machine.isa.Opcode;
import shadowvisor.machine.memory.PhysicalMemory;
import shadowvisor.machine.paging.Tlb;

/**
 * Spec section 7.1 (Safety, for the bare machine the VMMs stand on): no guest input makes the
 * host fail. Random memories of random words (mostly defined opcodes with random fields, so
 * that page tables, PSWs and trap areas are random too), random PSWs, registers, ptbr and timer,
 * run natively: {@link Cpu#run} returns one of its exit codes and never throws.
 */
class HostSafetyTest {
    static final Opcode[] OPS = Opcode.values();

    static int randomWord(Random rnd) {
        return switch (rnd.nextInt(4)) {
            case 0 -> rnd.nextInt();
            case 1 -> rnd.nextInt(64);                                           // small numbers: PSW words, offsets
            default -> OPS[rnd.nextInt(OPS.length)].code() << 25 | rnd.nextInt(1 << 25);
        };
    }

    static int randomAddressish(Random rnd, int size) {
        return switch (rnd.nextInt(5)) {
            case 0 -> rnd.nextInt();
            case 1 -> -rnd.nextInt(64);
            default -> rnd.nextInt(size + 64);
        };
    }

    @Property(tries = 1500)
    void randomProgramsNeverMakeTheHostThrow(@ForAll long seed, @ForAll @IntRange(min = 16, max = 5000) int size,
            @ForAll boolean pageMultiple, @ForAll boolean traced, @ForAll @IntRange(min = 1, max = 3) int tlbShape) {
        Random rnd = new Random(seed);
        int sz = pageMultiple ? Math.max(1, size / 1024) * 1024 : size;
        PhysicalMemory memory = new PhysicalMemory(sz);
        int[] m = memory.words();
        for (int i = 0; i < sz; i++) {
            m[i] = randomWord(rnd);
        }
        if (rnd.nextBoolean()) {   // a plausible new-PSW slot, so that traps are delivered and handlers run
            m[4] = rnd.nextInt(8);
            m[5] = rnd.nextInt(4) == 0 ? randomAddressish(rnd, sz) : 0;
            m[6] = rnd.nextBoolean() ? sz : randomAddressish(rnd, sz);
            m[7] = rnd.nextInt(sz);
        }
        byte[] input = new byte[rnd.nextInt(8)];
        rnd.nextBytes(input);
        Tlb tlb = switch (tlbShape) {
            case 1 -> new Tlb(1, 1);
            case 2 -> new Tlb(16, 4);
            default -> new Tlb();
        };
        Cpu cpu = new Cpu(memory, new Devices(new Console(input, null)), tlb);
        for (int r = 1; r < 16; r++) {
            cpu.setRegister(r, randomAddressish(rnd, sz));
        }
        cpu.setPtbr(rnd.nextBoolean() ? rnd.nextInt(sz) : rnd.nextInt());
        if (rnd.nextBoolean()) {
            cpu.setTimer(rnd.nextInt(50));
        }
        int flags = rnd.nextInt(4) == 0 ? rnd.nextInt() : rnd.nextInt(8);
        int b = rnd.nextInt(3) == 0 ? randomAddressish(rnd, sz) : 0;
        int l = rnd.nextInt(3) == 0 ? randomAddressish(rnd, sz) : rnd.nextBoolean() ? sz : 1 << 30;
        cpu.setPsw(new Psw(flags, b, l, rnd.nextInt(sz)));
        if (traced) {
            cpu.setTrace(Rig.SINGLE_STEP);
        }
        long budget = 3000;
        int exit = Machine.EXIT_BUDGET;
        while (exit == Machine.EXIT_BUDGET && cpu.retired() < budget) {
            exit = cpu.run(budget - cpu.retired());
        }
        assertTrue(exit == Machine.EXIT_BUDGET || exit == Machine.EXIT_HALT || exit == Machine.EXIT_POWEROFF
                || exit == Machine.EXIT_SHUTDOWN, "exit code " + exit);
        assertTrue(cpu.retired() <= budget);
        assertTrue((cpu.psw().flags() & ~Psw.DEFINED_FLAGS) == 0, "the live PSW never holds reserved flag bits");
    }
}
