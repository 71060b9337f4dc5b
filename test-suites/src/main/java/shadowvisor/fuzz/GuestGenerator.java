package shadowvisor.fuzz;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The random guest generator of {@code shadowvisor fuzz} (issue 13): one seed, one guest, the
 * same on every machine and with any number of threads (a {@link Random} of that seed is the
 * only source of randomness). A guest is a small kernel whose trap handler logs every trap
 * (cause, value, detail, old PC: so memory shows them to the comparison), skips the trapping
 * instruction, resumes the kernel at its recovery point after a fetch fault or when a user
 * program ends ({@code svc 0x7FF}), re-arms the timer on a tick, and powers off after too many
 * traps. The kernel runs random <em>steps</em>:
 *
 * <ul>
 *   <li>every instruction class: ALU, immediates, shifts, {@code lui}, loads and stores,
 *   branches, {@code jal}, {@code jalr}, {@code svc}, every privileged instruction, undefined
 *   opcodes, bad operands ({@code mtcr} of cr 2, {@code rdpsw} field 3, {@code lpsw} with
 *   reserved bits) and the profiles' own instructions ({@code jrstu popf smsw mrs}, ILLEGAL in
 *   {@code pg});</li>
 *   <li>user programs under random segments: B at the code, before it, at and past the end of
 *   memory, near 2^32 (so B + va overflows); L short, to the end of memory, huge, 0; their
 *   instructions trap every way a user program can (PRIVILEGED, SVC, SEGMENT, MEMORY, PAGE,
 *   ARITH, fetch faults);</li>
 *   <li>the timer (with I on in the kernel or the user PSW), console input and output;</li>
 *   <li>for a paging guest (about half): two address spaces over shared page tables, random
 *   PTEs and PDEs (data frames with random rights, kernel frames read-only, frames outside
 *   memory, not present), a recursive map, user code through a read-only user alias of the
 *   kernel, remaps of PTEs and PDEs, {@code invlpg}, {@code tlbflush}, {@code mtcr ptbr}
 *   switches and P toggled off and on, always under the TLB discipline of spec 3.3: page
 *   tables are written only by the kernel and every write is followed, in the same step, by
 *   the flush that covers it, and no mapping makes a page table writable;</li>
 *   <li>at most one ending: a double fault (a trap with a broken new PSW, or a page directory
 *   outside memory), {@code halt}, a power-off, or an endless loop that meets the instruction
 *   limit (which is also sometimes smaller than the guest).</li>
 * </ul>
 */
public final class GuestGenerator {
    static final int PAGE = 1024;
    static final int KDATA = 3 * PAGE;
    static final int TRAPS = KDATA, RECOV = KDATA + 1, TICKS = KDATA + 2, PERIOD = KDATA + 3, KPSW = KDATA + 4,
            UPSW = KDATA + 8, KPSW0 = KDATA + 12, BADPSW = KDATA + 16, LPSWX = KDATA + 20, LOG = KDATA + 64,
            SCRATCH = KDATA + 512;
    static final int LOG_ENTRIES = 32;
    static final int PD_A = 4 * PAGE, PD_B = 5 * PAGE, PT0 = 6 * PAGE, PT1 = 7 * PAGE, PT2 = 8 * PAGE;
    static final int KERNEL_FRAMES = 9;
    static final int DATA0 = 9, DATA_FRAMES = 4;
    /** The user alias of the kernel frames and the random slots: directory 1 (la 0x100000). */
    static final int ALIAS = 1 << 20;
    static final int RANDOM_SLOT0 = 16, RANDOM_SLOTS = 8;
    static final int DIR2 = 2 << 20, DIR3 = 3 << 20;
    /** The svc number that ends a user program (the kernel resumes at its recovery point). */
    static final int RET = 0x7FF;
    static final int SVC_RET_WORD = 0x30 << 25 | RET;
    static final int MAX_TRAPS = 300, MAX_TICKS = 30;
    static final int L_FLAT = 1 << 30;

    private final long seed;
    private final Random r;
    private final boolean paging;
    private final boolean interrupts;
    private final int frames;
    private final int memsize;
    private int label;

