package shadowvisor.vmm.segment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static shadowvisor.machine.isa.Opcode.*;

import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.statistics.Statistics;
import shadowvisor.machine.ExitKind;
import shadowvisor.machine.Psw;
import shadowvisor.machine.TrapCause;
import shadowvisor.machine.cpu.Cpu;
import shadowvisor.machine.CpuTrace;
import shadowvisor.machine.device.Console;
import shadowvisor.machine.device.Devices;
import shadowvisor.machine.image.Image;
import shadowvisor.machine.isa.Encoding;
import shadowvisor.machine.memory.PhysicalMemory;
import shadowvisor.machine.paging.Tlb;
import shadowvisor.mode.Mode;
import shadowvisor.run.RunOptions;
import shadowvisor.result.RunReport;
import shadowvisor.run.Runner;

/**
 * Spec 7.1 as properties: generated guests run natively, under {@code segment} and under
 * {@code hybrid} (spec 7.5) end the same,
 * key by key, and the host never throws. Two generators: raw random instruction words (most of
 * them traps, many double faults), and random small kernels that install a trap handler and drop
 * to user mode under a table of random segments (B at, before and past memsize, near 2^32; L
 * short, past memsize, to 2^32), running random code that loads, stores, traps, divides by
 * zero, executes privileged instructions (emulated when the segment is a supervisor one) and
 * sets the timer. Time slices are random too, down to 1 instruction. A guest that turns paging
 * on natively must instead be refused under {@code segment}, with the paging modes named.
 */
class SegmentEquivalenceProperties {
    private static final int[] SLICES = {1, 2, 3, 7, 97, 1000, 100_000};

    @Property(tries = 400)
    void randomWordsEndAsNatively(@ForAll long seed) {
        Random rnd = new Random(seed);
        int memsize = 16 + rnd.nextInt(rnd.nextBoolean() ? 48 : 500);
        ProgramBuilder p = new ProgramBuilder(memsize);
        int count = rnd.nextInt(memsize);
        for (int i = 0; i < count; i++) {
            p.word(randomInstruction(rnd, memsize));
        }
        if (rnd.nextInt(3) > 0) {
            // Often a sane trap handler PSW, so that runs get past the first trap.
            p.org(4).word(Psw.S | (rnd.nextInt(4) == 0 ? Psw.I : 0)).word(0).word(memsize).word(16 + rnd.nextInt(8));
        }
        Image image = p.image(rnd.nextInt(memsize));
        check("random words", seed, image, GuestRuns.options(memsize, rnd.nextInt(3000), input(rnd)), rnd);
    }

    @Property(tries = 300)
    void randomKernelsWithRandomUserSegmentsEndAsNatively(@ForAll long seed) {
        Random rnd = new Random(seed);
        int memsize = 340 + rnd.nextInt(rnd.nextBoolean() ? 200 : 4000);
        Image image = randomKernel(rnd, memsize);
        check("random kernel", seed, image, GuestRuns.options(memsize, 50 + rnd.nextInt(20_000), input(rnd)), rnd);
    }

    private static byte[] input(Random rnd) {
        byte[] b = new byte[rnd.nextInt(6)];
        rnd.nextBytes(b);
        return b;
    }

    /** The guest under {@code segment} and under {@code hybrid} (spec 7.5: segment but for interpreting vm-supervisor). */
    private static void check(String what, long seed, Image image, RunOptions o, Random rnd) {
        int slice = SLICES[rnd.nextInt(SLICES.length)];
        String label = what + " (seed " + seed + ", mem " + o.memWords() + ", limit " + o.maxInstructions()
                + ", slice " + slice + ")";
        RunReport nat = GuestRuns.runNative(image, o);
        boolean pages = nativePages(image, o);
        for (Mode mode : new Mode[] {Mode.SEGMENT, Mode.HYBRID}) {
            RunReport vmm;
            try {
                vmm = Runner.run(List.of(image), o.withMode(mode), slice).get(0);
            } catch (Throwable t) {
                throw new AssertionError(label + ": the host threw under " + mode.cliName(), t);
            }
            if (pages) {
                assertEquals(ExitKind.SHUTDOWN, vmm.exitKind(), label + ": a guest that pages must be refused");
                assertTrue(vmm.reason().contains("shadow-trace") && vmm.reason().contains("shadow-vtlb"), vmm.reason());
                continue;
            }
            GuestRuns.assertEquivalent(label, nat, vmm);
            if (mode == Mode.SEGMENT) {
                Statistics.label("reflected").collect(vmm.vmm().reflected == 0 ? "0"
                        : vmm.vmm().reflected < 10 ? "1-9" : "10+");
            }
        }
        Statistics.label("outcome").collect(pages ? "pages: refused" : nat.exitKind().jsonName());
    }

