package shadowvisor.machine.cpu;

import shadowvisor.machine.CpuTrace;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.statistics.Statistics;
import shadowvisor.machine.Psw;
import shadowvisor.machine.device.Console;
import shadowvisor.machine.device.Devices;
import shadowvisor.machine.isa.Opcode;
import shadowvisor.machine.memory.PhysicalMemory;
import shadowvisor.machine.paging.Tlb;

/**
 * Spec sections 1 to 5 as a whole: random machines (random memory of mostly well-formed words:
 * instructions with random fields, small numbers, page-table-like entries; random PSW,
 * registers, ptbr, timer, console input) run on {@link Cpu} and on {@link ReferenceMachine}, a
 * literal transcription of the spec, and must end in the same state: exit, retired count,
 * registers, PSW, ptbr, timer and tick, traps by cause, console output, power value and every
 * memory word.
 *
 * <p>Two CPUs take part: one with a flush before every instruction and trap (so no translation
 * is ever cached: it must always agree with the reference), and the real fast one, which must
 * agree whenever the run kept the TLB discipline (no table word read by a successful walk was
 * overwritten before a full flush).
 */
class ReferenceDifferentialTest {
    static final Opcode[] OPS = Opcode.values();

    record Outcome(int exit, long retired, List<Integer> regs, List<Integer> psw, int ptbr, int timer, boolean pending,
                   List<Long> traps, String console, int power, int memoryHash, int[] memory) {
    }

    static int word(Random rnd, int frames) {
        return switch (rnd.nextInt(8)) {
            case 0 -> rnd.nextInt();
            case 1, 2 -> rnd.nextInt(64) - 8;                                    // small numbers, PSW-like words
            case 3 -> rnd.nextInt(frames + 1) << 10 | rnd.nextInt(1024);         // page-table-like entries
            default -> OPS[rnd.nextInt(OPS.length)].code() << 25 | rnd.nextInt(1 << 25);
        };
    }

    static int addressish(Random rnd, int size) {
        return switch (rnd.nextInt(6)) {
            case 0 -> rnd.nextInt();
            case 1 -> -rnd.nextInt(64);
            default -> rnd.nextInt(size + 64);
        };
    }

    /** A random machine state, applied to both implementations by the callbacks. */
    static final class Setup {
        int[] memory;
        byte[] input;
        int[] regs = new int[16];
        int ptbr, timer, flags, b, l, pc;
        boolean setTimer;
    }

    static Setup setup(long seed, int size, boolean pageMultiple) {
        Random rnd = new Random(seed);
        Setup s = new Setup();
        int sz = pageMultiple ? Math.max(1, size / 1024) * 1024 : size;
        int frames = (sz + 1023) / 1024;
        s.memory = new int[sz];
        for (int i = 0; i < sz; i++) {
            s.memory[i] = word(rnd, frames);
        }
        int kind = rnd.nextInt(10);
        if (kind < 7 && sz >= 64) {
            // A robust handler (P = 0, supervisor): skip the trapping instruction; after a fetch
            // fault restart at 16 instead. So random programs keep running through their faults.
            int h = 16 + rnd.nextInt(sz - 32);
            int[] handler = {
                Words.ld(12, 10, 0), Words.ri(Opcode.ANDI, 12, 12, 8), Words.branch(Opcode.BNE, 12, 0, 5),
                Words.ld(12, 3, 0), Words.addi(12, 12, 1), Words.st(12, 3, 0), Words.lpsw(0, 0),
                Words.addi(12, 0, 16), Words.st(12, 3, 0), Words.lpsw(0, 0)};
            System.arraycopy(handler, 0, s.memory, h, handler.length);
            s.memory[4] = Psw.S;
            s.memory[5] = 0;
            s.memory[6] = sz;
            s.memory[7] = h;
        } else if (kind < 9) {   // a plausible new-PSW slot
            s.memory[4] = rnd.nextInt(8);
            s.memory[5] = rnd.nextInt(4) == 0 ? addressish(rnd, sz) : 0;
            s.memory[6] = rnd.nextBoolean() ? sz : addressish(rnd, sz);
            s.memory[7] = rnd.nextInt(sz);
        }
        s.input = new byte[rnd.nextInt(6)];
        rnd.nextBytes(s.input);
        for (int r = 1; r < 16; r++) {
            s.regs[r] = addressish(rnd, sz);
        }
        s.ptbr = rnd.nextInt(4) == 0 ? rnd.nextInt() : (1 + rnd.nextInt(frames)) << 10;
        s.setTimer = rnd.nextBoolean();
        s.timer = rnd.nextInt(40);
        s.flags = rnd.nextInt(8);
        s.b = rnd.nextInt(3) == 0 ? addressish(rnd, sz) : 0;
        s.l = rnd.nextInt(3) == 0 ? addressish(rnd, sz) : rnd.nextBoolean() ? sz : 1 << 30;
        s.pc = rnd.nextInt(sz);
        return s;
    }

