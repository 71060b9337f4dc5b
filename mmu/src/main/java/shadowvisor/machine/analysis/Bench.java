package shadowvisor.machine.analysis;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import shadowvisor.machine.cpu.Machine;
import shadowvisor.machine.Psw;
import shadowvisor.machine.cpu.Cpu;
import shadowvisor.machine.device.Console;
import shadowvisor.machine.device.Devices;
import shadowvisor.machine.isa.Encoding;
import shadowvisor.machine.isa.Opcode;
import shadowvisor.machine.isa.Profile;
import shadowvisor.machine.memory.PhysicalMemory;
import shadowvisor.machine.paging.Pte;
import shadowvisor.machine.paging.Tlb;

/**
 * The machine the analyzer executes instructions on: a real {@link Cpu} of the profile under
 * analysis, put in a {@link State} and run for one instruction ({@link #execute}). The analyzer
 * never reads what an instruction does from a table; it watches this machine do it.
 *
 * <p>The bench, the same in every state:
 * <pre>
 *  memory (4096 words)     outside the segment's contents: OUTSIDE | pa
 *  [B, B + 2048)           the segment's contents, moved along with B: CONTENT | va, except
 *      va 4..7             (s, B=0, L=0, PC=0): a PSW whose first fetch faults; physical 4..7
 *                          (the new-PSW slot) hold it too, so a trap delivered natively ends
 *                          the run with a double fault
 *      va 32..35           (u, B=0, L=0x400, PC=0x40): a PSW for lpsw to load
 *      va 0x40             the instruction under test, at the PC
 *  r1 = 32 (in the segment)          r2 = 0xC00000C8 (the kseg window, pa 200)
 *  r3 = 0xFFFFFF00 (window, pa beyond memory)   r4 = 0x100000 (beyond every L, not kseg)
 *  r5 = 4 (the I bit)   r6 = 0x89ABCDEF   r7..r15 = 0x0BAD0000 | n
 *  TLB entry (when the state has one): linear page 0, which r0, r1 and r5 name
 *  console input (when the state has some): "AB"
 * </pre>
 *
 * The instruction runs with trap interception on, so a trap comes back at once and nothing is
 * written to the trap area. Under interception a user-mode {@code lpsw}, {@code mtcr},
 * {@code out}, {@code in} or {@code halt} that the profile made innocuous is stopped before it
 * acts ({@link Machine#EXIT_HOST_ACTION}): that is the guard a VMM's host needs, not the
 * instruction's behaviour, so the bench then lets the bare machine run it natively, where it acts
 * on the machine (or traps, its trap delivered and ended by the double fault above).
 *
 * <p>Memory and the TLB are the bench's, reset before every run; the CPU is new for every run,
 * because its console's input can be neither rewound nor peeked at, and a CPU over shared
 * memory is a few hundred bytes.
 */
final class Bench {
    static final int MEMORY_WORDS = 4096;
    /** Words of the segment's contents that move with B; every state's segment lies within them. */
    static final int CONTENT_WORDS = 0x800;
    /** The PC: the instruction under test, inside the segment. */
    static final int PC = 0x40;
    /** Where a PSW for {@code lpsw} lies in the segment. */
    static final int PSW_BLOCK = 32;
    /** The new-PSW slot (spec 1.1): a PSW whose first fetch faults. */
    static final int NEW_PSW = 4;
    /** Physical address the window operand in r2 reaches. */
    static final int KSEG_PA = 200;

    static final int R_DATA = 1, R_KSEG = 2, R_KSEG_BEYOND = 3, R_OUTSIDE = 4, R_I_BIT = 5, R_MIXED = 6,
            R_DEST = 7, R_LINK = 15;
    /** The registers in every state. */
    static final int[] REGISTERS = {0, PSW_BLOCK, Profile.KSEG_BASE + KSEG_PA, 0xFFFFFF00, 0x00100000, Psw.I,
        0x89ABCDEF, 0x0BAD0007, 0x0BAD0008, 0x0BAD0009, 0x0BAD000A, 0x0BAD000B, 0x0BAD000C, 0x0BAD000D,
        0x0BAD000E, 0x0BAD000F};