    /**
     * Whether the native run ever loads P = 1: an {@code lpsw} that retires with it, or a
     * delivery whose MEM[1] has it (checked as the trap is delivered, since the handler's first
     * instruction could turn it off again before anything else is seen).
     */
    static boolean nativePages(Image image, RunOptions o) {
        PhysicalMemory memory = new PhysicalMemory(o.memWords());
        Cpu cpu = new Cpu(memory, new Devices(new Console(o.input(), null)), new Tlb());
        boolean[] paged = {false};
        cpu.setTrace(new CpuTrace() {
            @Override
            public void retired(long count, int pc, int word) {
                if (word >>> 25 == OP_LPSW && cpu.psw().paging()) {
                    paged[0] = true;
                }
            }

            @Override
            public void trap(int cause, int value, int detail, int savedPc, boolean delivered) {
                if (delivered && (memory.read(4) & Psw.P) != 0) {
                    paged[0] = true;
                }
            }
        });
        cpu.boot(image);
        cpu.run(o.maxInstructions());
        return paged[0];
    }

    // ---------------------------------------------------------------------------------------
    // Generators.

    private static final int[] ALU = {OP_ADD, OP_SUB, OP_AND, OP_OR, OP_XOR, OP_MUL, OP_SHL, OP_SHR, OP_SAR, OP_DIV,
            OP_REM, OP_DIVU, OP_REMU, OP_SLT, OP_SLTU};
    private static final int[] IMM = {OP_ADDI, OP_SLTI, OP_SLTIU, OP_ANDI, OP_ORI, OP_XORI, OP_SHLI, OP_SHRI, OP_SARI};
    private static final int[] BRANCH = {OP_BEQ, OP_BNE, OP_BLT, OP_BGE, OP_BLTU, OP_BGEU};
    private static final int[] PRIV = {OP_LPSW, OP_RDPSW, OP_MTCR, OP_MFCR, OP_INVLPG, OP_TLBFLUSH, OP_OUT, OP_IN,
            OP_HALT};

    /** One instruction word: mostly defined opcodes with random fields, sometimes anything at all. */
    static int randomInstruction(Random rnd, int memsize) {
        int a = rnd.nextInt(16), b = rnd.nextInt(16), c = rnd.nextInt(16);
        int imm = rnd.nextBoolean() ? rnd.nextInt(9) - 4 : rnd.nextInt(3) == 0 ? memsize - 4 + rnd.nextInt(8)
                : rnd.nextInt(65536);
        return switch (rnd.nextInt(12)) {
            case 0, 1 -> Encoding.encode(ALU[rnd.nextInt(ALU.length)], a, b, c, 0);
            case 2, 3 -> Encoding.encode(IMM[rnd.nextInt(IMM.length)], a, b, 0, imm);
            case 4 -> Encoding.encode(OP_LUI, a, 0, 0, rnd.nextInt(65536));
            case 5 -> Encoding.encode(rnd.nextBoolean() ? OP_LD : OP_ST, a, b, 0, imm);
            case 6 -> Encoding.encodeBranch(BRANCH[rnd.nextInt(BRANCH.length)], a, b, rnd.nextInt(11) - 5);
            case 7 -> rnd.nextBoolean() ? Encoding.encodeJal(OP_JAL, a, rnd.nextInt(11) - 5)
                    : Encoding.encode(OP_JALR, a, b, 0, imm);
            case 8 -> Encoding.encode(OP_SVC, 0, 0, 0, rnd.nextInt(65536));
            case 9 -> privileged(rnd, a, b);
            case 10 -> rnd.nextInt();
            default -> Encoding.encode(rnd.nextInt(128), a, b, c, rnd.nextInt(65536));
        };
    }