    private GuestGenerator(long seed) {
        this.seed = seed;
        this.r = new Random(seed * 0x9E3779B97F4A7C15L + 0x5DEECE66DL);
        this.paging = r.nextBoolean();
        this.interrupts = r.nextInt(3) > 0;
        this.frames = 14 + r.nextInt(5);
        this.memsize = frames * PAGE;
    }

    /** The guest of {@code seed}. */
    public static FuzzGuest generate(long seed) {
        return new GuestGenerator(seed).guest();
    }

    private FuzzGuest guest() {
        int count = 8 + r.nextInt(r.nextInt(4) == 0 ? 80 : 40);
        List<String> steps = new ArrayList<>();
        List<String> kinds = new ArrayList<>();
        int ending = r.nextInt(3) == 0 ? r.nextInt(count) : -1;
        for (int i = 0; i < count; i++) {
            StringBuilder s = new StringBuilder();
            String kind = i == ending ? ending(s) : step(s);
            steps.add(s.toString());
            kinds.add(kind);
        }
        StringBuilder input = new StringBuilder();
        int n = r.nextInt(6);
        for (int i = 0; i < n; i++) {
            input.append((char) ('a' + r.nextInt(26)));
        }
        long limit = r.nextInt(8) == 0 ? 20 + r.nextInt(400) : 40_000;
        return new FuzzGuest(seed, memsize, input.toString(), limit, paging, head(), steps, kinds, tail());
    }

    // ---------------------------------------------------------------------------------------
    // The fixed part.

    private int kernelFlags() {
        return 1 | (paging ? 2 : 0) | (interrupts ? 4 : 0);
    }

    private int kernelL() {
        return paging ? L_FLAT : memsize;
    }

    private String head() {
        StringBuilder s = new StringBuilder();
        s.append(String.format("; shadowvisor fuzz guest, seed %d: %s, memory %d words (%d frames), kernel I = %d%n",
                seed, paging ? "paging" : "segments only", memsize, frames, interrupts ? 1 : 0));
        s.append("; every step stands alone; the trap handler logs each trap and skips the trapping instruction\n");
        s.append(String.format("        .equ MEMSIZE, %d%n", memsize));
        s.append(String.format("        .equ TRAPS, %d%n        .equ RECOV, %d%n        .equ TICKS, %d%n", TRAPS, RECOV, TICKS));
        s.append(String.format("        .equ PERIOD, %d%n        .equ KPSW, %d%n        .equ UPSW, %d%n", PERIOD, KPSW, UPSW));
        s.append(String.format("        .equ KPSW0, %d%n        .equ BADPSW, %d%n        .equ LPSWX, %d%n", KPSW0, BADPSW, LPSWX));
        s.append(String.format("        .equ LOG, %d%n        .equ SCRATCH, %d%n        .equ RET, 0x%X%n", LOG, SCRATCH, RET));
        s.append(String.format("        .org 4%n        .word %d, 0, 0x%X, trap          ; NEW_PSW%n",
                1 | (paging ? 2 : 0), kernelL()));
        s.append("        .org 16\n_start:\n");
        if (paging) {
            s.append(String.format("        li   r9, 0x%X%n        mtcr ptbr, r9%n", PD_A));
        }
        s.append("        la   r9, end\n        st   r9, RECOV(r0)\n");
        s.append("        la   r9, go\n        st   r9, KPSW+3(r0)\n        lpsw KPSW(r0)\ngo:\n");
        return s.toString();
    }