    private static final int CONTENT = 0x5E000000, OUTSIDE = 0x0D000000;
    private static final int[] FAULTING_PSW = {Psw.S, 0, 0, 0};
    private static final int[] USER_PSW = {0, 0, 0x400, PC};
    private static final int NOP = Encoding.encode(Opcode.OP_ADDI, 0, 0, 0, 0);
    private static final byte[] INPUT = {'A', 'B'};
    private static final byte[] NO_INPUT = {};
    private static final int TLB_LPN = 0;
    private static final int TLB_ENTRY = Pte.U | Pte.W | Pte.D;

    private final Profile profile;
    private final PhysicalMemory memory = new PhysicalMemory(MEMORY_WORDS);
    private final int[] mem = memory.words();
    private final Tlb tlb = new Tlb(16, 4);
    /** Memory before the instruction, by index in {@link State#B_VALUES}. */
    private final int[][] layouts = new int[State.B_VALUES.length][];

    Bench(Profile profile) {
        this.profile = profile;
        for (int i = 0; i < layouts.length; i++) {
            layouts[i] = layout(State.B_VALUES[i]);
        }
    }

    private static int[] layout(int b) {
        int[] m = new int[MEMORY_WORDS];
        for (int pa = 0; pa < MEMORY_WORDS; pa++) {
            m[pa] = OUTSIDE | pa;
        }
        for (int va = 0; va < CONTENT_WORDS; va++) {
            m[b + va] = CONTENT | va;
        }
        System.arraycopy(FAULTING_PSW, 0, m, NEW_PSW, 4);
        System.arraycopy(FAULTING_PSW, 0, m, b + NEW_PSW, 4);
        System.arraycopy(USER_PSW, 0, m, b + PSW_BLOCK, 4);
        return m;
    }

    private int[] layoutFor(int b) {
        for (int i = 0; i < State.B_VALUES.length; i++) {
            if (State.B_VALUES[i] == b) {
                return layouts[i];
            }
        }
        throw new IllegalArgumentException("no layout for B = " + State.hex(b));
    }

    /** Puts a fresh CPU of the profile in state {@code s} with {@code word} at the PC, runs it for one instruction. */
    Outcome execute(int word, State s) {
        int[] before = layoutFor(s.b());
        int at = s.b() + PC;
        System.arraycopy(before, 0, mem, 0, MEMORY_WORDS);
        Devices devices = new Devices(new Console(s.consoleInput() ? INPUT : NO_INPUT, null));
        Cpu cpu = new Cpu(memory, devices, tlb, profile);
        cpu.setTrapIntercept(true);
        if (s.tickPending()) {
            // The one way a tick becomes pending: a count of 1 reaching 0 after a retired instruction.
            mem[at] = NOP;
            cpu.setPsw(Psw.S, s.b(), s.l(), PC);
            cpu.setTimer(1);
            cpu.run(1);
        } else {
            cpu.setTimer(s.timer());
        }
        mem[at] = word;
        for (int i = 1; i < REGISTERS.length; i++) {
            cpu.setRegister(i, REGISTERS[i]);
        }
        cpu.setPtbr(s.ptbr());
        if (s.tlbEntry()) {
            tlb.insert(TLB_LPN, TLB_ENTRY);
        }
        cpu.setPsw(s.flags(), s.b(), s.l(), PC);

        long count = cpu.retired();
        int exit = cpu.run(1);
        boolean delivered = false;
        if (exit == Machine.EXIT_HOST_ACTION) {
            cpu.setTrapIntercept(false);
            exit = cpu.run(1);
            delivered = exit == Machine.EXIT_SHUTDOWN;
        }
        boolean retired = cpu.retired() == count + 1;
        if (!retired && exit != Machine.EXIT_TRAP && !delivered) {
            throw new IllegalStateException("one instruction neither retired nor trapped: exit " + exit);
        }
        int cause = 0, value = 0, detail = 0;
        if (delivered) {
            cause = mem[8];
            value = mem[9];
            detail = mem[10];
            // The delivery's own writes are the hardware's, not the instruction's.
            System.arraycopy(before, 0, mem, 0, 4);
            System.arraycopy(before, 8, mem, 8, 3);
        } else if (!retired) {
            cause = cpu.trapCause();
            value = cpu.trapValue();
            detail = cpu.trapDetail();
        }
        int[] registers = new int[REGISTERS.length];
        for (int i = 0; i < registers.length; i++) {
            registers[i] = cpu.register(i);
        }
        Result result = new Result(retired, cause, value, detail, registers, retired ? cpu.pc() : PC,
                memoryWrites(before, at, word, s.b()));
        return new Outcome(result, retired ? changes(cpu, devices, s, exit) : null);
    }