    private static int privileged(Random rnd, int a, int b) {
        int op = PRIV[rnd.nextInt(PRIV.length)];
        int imm = switch (op) {
            case OP_RDPSW -> rnd.nextInt(4);
            case OP_MTCR, OP_MFCR -> rnd.nextInt(3);
            case OP_OUT, OP_IN -> rnd.nextInt(3);
            default -> rnd.nextInt(9) - 4;
        };
        return Encoding.encode(op, a, b, 0, imm);
    }

    private static final int TRAPS = 100, IDX = 101, TABLE = 104, USER_CODE = 256, MAX_TRAPS = 60;
    private static final int R2 = 2, R3 = 3, R13 = 13;

    /**
     * A kernel that installs a trap handler in MEM[1], maybe starts its timer, then runs user
     * programs under a table of random PSWs, one after the other. The handler counts traps,
     * resumes after a TIMER, moves to the next program after a fetch fault or too many traps, and
     * skips the trapping instruction otherwise. The user code is random, with registers set to
     * addresses around the interesting boundaries.
     */
    static Image randomKernel(Random rnd, int memsize) {
        ProgramBuilder p = new ProgramBuilder(memsize);
        int programs = 1 + rnd.nextInt(6);
        // Kernel: r1 = SZ at boot.
        p.org(16).label("start");
        p.ri(OP_ADDI, R2, 0, Psw.S | (rnd.nextInt(4) == 0 ? Psw.I : 0)).st(R2, 4, 0).st(0, 5, 0).st(1, 6, 0);
        p.la(R2, "handler").st(R2, 7, 0);
        if (rnd.nextBoolean()) {
            p.ri(OP_ADDI, R2, 0, 1 + rnd.nextInt(rnd.nextBoolean() ? 20 : 400)).rsImm(OP_MTCR, R2, 1);
        }
        p.label("next");
        p.ld(R2, IDX, 0).ri(OP_ADDI, R3, 0, programs).branch(OP_BGE, R2, R3, "done");
        p.ri(OP_ADDI, R3, R2, 1).st(R3, IDX, 0);
        p.ri(OP_SHLI, R2, R2, 2).rsImm(OP_LPSW, R2, TABLE);
        p.label("done");
        if (rnd.nextBoolean()) {
            p.ld(R2, TRAPS, 0).rsImm(OP_OUT, R2, 1);
        } else {
            p.word(Encoding.encode(OP_HALT, 0, 0, 0, 0));
        }
        // Handler: supervisor, B = 0, L = SZ.
        p.org(64).label("handler");
        p.ld(R13, TRAPS, 0).ri(OP_ADDI, R13, R13, 1).st(R13, TRAPS, 0);
        p.ri(OP_ADDI, R13, R13, -MAX_TRAPS).branch(OP_BGE, R13, 0, "next");
        p.ld(R13, 8, 0).ri(OP_ADDI, R13, R13, -TrapCause.TIMER.code()).branch(OP_BEQ, R13, 0, "back");
        p.ld(R13, 10, 0).ri(OP_ANDI, R13, R13, TrapCause.ACC_F).branch(OP_BNE, R13, 0, "next");
        p.ld(R13, 3, 0).ri(OP_ADDI, R13, R13, 1).st(R13, 3, 0);
        p.label("back").rsImm(OP_LPSW, 0, 0);
        // The table of user PSWs.
        int userLength = 8 + rnd.nextInt(72);
        p.org(TABLE);
        for (int i = 0; i < programs; i++) {
            int flags = rnd.nextInt(5) == 0 ? Psw.S : 0;
            flags |= rnd.nextInt(3) == 0 ? Psw.I : 0;
            int b = randomBase(rnd, memsize);
            p.word(flags).word(b).word(randomLimit(rnd, memsize, b, userLength)).word(rnd.nextInt(4) == 0
                    ? rnd.nextInt(userLength) : 0);
        }
        // The user code, assembled for its segment at 0 (as if by .phase 0).
        p.org(USER_CODE);
        while (p.here() < USER_CODE + userLength) {
            userInstruction(p, rnd, memsize);
        }
        p.word(Encoding.encode(OP_SVC, 0, 0, 0, 0));
        return p.image(p.address("start"));
    }