    private String tail() {
        StringBuilder s = new StringBuilder();
        s.append("end:\n");
        switch (r.nextInt(3)) {
            case 0 -> s.append("        halt\n");
            case 1 -> s.append("        ld   r9, TRAPS(r0)\n        out  r9, POWER\n");
            default -> s.append("        add  r9, r13, r5\n        out  r9, POWER\n");
        }
        s.append("""
                trap:                                    ; log the trap, then skip, resume or recover
                        ld   r10, TRAPS(r0)
                        addi r10, r10, 1
                        st   r10, TRAPS(r0)
                        andi r11, r10, %d
                        shli r11, r11, 2
                        ld   r12, TRAP_CAUSE(r0)
                        st   r12, LOG(r11)
                        ld   r12, TRAP_VALUE(r0)
                        st   r12, LOG+1(r11)
                        ld   r12, TRAP_DETAIL(r0)
                        st   r12, LOG+2(r11)
                        ld   r12, OLD_PSW+3(r0)
                        st   r12, LOG+3(r11)
                        li   r11, %d
                        bgeu r10, r11, flood
                        ld   r12, TRAP_CAUSE(r0)
                        addi r11, r12, -T_TIMER
                        beqz r11, tick
                        addi r11, r12, -T_SVC
                        bnez r11, notret
                        ld   r11, TRAP_VALUE(r0)
                        addi r11, r11, -RET
                        beqz r11, recover
                notret:
                        ld   r11, TRAP_DETAIL(r0)
                        andi r11, r11, ACC_F
                        bnez r11, recover
                        ld   r11, OLD_PSW+3(r0)
                        addi r11, r11, 1
                        st   r11, OLD_PSW+3(r0)
                        lpsw OLD_PSW(r0)                 ; skip the trapping instruction
                tick:
                        ld   r11, TICKS(r0)
                        addi r11, r11, 1
                        st   r11, TICKS(r0)
                        li   r12, %d
                        bgeu r11, r12, untimed
                        ld   r12, PERIOD(r0)
                        mtcr timer, r12
                untimed:
                        lpsw OLD_PSW(r0)                 ; resume where the tick came
                recover:
                        ld   r11, RECOV(r0)
                        st   r11, KPSW+3(r0)
                        lpsw KPSW(r0)
                flood:
                        li   r11, 0x99
                        out  r11, POWER                  ; too many traps
                """.formatted(LOG_ENTRIES - 1, MAX_TRAPS, MAX_TICKS));
        int kf = kernelFlags();
        s.append(String.format("        .org 0x%X%n", KDATA));
        s.append("        .word 0, end, 0, 0                 ; TRAPS, RECOV, TICKS, PERIOD\n");
        s.append(String.format("        .word %d, 0, 0x%X, 0               ; KPSW%n", kf, kernelL()));
        s.append(String.format("        .word %d, 0, 0, 0                  ; UPSW%n", paging ? 2 : 0));
        s.append(String.format("        .word %d, 0, 0x%X, 0               ; KPSW0: P = 0%n", kf & ~2, memsize));
        s.append(String.format("        .word %d, 0, 0x%X, 0               ; BADPSW: a reserved flag bit%n",
                kf | 8 << r.nextInt(4), kernelL()));
        s.append(String.format("        .word %d, 0, 0x%X, 0               ; LPSWX%n", kf, kernelL()));
        if (paging) {
            tables(s);
        }
        for (int f = 0; f < DATA_FRAMES; f++) {
            s.append(String.format("        .org 0x%X                      ; data frame %d%n", (DATA0 + f) * PAGE, DATA0 + f));
            s.append(String.format("        .space %d, 0x%X%n", PAGE, SVC_RET_WORD));
        }
        return s.toString();
    }

    private void tables(StringBuilder s) {
        for (int pd : new int[] {PD_A, PD_B}) {
            s.append(String.format("        .org 0x%X                      ; page directory%n", pd));
            s.append(String.format("        .word 0x%X, 0x%X, 0x%X, 0x%X%n", PT0 | 7, PT1 | 7, randomPde(),
                    pd | 1 | (r.nextBoolean() ? 4 : 0) | (r.nextBoolean() ? 8 : 0)));
        }
        s.append(String.format("        .org 0x%X                      ; PT0: the kernel and data frames, supervisor%n", PT0));
        StringBuilder w = new StringBuilder("        .word ");
        for (int f = 0; f < DATA0 + DATA_FRAMES; f++) {
            w.append(f == 0 ? "" : ", ").append(String.format("0x%X", f << 10 | 3));
        }
        s.append(w).append('\n');
        s.append(String.format("        .org 0x%X                      ; PT1: the kernel read-only for users%n", PT1));
        w = new StringBuilder("        .word ");
        for (int f = 0; f < KERNEL_FRAMES; f++) {
            w.append(f == 0 ? "" : ", ").append(String.format("0x%X", f << 10 | 5));
        }
        s.append(w).append('\n');
        s.append(String.format("        .org 0x%X%n", PT1 + RANDOM_SLOT0));
        s.append(randomPtes()).append('\n');
        s.append(String.format("        .org 0x%X                      ; PT2%n", PT2));
        s.append(randomPtes()).append('\n');
    }