    static Outcome runCpu(Setup s, long limit, boolean uncached) {
        PhysicalMemory memory = new PhysicalMemory(s.memory.length);
        System.arraycopy(s.memory, 0, memory.words(), 0, s.memory.length);
        Devices devices = new Devices(new Console(s.input, null));
        Cpu cpu = new Cpu(memory, devices, new Tlb());
        for (int r = 1; r < 16; r++) {
            cpu.setRegister(r, s.regs[r]);
        }
        cpu.setPtbr(s.ptbr);
        if (s.setTimer) {
            cpu.setTimer(s.timer);
        }
        cpu.setPsw(new Psw(s.flags, s.b, s.l, s.pc));
        if (uncached) {
            cpu.setTrace(new CpuTrace() {
                @Override
                public void retired(long count, int pc, int word) {
                    cpu.flushTlb();
                }

                @Override
                public void trap(int cause, int value, int detail, int savedPc, boolean delivered) {
                    cpu.flushTlb();
                }
            });
        }
        int exit = cpu.run(limit);
        List<Integer> regs = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            regs.add(cpu.register(i));
        }
        Psw p = cpu.psw();
        List<Long> traps = new ArrayList<>();
        for (long t : cpu.trapCounts()) {
            traps.add(t);
        }
        return new Outcome(exit, cpu.retired(), regs, List.of(p.flags(), p.b(), p.l(), p.pc()), cpu.ptbr(), cpu.timer(),
                cpu.tickPending(), traps, Arrays.toString(devices.console().output()),
                exit == 3 ? devices.powerValue() : 0, Arrays.hashCode(memory.words()), memory.words());
    }

    static Outcome runReference(ReferenceMachine ref, Setup s, long limit) {
        System.arraycopy(s.memory, 0, ref.m, 0, s.memory.length);
        System.arraycopy(s.regs, 0, ref.r, 0, 16);
        ref.ptbr = s.ptbr & ~0x3FF;
        if (s.setTimer) {
            ref.timer = s.timer;
        }
        ref.setPsw(s.flags, s.b, s.l, s.pc);
        int exit = ref.run(limit);
        List<Integer> regs = new ArrayList<>();
        for (int v : ref.r) {
            regs.add(v);
        }
        List<Long> traps = new ArrayList<>();
        for (long t : ref.traps) {
            traps.add(t);
        }
        return new Outcome(exit, ref.retired, regs, List.of(ref.flags, ref.b, ref.l, ref.pc), ref.ptbr, ref.timer,
                ref.pending, traps, Arrays.toString(ref.out.toByteArray()), exit == 3 ? ref.powerValue : 0,
                Arrays.hashCode(ref.m), ref.m);
    }

    static void assertSame(Outcome want, Outcome was, String who) {
        assertEquals(want.exit(), was.exit(), who + ": exit");
        assertEquals(want.retired(), was.retired(), who + ": retired");
        assertEquals(want.traps(), was.traps(), who + ": traps by cause code");
        assertEquals(want.regs(), was.regs(), who + ": registers");
        assertEquals(want.psw(), was.psw(), who + ": psw (flags, B, L, PC)");
        assertEquals(want.ptbr(), was.ptbr(), who + ": ptbr");
        assertEquals(want.timer(), was.timer(), who + ": timer");
        assertEquals(want.pending(), was.pending(), who + ": tick pending");
        assertEquals(want.console(), was.console(), who + ": console");
        assertEquals(want.power(), was.power(), who + ": power value");
        int diff = -1;
        for (int i = 0; i < want.memory().length && diff < 0; i++) {
            diff = want.memory()[i] != was.memory()[i] ? i : -1;
        }
        assertEquals(-1, diff, who + ": first differing memory word (-1: none)");
    }

    @Property(tries = 2000)
    void cpuMatchesTheReference(@ForAll long seed, @ForAll @IntRange(min = 16, max = 4200) int size,
            @ForAll boolean pageMultiple, @ForAll @IntRange(min = 0, max = 3000) int limit) {
        Setup s = setup(seed, size, pageMultiple);
        ReferenceMachine ref = new ReferenceMachine(new int[s.memory.length], s.input);
        Outcome want = runReference(ref, s, limit);
        assertSame(want, runCpu(s, limit, true), "CPU without translation caching");
        Statistics.label("discipline kept").collect(ref.disciplineKept);
        Statistics.label("paging").collect((s.flags & 2) != 0 || want.traps().get(6) > 0);
        Statistics.label("exit").collect(want.exit(), want.retired() < 10 ? "short" : "long");
        Statistics.label("retired").collect(want.retired() < 10 ? "<10" : want.retired() < 100 ? "<100" : ">=100");
        if (ref.disciplineKept) {
            assertSame(want, runCpu(s, limit, false), "CPU with TLB and micro-caches");
        }
    }
}