    private static int randomBase(Random rnd, int memsize) {
        return switch (rnd.nextInt(9)) {
            case 0, 1, 2 -> USER_CODE;
            case 3 -> USER_CODE - rnd.nextInt(8);
            case 4 -> memsize - rnd.nextInt(16);
            case 5 -> memsize + rnd.nextInt(16);
            case 6 -> -1 - rnd.nextInt(64);
            case 7 -> 0;
            default -> rnd.nextInt();
        };
    }

    private static int randomLimit(Random rnd, int memsize, int b, int userLength) {
        return switch (rnd.nextInt(9)) {
            case 0 -> userLength + 1;
            case 1 -> memsize - b + rnd.nextInt(3) - 1;
            case 2 -> memsize + rnd.nextInt(5000);
            case 3 -> 0xFFFF_FFFF;
            case 4 -> 0x8000_0000;
            case 5 -> -b + rnd.nextInt(3) - 1;
            case 6 -> 0;
            case 7 -> rnd.nextInt();
            default -> 1 + rnd.nextInt(2 * memsize);
        };
    }

    private static void userInstruction(ProgramBuilder p, Random rnd, int memsize) {
        int r = 1 + rnd.nextInt(11);
        switch (rnd.nextInt(8)) {
            case 0 -> p.li(r, switch (rnd.nextInt(6)) {
                case 0 -> memsize - USER_CODE - rnd.nextInt(4);
                case 1 -> memsize - rnd.nextInt(4);
                case 2 -> -1 - rnd.nextInt(4);
                case 3 -> rnd.nextInt(64);
                case 4 -> 0x8000_0000 - rnd.nextInt(4);
                default -> rnd.nextInt();
            });
            case 1 -> p.word(Encoding.encode(rnd.nextBoolean() ? OP_LD : OP_ST, rnd.nextInt(16), r, 0,
                    rnd.nextInt(9) - 4));
            case 2 -> p.word(Encoding.encode(OP_SVC, 0, 0, 0, rnd.nextInt(4)));
            case 3 -> p.word(privileged(rnd, rnd.nextInt(16), r));
            case 4 -> p.word(Encoding.encode(ALU[rnd.nextInt(ALU.length)], rnd.nextInt(12), rnd.nextInt(16),
                    rnd.nextInt(16), 0));
            case 5 -> p.word(Encoding.encodeBranch(BRANCH[rnd.nextInt(BRANCH.length)], rnd.nextInt(16),
                    rnd.nextInt(16), rnd.nextInt(9) - 3));
            case 6 -> p.word(Encoding.encode(OP_ADDI, r, r, 0, rnd.nextInt(9) - 4));
            default -> p.word(randomInstruction(rnd, memsize));
        }
    }

    /**
     * The generators must produce guests that get somewhere: most random kernels reach their user
     * code and take a trap there. Not every one can (a PSW table entry with M = s runs the "user"
     * code in supervisor mode, where a random {@code halt} may end it before any trap), so this
     * is a statistic over fixed seeds, not a property of each kernel.
     */
    @org.junit.jupiter.api.Test
    void mostKernelsReachUserModeAndReflect() {
        int seeds = 200, reflecting = 0;
        for (long seed = 0; seed < seeds; seed++) {
            Image image = randomKernel(new Random(seed), 1000);
            RunReport seg = GuestRuns.runSegment(image, GuestRuns.options(1000, 20_000, new byte[0]), 97);
            boolean refusedPaging = seg.exitKind() == ExitKind.SHUTDOWN && seg.reason().contains("paging");
            if (refusedPaging || seg.vmm().reflected > 0) {
                reflecting++;
            }
        }
        if (reflecting < seeds * 3 / 4) {
            fail("only " + reflecting + " of " + seeds + " random kernels reached user code and reflected a trap");
        }
    }
}