    private String randomPtes() {
        StringBuilder w = new StringBuilder("        .word ");
        for (int i = 0; i < RANDOM_SLOTS; i++) {
            w.append(i == 0 ? "" : ", ").append(String.format("0x%X", randomPte()));
        }
        return w.toString();
    }

    /** A PTE: a data frame with random rights, a kernel frame read-only, a frame outside memory, not present. */
    private int randomPte() {
        int bits = (r.nextInt(8) == 0 ? 0 : 1) | (r.nextBoolean() ? 2 : 0) | (r.nextInt(3) > 0 ? 4 : 0)
                | (r.nextInt(4) == 0 ? 8 : 0) | (r.nextInt(6) == 0 ? 16 : 0);
        int pick = r.nextInt(10);
        int frame;
        if (pick < 5) {
            frame = DATA0 + r.nextInt(DATA_FRAMES);
        } else if (pick < 7) {
            frame = r.nextInt(KERNEL_FRAMES);
            bits &= ~2;
        } else if (pick < 9) {
            frame = new int[] {frames, frames + 3, 0x3FFFFF}[r.nextInt(3)];
        } else {
            frame = DATA0;
            bits &= ~1;
        }
        return frame << 10 | bits;
    }

    /** A PDE of directory 2: PT2 with random rights, or not present, or a table outside memory. */
    private int randomPde() {
        int bits = 1 | (r.nextInt(4) > 0 ? 2 : 0) | (r.nextInt(3) > 0 ? 4 : 0) | (r.nextInt(4) == 0 ? 8 : 0);
        return switch (r.nextInt(6)) {
            case 0 -> PT2 | (bits & ~1);
            case 1 -> (frames + 1) << 10 | bits;
            default -> PT2 | bits;
        };
    }

    // ---------------------------------------------------------------------------------------
    // Steps.

    private static void code(StringBuilder s, String text) {
        s.append("        ").append(text).append('\n');
    }

    private String next() {
        return "L" + label++;
    }

    private int reg() {
        int[] regs = {1, 2, 3, 4, 5, 6, 7, 8, 13, 14, 15};
        return regs[r.nextInt(regs.length)];
    }

    private int src() {
        return r.nextInt(16);
    }

    private static final String[] ALU = {"add", "sub", "and", "or", "xor", "mul", "shl", "shr", "sar", "div",
        "rem", "divu", "remu", "slt", "sltu"};
    private static final String[] IMM = {"addi", "slti", "sltiu"};
    private static final String[] UIMM = {"andi", "ori", "xori"};
    private static final String[] SHIFT = {"shli", "shri", "sari"};
    private static final String[] BRANCH = {"beq", "bne", "blt", "bge", "bltu", "bgeu"};

    private int value() {
        return switch (r.nextInt(6)) {
            case 0 -> r.nextInt(9) - 4;
            case 1 -> memsize - 2 + r.nextInt(4);
            case 2 -> 0x8000_0000 + r.nextInt(3) - 1;
            case 3 -> -1;
            default -> r.nextInt();
        };
    }

    /** One innocuous computation: ALU, immediate, shift, lui or li. */
    private String alu() {
        return switch (r.nextInt(6)) {
            case 0, 1 -> String.format("%-4s r%d, r%d, r%d", ALU[r.nextInt(ALU.length)], reg(), src(), src());
            case 2 -> String.format("%-4s r%d, r%d, %d", IMM[r.nextInt(IMM.length)], reg(), src(), r.nextInt(65536) - 32768);
            case 3 -> String.format("%-4s r%d, r%d, 0x%X", UIMM[r.nextInt(UIMM.length)], reg(), src(), r.nextInt(65536));
            case 4 -> String.format("%-4s r%d, r%d, %d", SHIFT[r.nextInt(SHIFT.length)], reg(), src(), r.nextInt(32));
            default -> r.nextBoolean() ? String.format("lui  r%d, 0x%X", reg(), r.nextInt(65536))
                    : String.format("li   r%d, 0x%X", reg(), value());
        };
    }