    /** Every word that differs from memory before the instruction (its own word at {@code at}), as pairs (pa - B, word). */
    private int[] memoryWrites(int[] before, int at, int word, int b) {
        List<Integer> pairs = new ArrayList<>();
        int from = 0;
        while (from < MEMORY_WORDS) {
            int i = Arrays.mismatch(mem, from, MEMORY_WORDS, before, from, MEMORY_WORDS);
            if (i < 0) {
                break;
            }
            int pa = from + i;
            if (pa != at) {
                pairs.add(pa - b);
                pairs.add(mem[pa]);
            }
            from = pa + 1;
        }
        if (mem[at] != word) {
            pairs.add(at - b);
            pairs.add(mem[at]);
        }
        return pairs.stream().mapToInt(Integer::intValue).toArray();
    }

    /**
     * The system state after a retired instruction against the state before it: M, P, I, B, L,
     * {@code ptbr}, the timer and pending tick beyond the countdown every retired instruction
     * gives them, the TLB, the devices (the console, the power port) and the machine's running,
     * which {@code halt} ends as the power port does.
     */
    private String changes(Cpu cpu, Devices devices, State s, int exit) {
        List<String> c = new ArrayList<>();
        Psw after = cpu.psw();
        flag(c, "M", s.flags(), after.flags(), Psw.S, "s", "u");
        flag(c, "P", s.flags(), after.flags(), Psw.P, "1", "0");
        flag(c, "I", s.flags(), after.flags(), Psw.I, "1", "0");
        if (after.b() != s.b()) {
            c.add("B " + State.hex(s.b()) + " -> " + State.hex(after.b()));
        }
        if (after.l() != s.l()) {
            c.add("L " + State.hex(s.l()) + " -> " + State.hex(after.l()));
        }
        if (cpu.ptbr() != s.ptbr()) {
            c.add("ptbr " + State.hex(s.ptbr()) + " -> " + State.hex(cpu.ptbr()));
        }
        int countedDown = s.timer() == 0 ? 0 : s.timer() - 1;
        boolean tickAfterCountdown = s.tickPending() || s.timer() == 1;
        if (cpu.timer() != countedDown) {
            c.add("timer " + s.timer() + " -> " + Integer.toUnsignedString(cpu.timer()));
        }
        if (cpu.tickPending() != tickAfterCountdown) {
            c.add(cpu.tickPending() ? "a tick pending" : "the pending tick cleared");
        }
        boolean entry = tlb.lookup(TLB_LPN) != -1;
        if (entry != s.tlbEntry()) {
            c.add(entry ? "a TLB entry added" : "the TLB entry dropped");
        }
        byte[] output = devices.console().output();
        if (output.length > 0) {
            c.add("console output " + State.hex(output[0] & 0xFF));
        }
        if (s.consoleInput() && devices.console().read() != INPUT[0]) {
            c.add("a console input byte consumed");
        }
        if (devices.poweredOff()) {
            c.add("the machine powered off");
        }
        if (exit == Machine.EXIT_HALT) {
            c.add("the machine halted");
        }
        return c.isEmpty() ? null : String.join(", ", c);
    }

    private static void flag(List<String> c, String name, int before, int after, int bit, String set, String clear) {
        if ((before & bit) != (after & bit)) {
            c.add(name + " " + ((before & bit) != 0 ? set : clear) + " -> " + ((after & bit) != 0 ? set : clear));
        }
    }
}