    private String undefined() {
        int[] ops = {0x00, 0x1C, 0x1D, 0x1F, 0x28, 0x2F, 0x31, 0x3F, 0x49, 0x4F, 0x54, 0x7F, 0x50, 0x51, 0x52, 0x53};
        int op = ops[r.nextInt(ops.length)];
        return String.format(".word 0x%X", op << 25 | r.nextInt(1 << 25));
    }

    private String privileged() {
        return switch (r.nextInt(13)) {
            case 0 -> String.format("rdpsw r%d, %s", reg(), new String[] {"flags", "b", "l", "3"}[r.nextInt(4)]);
            case 1 -> String.format("mfcr r%d, %s", reg(), new String[] {"ptbr", "timer", "2"}[r.nextInt(3)]);
            case 2 -> String.format("mtcr %d, r%d", 2 + r.nextInt(3), src());
            case 3 -> String.format("invlpg r%d", src());
            case 4 -> "tlbflush";
            case 5, 6 -> String.format("in   r%d, %d", reg(), new int[] {0, 0, 1, 5}[r.nextInt(4)]);
            case 7, 8 -> String.format("out  r%d, %d", src(), new int[] {0, 0, 7}[r.nextInt(3)]);
            case 9 -> String.format("lpsw %d(r%d)", r.nextInt(64), src());
            case 10 -> "halt";
            case 11 -> String.format("mtcr timer, r%d", src());
            default -> String.format("out  r%d, POWER", src());
        };
    }

    /** A kernel step: one to a few instructions with their setup. Returns its kind. */
    private String step(StringBuilder s) {
        int k = r.nextInt(paging ? 100 : 78);
        if (k < 14) {
            int n = 1 + r.nextInt(3);
            for (int i = 0; i < n; i++) {
                code(s, alu());
            }
            return "alu";
        } else if (k < 17) {
            code(s, String.format("%-4s r%d, r%d, r0", new String[] {"div", "rem", "divu", "remu"}[r.nextInt(4)], reg(), src()));
            return "divide by zero";
        } else if (k < 23) {
            if (r.nextBoolean()) {
                code(s, String.format("ld   r%d, %d(r%d)", reg(), r.nextInt(65536) - 32768, src()));
            } else {
                code(s, String.format("li   r9, 0x%X", loadTarget()));
                code(s, String.format("ld   r%d, %d(r9)", reg(), r.nextInt(5) - 2));
            }
            return "load";
        } else if (k < 29) {
            store(s);
            return "store";
        } else if (k < 35) {
            String l = next();
            code(s, String.format("%-4s r%d, r%d, %s", BRANCH[r.nextInt(BRANCH.length)], src(), src(), l));
            code(s, alu());
            s.append(l).append(":\n");
            return "branch";
        } else if (k < 39) {
            String l = next();
            if (r.nextBoolean()) {
                code(s, String.format("jal  r%d, %s", reg(), l));
            } else {
                code(s, "la   r9, " + l);
                code(s, String.format("jalr r%d, r9, 0", reg()));
            }
            code(s, alu());
            s.append(l).append(":\n");
            return "jump";
        } else if (k < 41) {
            String l = next();
            code(s, "la   r9, " + l);
            code(s, "st   r9, RECOV(r0)");
            code(s, String.format("li   r9, 0x%X", new int[] {memsize, memsize + 5, L_FLAT + 16, -4,
                (frames + 2) << 10}[r.nextInt(5)]));
            code(s, String.format("jalr r%d, r9, 0", reg()));
            s.append(l).append(":\n");
            return "jump to a fetch fault";
        } else if (k < 44) {
            int imm = r.nextInt(65536);
            code(s, String.format("svc  0x%X", imm == RET ? 0 : imm));
            return "svc";
        } else if (k < 51) {
            code(s, privilegedKernel());
            return "privileged";
        } else if (k < 53) {
            code(s, undefined());
            return "undefined";
        } else if (k < 56) {
            code(s, String.format("li   r9, %d", 1 + r.nextInt(r.nextBoolean() ? 30 : 300)));
            if (r.nextBoolean()) {
                code(s, "st   r9, PERIOD(r0)");
            }
            code(s, "mtcr timer, r9");
            return "timer";
        } else if (k < 58) {
            if (r.nextBoolean()) {
                code(s, String.format("in   r%d, CONSOLE", reg()));
            } else {
                code(s, String.format("out  r%d, CONSOLE", src()));
            }
            return "console";
        } else if (k < 62) {
            lpsw(s);
            return "lpsw";
        } else if (k < 78) {
            user(s);
            return "user program";
        } else if (k < 84) {
            remap(s);
            return "remap";
        } else if (k < 87) {
            pdeWrite(s);
            return "pde write";
        } else if (k < 91) {
            code(s, String.format("li   r9, 0x%X", (r.nextBoolean() ? PD_A : PD_B) | r.nextInt(PAGE)));
            code(s, "mtcr ptbr, r9");
            return "address space switch";
        } else if (k < 94) {
            String l = next();
            code(s, "la   r9, " + l);
            if (r.nextBoolean()) {
                code(s, "st   r9, KPSW0+3(r0)");
                code(s, "lpsw KPSW0(r0)                   ; paging off");
            } else {
                code(s, "st   r9, KPSW+3(r0)");
                code(s, "lpsw KPSW(r0)                    ; paging on");
            }
            s.append(l).append(":\n");
            return "paging toggle";
        } else if (k < 97) {
            if (r.nextBoolean()) {
                code(s, "tlbflush");
            } else {
                code(s, String.format("li   r9, 0x%X", loadTarget()));
                code(s, "invlpg r9");
            }
            return "flush";
        } else {
            code(s, String.format("li   r9, 0x%X", mappedAddress(r.nextInt(3))));
            code(s, String.format("st   r%d, 0(r9)", src()));
            return "store through a mapping";
        }
    }

    /** Privileged instructions the kernel may run without leaving the guest's structure. */
    private String privilegedKernel() {
        String p;
        do {
            p = privileged();
        } while (p.startsWith("lpsw") || p.equals("halt") || p.contains("POWER") || p.startsWith("mtcr timer"));
        return p;
    }

    private int loadTarget() {
        return switch (r.nextInt(8)) {
            case 0 -> memsize - 1 + r.nextInt(3);
            case 1 -> SCRATCH + r.nextInt(512);
            case 2 -> PT0 + r.nextInt(16);
            case 3 -> L_FLAT - 1 + r.nextInt(3);
            case 4 -> -1 - r.nextInt(4);
            default -> mappedAddress(r.nextInt(4));
        };
    }

    /** A linear address through directory 1 (alias and random slots), 2 (PT2) or 3 (the recursive map). */
    private int mappedAddress(int dir) {
        int off = r.nextInt(PAGE);
        return switch (dir) {
            case 0 -> ALIAS + ((RANDOM_SLOT0 + r.nextInt(RANDOM_SLOTS)) << 10) + off;
            case 1 -> DIR2 + (r.nextInt(RANDOM_SLOTS) << 10) + off;
            case 2 -> DIR3 + (r.nextInt(4) << 10) + off;
            default -> ALIAS + (r.nextInt(KERNEL_FRAMES + 2) << 10) + off;
        };
    }

    /** A kernel store: scratch, a data frame, the end of memory (never code, trap area or page tables). */
    private void store(StringBuilder s) {
        int target = switch (r.nextInt(5)) {
            case 0, 1 -> SCRATCH + r.nextInt(512);
            case 2 -> (DATA0 + r.nextInt(DATA_FRAMES)) * PAGE + r.nextInt(PAGE);
            case 3 -> memsize - 1 + r.nextInt(3);
            default -> r.nextBoolean() ? L_FLAT + r.nextInt(4) : -1 - r.nextInt(4);
        };
        if (target >= 0 && target < 32768) {
            code(s, String.format("st   r%d, %d(r0)", src(), target));
        } else {
            code(s, String.format("li   r9, 0x%X", target));
            code(s, String.format("st   r%d, 0(r9)", src()));
        }
    }

    private void lpsw(StringBuilder s) {
        switch (r.nextInt(4)) {
            case 0 -> code(s, "lpsw BADPSW(r0)                  ; reserved flag bits: ILLEGAL");
            case 1 -> {
                code(s, String.format("li   r9, 0x%X", memsize - 1 - r.nextInt(4)));
                code(s, "lpsw 0(r9)                       ; runs off the end of memory");
            }
            default -> {
                String l = next();
                code(s, "la   r9, " + l);
                code(s, "st   r9, LPSWX+3(r0)");
                code(s, "lpsw LPSWX(r0)");
                code(s, alu());
                s.append(l).append(":\n");
            }
        }
    }

    /** A PTE of a random slot rewritten, then its page flushed. */
    private void remap(StringBuilder s) {
        boolean pt1 = r.nextBoolean();
        int slot = r.nextInt(RANDOM_SLOTS);
        int addr = pt1 ? PT1 + RANDOM_SLOT0 + slot : PT2 + slot;
        int la = pt1 ? ALIAS + ((RANDOM_SLOT0 + slot) << 10) : DIR2 + (slot << 10);
        code(s, String.format("li   r9, 0x%X", addr));
        code(s, String.format("li   r8, 0x%X", randomPte()));
        code(s, "st   r8, 0(r9)                   ; a PTE changed");
        flush(s, la, false);
    }

    private void pdeWrite(StringBuilder s) {
        code(s, String.format("li   r9, 0x%X", (r.nextBoolean() ? PD_A : PD_B) + 2));
        code(s, String.format("li   r8, 0x%X", randomPde()));
        code(s, "st   r8, 0(r9)                   ; a PDE changed");
        flush(s, DIR2, true);
    }

    /** The flush that covers a page-table write (spec 3.3), unconditional so that any subset of steps keeps the discipline. */
    private void flush(StringBuilder s, int la, boolean directory) {
        int how = r.nextInt(directory ? 2 : 3);
        if (how == 0) {
            code(s, "tlbflush");
        } else if (how == 1) {
            code(s, "mfcr r9, ptbr");
            code(s, "mtcr ptbr, r9                    ; same ptbr: a flush");
        } else {
            // Both directories whose tables could hold the entry: the current space's and the recursive map's.
            code(s, String.format("li   r9, 0x%X", la | r.nextInt(PAGE)));
            code(s, "invlpg r9");
            code(s, String.format("li   r9, 0x%X", DIR3 | (la >>> 20) << 10));
            code(s, "invlpg r9");
        }
    }

    /** A user program under a random segment (and, in a paging guest, with P = 1). */
    private void user(StringBuilder s) {
        String u = next();
        String back = u + "_back";
        int len = 2 + r.nextInt(9);
        String base = paging ? String.format("0x%X+%s", ALIAS, u) : u;
        String b;
        int pc = 0;
        switch (r.nextInt(10)) {
            case 0 -> {
                pc = 1 + r.nextInt(3);
                b = base + "-" + pc;
            }
            case 1 -> b = paging ? String.format("0x%X", L_FLAT - 1 - r.nextInt(4)) : String.format("MEMSIZE-%d", 1 + r.nextInt(3));
            case 2 -> b = String.format("MEMSIZE+%d", r.nextInt(4));
            case 3 -> {
                pc = 8 + r.nextInt(8);
                b = String.format("0x%X", -1 - r.nextInt(8));
            }
            case 4 -> b = String.format("0x%X", paging ? ALIAS + (RANDOM_SLOT0 << 10) : DATA0 * PAGE);
            default -> b = base;
        }
        String l = switch (r.nextInt(8)) {
            case 0 -> "0";
            case 1 -> "0xFFFFFFFF";
            case 2 -> String.valueOf(len + 1 + pc);
            case 3 -> String.valueOf(1 + r.nextInt(len));
            case 4 -> "0x80000000";
            default -> String.valueOf(0x8000);
        };
        int flags = (paging ? 2 : 0) | (r.nextInt(3) == 0 ? 4 : 0);
        code(s, "la   r9, " + back);
        code(s, "st   r9, RECOV(r0)");
        code(s, String.format("li   r9, %d", flags));
        code(s, "st   r9, UPSW(r0)");
        code(s, "li   r9, " + b);
        code(s, "st   r9, UPSW+1(r0)");
        code(s, "li   r9, " + l);
        code(s, "st   r9, UPSW+2(r0)");
        code(s, "li   r9, " + pc);
        code(s, "st   r9, UPSW+3(r0)");
        code(s, "lpsw UPSW(r0)                    ; to user mode");
        s.append(u).append(":                                 ; the user program, at va 0 of its segment\n");
        List<String> pending = new ArrayList<>();
        for (int i = 0; i < len; i++) {
            userInstruction(s, u, pending);
            if (!pending.isEmpty() && r.nextBoolean()) {
                s.append(pending.remove(0)).append(":\n");
            }
        }
        for (String p : pending) {
            s.append(p).append(":\n");
        }
        code(s, "svc  RET                         ; back to the kernel");
        s.append(back).append(":\n");
    }

    private void userInstruction(StringBuilder s, String u, List<String> pending) {
        switch (r.nextInt(12)) {
            case 0, 1 -> code(s, alu());
            case 2 -> code(s, String.format("ld   r%d, %d(r%d)", reg(), r.nextBoolean() ? r.nextInt(40) : r.nextInt(65536) - 32768,
                    r.nextBoolean() ? 0 : src()));
            case 3 -> {
                // Into a data frame when B is the program's own address (and, paging, a random slot is writable).
                int target = paging ? ((RANDOM_SLOT0 + r.nextInt(RANDOM_SLOTS)) << 10) + r.nextInt(PAGE)
                        : (DATA0 + r.nextInt(DATA_FRAMES)) * PAGE + r.nextInt(PAGE);
                code(s, String.format("st   r%d, %d-%s(r0)", src(), target, u));
            }
            case 4 -> code(s, String.format("st   r%d, %d(r0)", src(), r.nextInt(40)));
            case 5 -> code(s, String.format("svc  0x%X", r.nextInt(4) == 0 ? RET : r.nextInt(65536)));
            case 6 -> code(s, privileged());
            case 7 -> code(s, String.format("%-4s r%d, r%d, r0", new String[] {"div", "remu"}[r.nextInt(2)], reg(), src()));
            case 8 -> {
                String l = u + "_" + pending.size() + "_" + label++;
                code(s, String.format("%-4s r%d, r%d, %s", BRANCH[r.nextInt(BRANCH.length)], src(), src(), l));
                pending.add(l);
            }
            case 9 -> code(s, String.format("jalr r%d, r%d, %d", reg(), src(), r.nextInt(16)));
            case 10 -> code(s, undefined());
            default -> code(s, String.format("%-4s r%d, r%d, %d", IMM[r.nextInt(IMM.length)], reg(), src(), r.nextInt(200) - 100));
        }
    }

    /** The one step that ends the guest (or may): a double fault, halt, power-off, or a loop to the limit. */
    private String ending(StringBuilder s) {
        switch (r.nextInt(paging ? 6 : 5)) {
            case 0, 1 -> {
                code(s, "st   r0, NEW_PSW+2(r0)          ; the handler's segment: L = 0");
                code(s, String.format("svc  %d                          ; then a double fault", r.nextInt(100)));
                return "double fault";
            }
            case 2 -> {
                code(s, "halt");
                return "halt";
            }
            case 3 -> {
                code(s, String.format("li   r9, %d", r.nextInt(300)));
                code(s, "out  r9, POWER");
                return "power off";
            }
            case 4 -> {
                String l = next();
                s.append(l).append(":\n");
                code(s, "addi r5, r5, 1");
                code(s, "jal  r0, " + l + "                      ; forever: the instruction limit");
                return "endless loop";
            }
            default -> {
                code(s, String.format("li   r9, 0x%X", (frames + 2) << 10));
                code(s, "mtcr ptbr, r9                    ; a page directory outside memory: a double fault");
                return "double fault";
            }
        }
    }
}
