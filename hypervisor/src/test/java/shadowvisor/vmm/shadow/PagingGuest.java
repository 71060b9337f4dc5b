package shadowvisor.vmm.shadow;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A generated paging guest, as assembly text that reads like a hand-written test kernel. A
 * layout seed fixes the machine (memory size, number of address spaces, their page tables,
 * rights at both levels, the timer); a list of step seeds fixes the program, one kernel step
 * per seed, so jqwik shrinks a failing guest by dropping steps.
 *
 * <pre>
 *  frame 0..1   kernel: trap area, boot code, the steps, the trap handler
 *  frame 2      kernel data: saved registers, variables, PSWs, the trap log
 *  frame 3      kernel scratch (supervisor stores land here)
 *  frame 4..    one page directory per address space (1 to 10 of them), then up to three
 *               table sets, each a PT0 (identity map of frames 0..K-1 + random slots) and, for
 *               directories 1 and 0x3FF, a primary and an alternate page table; address
 *               space s uses table set s mod 3, so spaces share tables (never within one space)
 *  then         the gadget frame (user code), four data frames, free frames
 * </pre>
 *
 * Every address space maps the kernel region (frames 0..K-1) at the same linear addresses,
 * supervisor-only, so the kernel and its trap handler run with P = 1 in any of them and write
 * page tables through that identity map. The trap handler logs cause, value, detail, the old
 * PSW and ptbr of every trap into the log, then resumes at the recovery point of the current
 * step (a TIMER resumes the interrupted instruction instead).
 *
 * <p>A <b>disciplined</b> guest keeps the TLB discipline of spec 3.3: each page table belongs
 * to one directory slot of one address space, and every page-table write is followed, before
 * any access, by the flush that covers it ({@code invlpg} of that page, {@code tlbflush} after
 * a PDE write, or a {@code mtcr ptbr} of the same value); random accesses never store into page
 * tables or the trap area. An <b>undisciplined</b> guest does all of that wrong on purpose:
 * remaps without flushes, stores anywhere, directories aimed at data frames.
 */
final class PagingGuest {
    static final int PAGE = 1024;
    static final int KCODE = 16;
    static final int KDATA = 2 * PAGE;
    static final int KSCRATCH = 3 * PAGE;
    static final int LOG = KDATA + 256;
    static final int LOG_ENTRIES = 64;
    static final int MAX_TRAPS = 400;
    static final int MAX_TICKS = 40;
    static final int L_FLAT = 1 << 30;
    /** Segment base of the fourth user PSW (not page-aligned: la = va + B must be applied first). */
    static final int USER_B = 0xC00 + 0x123;
    /** Directories besides 0 that hold random mappings; 2 stays not present. */
    static final int[] DIRS = {1, 0x3FF};
    /** Random slots in the tables of {@link #DIRS}. */
    static final int[] SLOTS = {0, 1, 2, 5, 1023};
    /** Random slots in PT0 sit above the identity map: K + these. */
    static final int PT0_SLOTS = 6;
    /**
     * Two fixed PT0 slots after the random ones: K + ALIAS maps the set's first page table
     * (directory 1, primary) writable for user and supervisor, so page tables are also written
     * through an alias; K + UCODE maps the gadget frame read-only for user code.
     */
    static final int ALIAS = PT0_SLOTS, UCODE = PT0_SLOTS + 1;

    /** Gadget offsets in the gadget frame (user or supervisor code reached by jalr or lpsw). */
    static final int G_SVC = 0, G_LD = 1, G_ST = 3, G_PRIV = 5, G_LPSW = 7, G_LDST = 9;
    static final int[] GADGETS = {G_SVC, G_LD, G_ST, G_PRIV, G_LPSW, G_LDST};

    final long layoutSeed;
    final List<Long> stepSeeds;
    final boolean disciplined;

    // The layout.
    final int spaces;
    /** Table sets: space s uses set s % sets. */
    final int sets;
    final int kernelFrames;
    final int gadgetFrame;
    final int dataFrame0;
    final int frames;
    final int memsize;
    final int timerPeriod;
    final boolean userInterrupts;
    /** Physical address of each space's PD, of each set's PT0 and of its tables of DIRS: [set][dir][0 primary, 1 alternate]. */
    final int[] pd;
    final int[] pt0;
    final int[][][] pt;
    /** Initial entries: pde[space][dirIndex in DIRS], pte0[set][slot], pte[set][dir][alt][slotIndex]. */
    final int[][] pde;
    final int[][] pte0;
    final int[][][][] pte;
    /** Out-of-memory frames a PTE or PDE may name. */
    final int[] wildFrames;

    private final String text;

    PagingGuest(long layoutSeed, List<Long> stepSeeds, boolean disciplined) {
        this.layoutSeed = layoutSeed;
        this.stepSeeds = List.copyOf(stepSeeds);
        this.disciplined = disciplined;
        Random r = new Random(layoutSeed);
        // Mostly a few address spaces; sometimes more roots than shadow-trace caches (16: 8 spaces in 2 roles).
        spaces = 1 + r.nextInt(r.nextInt(3) == 0 ? 10 : 3);
        sets = Math.min(spaces, 3);
        kernelFrames = 4 + spaces + sets * (1 + 2 * DIRS.length);
        gadgetFrame = kernelFrames;
        dataFrame0 = kernelFrames + 1;
        frames = Math.max(16, kernelFrames + 5 + r.nextInt(6));
        memsize = frames * PAGE;
        timerPeriod = r.nextInt(3) == 0 ? 0 : 40 + r.nextInt(300);
        userInterrupts = r.nextBoolean();
        // Outside memory; as instruction words (a PTE read as code) they decode as undefined opcodes.
        wildFrames = new int[] {frames, frames + 1 + r.nextInt(4), 0x3FFFFF, 0x3F0000 + r.nextInt(0x1000)};
        pd = new int[spaces];
        pt0 = new int[sets];
        pt = new int[sets][DIRS.length][2];
        pde = new int[spaces][DIRS.length];
        pte0 = new int[sets][PT0_SLOTS];
        pte = new int[sets][DIRS.length][2][SLOTS.length];
        int next = 4;
        for (int s = 0; s < spaces; s++) {
            pd[s] = next++ * PAGE;
        }
        for (int s = 0; s < sets; s++) {
            pt0[s] = next++ * PAGE;
            for (int d = 0; d < DIRS.length; d++) {
                pt[s][d][0] = next++ * PAGE;
                pt[s][d][1] = next++ * PAGE;
            }
        }
        for (int s = 0; s < spaces; s++) {
            for (int d = 0; d < DIRS.length; d++) {
                pde[s][d] = randomPde(r, s, d, true);
            }
        }
        for (int s = 0; s < sets; s++) {
            for (int d = 0; d < DIRS.length; d++) {
                for (int alt = 0; alt < 2; alt++) {
                    for (int i = 0; i < SLOTS.length; i++) {
                        pte[s][d][alt][i] = randomPte(r);
                    }
                }
            }
            for (int i = 0; i < PT0_SLOTS; i++) {
                pte0[s][i] = randomPte(r);
            }
        }
        text = new Assembly(r).program();
    }

    /** The assembly text. */
    String source() {
        return text;
    }

    /** A name for messages: the seeds that rebuild this guest. */
    String name() {
        return (disciplined ? "disciplined" : "undisciplined") + "-guest layout=" + layoutSeed + "L steps=" + stepSeeds.size();
    }

    @Override
    public String toString() {
        return name() + "\n" + ShadowRuns.numbered(text);
    }

    // ---------------------------------------------------------------------------------------
    // Random entries.

    /** Rights: mostly present, W and U at random, sometimes A and D preset. */
    private static int rights(Random r) {
        int bits = r.nextInt(8) == 0 ? 0 : 1;
        bits |= r.nextBoolean() ? 2 : 0;
        bits |= r.nextInt(3) != 0 ? 4 : 0;
        bits |= r.nextInt(4) == 0 ? 8 : 0;
        bits |= r.nextInt(6) == 0 ? 16 : 0;
        return bits;
    }

    /** A PTE of a random slot: the gadget frame, a data frame, a kernel frame read-only, or a frame outside memory. */
    int randomPte(Random r) {
        int pick = r.nextInt(10);
        int frame;
        int bits = rights(r);
        if (pick < 3) {
            frame = gadgetFrame;
        } else if (pick < 7) {
            frame = dataFrame0 + r.nextInt(4);
        } else if (pick < 9) {
            if (disciplined) {
                // Kernel scratch or a page table, read-only: user code may read A and D bits, never write.
                frame = 3 + r.nextInt(kernelFrames - 3);
                bits &= ~2;
            } else {
                frame = r.nextInt(kernelFrames);
            }
        } else {
            frame = wildFrames[r.nextInt(wildFrames.length)];
        }
        return frame << 10 | bits;
    }

    /**
     * A PDE for DIRS[d] of {@code space}: its table set's primary or alternate table, not
     * present, a wild frame, or its own directory (a recursive map: read-only when disciplined).
     */
    int randomPde(Random r, int space, int d, boolean initial) {
        int s = space % sets;
        int pick = r.nextInt(10);
        int frame;
        if (r.nextInt(12) == 0) {
            int bits = rights(r) | 1;
            return pd[space] | (disciplined ? bits & ~2 : bits);
        }
        if (pick < (initial ? 7 : 4)) {
            frame = pt[s][d][0] >>> 10;
        } else if (pick < 8) {
            frame = pt[s][d][1] >>> 10;
        } else if (pick < 9 || disciplined) {
            frame = wildFrames[r.nextInt(wildFrames.length)];
        } else {
            frame = dataFrame0 + r.nextInt(4); // a data frame used as a page table: undisciplined only
        }
        int bits = rights(r);
        if (r.nextInt(4) != 0) {
            bits |= 1;
        }
        return frame << 10 | bits;
    }

    // ---------------------------------------------------------------------------------------
    // The program text.

    private final class Assembly {
        private final Random r;
        private final StringBuilder s = new StringBuilder();
        private int current;
        private int label;

        Assembly(Random r) {
            this.r = r;
        }

        String program() {
            header();
            kernel();
            handler();
            data();
            tables();
            gadgets();
            return s.toString();
        }

        private void line(String text) {
            s.append(text).append('\n');
        }

        private void code(String instruction, String comment) {
            String t = "        " + instruction;
            if (comment != null) {
                t = String.format("%-40s ; %s", t, comment);
            }
            line(t);
        }

        private void code(String instruction) {
            code(instruction, null);
        }

        private String hex(int v) {
            return String.format("0x%X", v);
        }

        private void header() {
            line("; " + name());
            line(String.format("; memsize %d words (%d frames), %d address space(s) on %d table set(s), kernel frames 0..%d,",
                    memsize, frames, spaces, sets, kernelFrames - 1));
            line(String.format("; gadget frame %d,", gadgetFrame));
            line(String.format("; data frames %d..%d, timer period %d (%s in user mode), wild frames %s",
                    dataFrame0, dataFrame0 + 3, timerPeriod, userInterrupts ? "on" : "off",
                    java.util.Arrays.toString(wildFrames)));
            for (int sp = 0; sp < spaces; sp++) {
                line(String.format("; space %d: PD %s, table set %d", sp, hex(pd[sp]), sp % sets));
            }
            for (int set = 0; set < sets; set++) {
                StringBuilder t = new StringBuilder(String.format("; table set %d: PT0 %s", set, hex(pt0[set])));
                for (int d = 0; d < DIRS.length; d++) {
                    t.append(String.format(", dir %s tables %s/%s", hex(DIRS[d]), hex(pt[set][d][0]), hex(pt[set][d][1])));
                }
                line(t.toString());
            }
            line(String.format("        .equ SAVE, %d", KDATA));
            line(String.format("        .equ LOGIDX, %d", KDATA + 4));
            line(String.format("        .equ RECOV, %d", KDATA + 5));
            line(String.format("        .equ TICKS, %d", KDATA + 6));
            line(String.format("        .equ PERIOD, %d", KDATA + 7));
            line(String.format("        .equ KPSW, %d", KDATA + 8));
            line(String.format("        .equ KPSW0, %d", KDATA + 12));
            line(String.format("        .equ UPSW, %d", KDATA + 16));
            line(String.format("        .equ LOG, %d", LOG));
            line("        .org 4                           ; NEW_PSW: supervisor, paging, flat");
            line(String.format("        .word PSW_S|PSW_P, 0, %s, trap", hex(L_FLAT)));
        }

        private void kernel() {
            line("        .org 16");
            line("_start:");
            code("li   r1, " + hex(pd[0]), "address space 0");
            code("mtcr ptbr, r1");
            if (timerPeriod > 0) {
                code("li   r1, " + timerPeriod);
                code("mtcr timer, r1");
            }
            code("li   r11, 31", "checksum multiplier");
            code("la   r1, step0");
            code("st   r1, KPSW+3(r0)");
            code("lpsw KPSW(r0)", "supervisor, P = 1");
            current = 0;
            for (int i = 0; i < stepSeeds.size(); i++) {
                line("step" + i + ":");
                code("mul  r13, r13, r11");
                code("add  r13, r13, r10", "fold the last value loaded");
                code("la   r1, step" + (i + 1));
                code("st   r1, RECOV(r0)", "where a trap resumes");
                step(new Random(stepSeeds.get(i) ^ layoutSeed));
            }
            line("step" + stepSeeds.size() + ":");
            code("mul  r13, r13, r11");
            code("add  r13, r13, r10");
            code("out  r13, POWER", "power off with the checksum");
        }

        private void step(Random q) {
            int kind = q.nextInt(100);
            if (spaces > 3 && q.nextInt(4) == 0) {
                switchSpace(q); // many spaces: switch often, so roots are evicted and shadows zapped
            } else if (!disciplined && kind < 12) {
                trash(q);
            } else if (kind < 3) {
                aliasWrite(q);
            } else if (kind < 22) {
                supervisorAccess(q);
            } else if (kind < 44) {
                userAccess(q);
            } else if (kind < 54) {
                physicalAccess(q);
            } else if (kind < 70) {
                pteWrite(q);
            } else if (kind < 76) {
                pdeWrite(q);
            } else if (kind < 85) {
                switchSpace(q);
            } else if (kind < 86) {
                if (q.nextInt(4) == 0) {
                    wildSpace(q);
                } else {
                    switchSpace(q);
                }
            } else if (kind < 94) {
                readBack(q);
            } else {
                lpswFrom(q);
            }
        }

        /** A linear address for a data access or a jump: mapped slots mostly, then the odd ones. */
        private int linear(Random q, boolean store) {
            int pick = q.nextInt(20);
            int off = q.nextInt(8) == 0 ? 1023 : q.nextInt(64);
            if (pick < 8) {
                int d = q.nextInt(DIRS.length);
                return DIRS[d] << 20 | SLOTS[q.nextInt(SLOTS.length)] << 10 | off;
            } else if (pick < 13) {
                return (kernelFrames + q.nextInt(PT0_SLOTS)) << 10 | off;
            } else if (pick < 14) {
                return 2 << 20 | q.nextInt(1 << 20); // directory 2: never present
            } else if (pick < 15) {
                return q.nextBoolean() ? L_FLAT + q.nextInt(4096) : 0xFFFFF000 + q.nextInt(4096);
            } else if (pick < 17) {
                return KSCRATCH + q.nextInt(PAGE);
            } else if (store && disciplined) {
                return KSCRATCH + q.nextInt(PAGE);
            } else {
                return q.nextInt(kernelFrames * PAGE); // anything in the kernel region: tables, code, trap area
            }
        }

        private int gadgetTarget(Random q) {
            int g = GADGETS[q.nextInt(GADGETS.length)];
            int pick = q.nextInt(10);
            if (pick < 5) {
                return DIRS[q.nextInt(DIRS.length)] << 20 | SLOTS[q.nextInt(SLOTS.length)] << 10 | g;
            } else if (pick < 9) {
                return (kernelFrames + q.nextInt(PT0_SLOTS)) << 10 | g;
            } else if (disciplined) {
                // Odd targets, but never the kernel's code or data: scratch, a page table, unmapped, too high.
                int odd = q.nextInt(4);
                return odd == 0 ? KSCRATCH + q.nextInt(PAGE) : odd == 1 ? (4 + q.nextInt(kernelFrames - 4)) << 10 | g
                        : odd == 2 ? 2 << 20 | g : L_FLAT + g;
            }
            return linear(q, false);
        }

        /** A value to store: an svc encoding, harmless if it is ever fetched. */
        private int storeValue(Random q) {
            return 0x60000000 | q.nextInt(0x10000);
        }

        private void setOperands(Random q, boolean store) {
            code("li   r8, " + hex(linear(q, store)), "data address");
            code("li   r9, " + hex(storeValue(q)), "value to store");
        }

        private void supervisorAccess(Random q) {
            int what = q.nextInt(4);
            if (what == 0) {
                code("li   r8, " + hex(linear(q, false)));
                code("ld   r10, 0(r8)", "supervisor load");
            } else if (what == 1) {
                setOperands(q, true);
                code("st   r9, 0(r8)", "supervisor store");
            } else {
                setOperands(q, true);
                code("li   r6, " + hex(gadgetTarget(q)));
                code("jalr lr, r6, 0", "supervisor jump into a gadget");
            }
        }

        private void userAccess(Random q) {
            setOperands(q, true);
            int variant = q.nextInt(4);
            int target = gadgetTarget(q);
            int b = variant == 3 ? USER_B : 0;
            code("li   r1, " + hex(target - b), "user gadget va");
            code("st   r1, UPSW+" + (4 * variant + 3) + "(r0)");
            code("lpsw UPSW+" + (4 * variant) + "(r0)", "to user mode, variant " + variant);
        }

        private void physicalAccess(Random q) {
            String here = "p" + label++;
            String back = "p" + label++;
            code("la   r1, " + here);
            code("st   r1, KPSW0+3(r0)");
            code("lpsw KPSW0(r0)", "P = 0 for a moment");
            line(here + ":");
            int what = q.nextInt(3);
            int pa;
            if (q.nextInt(4) == 0) {
                pa = memsize + q.nextInt(3 * PAGE);
            } else if (disciplined) {
                pa = (q.nextBoolean() ? KSCRATCH : (dataFrame0 + q.nextInt(4)) * PAGE) + q.nextInt(PAGE);
            } else {
                pa = q.nextInt(memsize);
            }
            code("li   r8, " + hex(pa), "physical address");
            if (what == 0) {
                code("ld   r10, 0(r8)");
            } else if (what == 1) {
                code("li   r9, " + hex(storeValue(q)));
                code("st   r9, 0(r8)");
            } else {
                code("li   r6, " + hex(gadgetFrame * PAGE + GADGETS[q.nextInt(GADGETS.length)]));
                code("li   r8, " + hex((dataFrame0 + q.nextInt(4)) * PAGE + q.nextInt(PAGE)));
                code("jalr lr, r6, 0", "a gadget, physically");
            }
            code("la   r1, " + back);
            code("st   r1, KPSW+3(r0)");
            code("lpsw KPSW(r0)", "back to P = 1");
            line(back + ":");
        }

        /** Rewrites a random PTE of a random space; flushes it when that space is the current one. */
        private void pteWrite(Random q) {
            int set = q.nextInt(sets);
            int addr;
            int la;
            if (q.nextInt(3) == 0) {
                int slot = kernelFrames + q.nextInt(PT0_SLOTS);
                addr = pt0[set] + slot;
                la = slot << 10;
            } else {
                int d = q.nextInt(DIRS.length);
                int slot = SLOTS[q.nextInt(SLOTS.length)];
                addr = pt[set][d][q.nextInt(2)] + slot;
                la = DIRS[d] << 20 | slot << 10;
            }
            int value = randomPte(q);
            boolean physical = q.nextInt(4) == 0;
            if (physical) {
                String here = "w" + label++;
                String back = "w" + label++;
                code("la   r1, " + here);
                code("st   r1, KPSW0+3(r0)");
                code("lpsw KPSW0(r0)", "P = 0 to write a page table");
                line(here + ":");
                code("li   r2, " + hex(addr), "PTE of la " + hex(la) + " in table set " + set);
                code("li   r3, " + hex(value));
                code("st   r3, 0(r2)");
                code("la   r1, " + back);
                code("st   r1, KPSW+3(r0)");
                code("lpsw KPSW(r0)");
                line(back + ":");
            } else {
                code("li   r2, " + hex(addr), "PTE of la " + hex(la) + " in table set " + set);
                code("li   r3, " + hex(value));
                code("st   r3, 0(r2)");
            }
            flush(q, current % sets == set, la, false);
        }

        private void pdeWrite(Random q) {
            int sp = q.nextInt(spaces);
            int d = q.nextInt(DIRS.length);
            code("li   r2, " + hex(pd[sp] + DIRS[d]), "PDE of dir " + hex(DIRS[d]) + " in space " + sp);
            code("li   r3, " + hex(randomPde(q, sp, d, false)));
            code("st   r3, 0(r2)");
            flush(q, sp == current, DIRS[d] << 20, true);
        }

        /**
         * The flush that a page-table write needs when the current space uses the written table
         * ({@code live}); an undisciplined guest often skips it.
         */
        private void flush(Random q, boolean live, int la, boolean directory) {
            if (!disciplined && q.nextInt(3) != 0) {
                code("nop", "no flush: undisciplined");
                return;
            }
            if (!live && q.nextBoolean()) {
                code("nop", "not in the current space: the next mtcr ptbr flushes");
                return;
            }
            int how = q.nextInt(directory ? 2 : 3);
            if (how == 2) {
                code("li   r2, " + hex(la | q.nextInt(PAGE)));
                code("invlpg r2");
            } else if (how == 1) {
                code("tlbflush");
            } else {
                code("mfcr r2, ptbr");
                code("mtcr ptbr, r2", "same ptbr: a flush");
            }
        }

        /**
         * A PTE of the current space's first table written through the alias slot, by the kernel
         * or by user code, then flushed: in shadow-trace the alias mapping itself must be
         * write-protected in both roles.
         */
        private void aliasWrite(Random q) {
            int set = current % sets;
            int slot = SLOTS[q.nextInt(SLOTS.length)];
            int aliasLa = (kernelFrames + ALIAS) << 10;
            String after = "a" + label++;
            code("li   r8, " + hex(aliasLa + slot), "the PTE of la " + hex(DIRS[0] << 20 | slot << 10)
                    + " in table set " + set + ", through the alias");
            code("li   r9, " + hex(randomPte(q)));
            if (q.nextBoolean()) {
                code("st   r9, 0(r8)", "by the kernel");
            } else {
                code("la   r1, " + after);
                code("st   r1, RECOV(r0)", "the gadget's svc comes back here");
                code("li   r1, " + hex((kernelFrames + UCODE) << 10 | G_ST));
                code("st   r1, UPSW+7(r0)");
                code("lpsw UPSW+4(r0)", "by user code");
            }
            line(after + ":");
            flush(q, true, DIRS[0] << 20 | slot << 10, false);
        }

        /** A ptbr outside memory (or on a data frame): the next fetch faults, and so does the handler's. */
        private void wildSpace(Random q) {
            int frame = q.nextBoolean() ? wildFrames[q.nextInt(wildFrames.length)] : dataFrame0 + q.nextInt(4);
            code("li   r1, " + hex(frame << 10), "a page directory outside memory or on data: the end");
            code("mtcr ptbr, r1");
        }

        /** Undisciplined only: a random word stored anywhere in the kernel region or memory, by the kernel. */
        private void trash(Random q) {
            int addr = q.nextBoolean() ? q.nextInt(kernelFrames * PAGE) : q.nextInt(memsize);
            code("li   r8, " + hex(addr));
            code("li   r9, " + hex(q.nextInt()));
            code("st   r9, 0(r8)", "trash, no flush");
        }

        private void switchSpace(Random q) {
            current = q.nextInt(spaces);
            code("li   r1, " + hex(pd[current] | q.nextInt(PAGE)), "to address space " + current + " (low bits ignored)");
            code("mtcr ptbr, r1");
        }

        private void readBack(Random q) {
            int sp = q.nextInt(spaces);
            int set = q.nextInt(sets);
            int addr;
            int pick = q.nextInt(3);
            if (pick == 0) {
                addr = pd[sp] + (q.nextBoolean() ? 0 : DIRS[q.nextInt(DIRS.length)]);
            } else if (pick == 1) {
                addr = pt0[set] + q.nextInt(kernelFrames + PT0_SLOTS + 2);
            } else {
                addr = pt[set][q.nextInt(DIRS.length)][q.nextInt(2)] + SLOTS[q.nextInt(SLOTS.length)];
            }
            code("li   r2, " + hex(addr), "read back a page-table word (A and D bits)");
            code("ld   r10, 0(r2)");
        }

        private void lpswFrom(Random q) {
            setOperands(q, true);
            int at = q.nextInt(3) == 0 ? 1022 : 16;
            code("li   r6, " + hex(linear(q, false) & ~0x3FF | at), at == 16 ? "lpsw from a mapped page (the PSW word at +16)"
                    : "lpsw across two pages");
            code("lpsw 0(r6)");
        }

        private void handler() {
            line("; The trap handler: log the trap, then resume at the step's recovery point (TIMER: where it was).");
            line("trap:");
            code("st   r1, SAVE(r0)");
            code("st   r2, SAVE+1(r0)");
            code("st   r3, SAVE+2(r0)");
            code("ld   r1, LOGIDX(r0)");
            code("andi r2, r1, " + (LOG_ENTRIES - 1));
            code("shli r2, r2, 3");
            code("addi r2, r2, LOG", "r2: this trap's log entry");
            code("ld   r3, TRAP_CAUSE(r0)");
            code("st   r3, 0(r2)");
            code("ld   r3, TRAP_VALUE(r0)");
            code("st   r3, 1(r2)");
            code("ld   r3, TRAP_DETAIL(r0)");
            code("st   r3, 2(r2)");
            code("ld   r3, OLD_PSW(r0)");
            code("st   r3, 3(r2)");
            code("ld   r3, OLD_PSW+1(r0)");
            code("st   r3, 4(r2)");
            code("ld   r3, OLD_PSW+2(r0)");
            code("st   r3, 5(r2)");
            code("ld   r3, OLD_PSW+3(r0)");
            code("st   r3, 6(r2)");
            code("mfcr r3, ptbr");
            code("st   r3, 7(r2)");
            code("addi r1, r1, 1");
            code("st   r1, LOGIDX(r0)");
            code("ld   r3, TRAP_CAUSE(r0)");
            code("addi r3, r3, -T_TIMER");
            code("beqz r3, on_timer");
            code("li   r2, " + MAX_TRAPS);
            code("bgeu r1, r2, flood");
            code("ld   r1, RECOV(r0)");
            code("st   r1, KPSW+3(r0)");
            code("lpsw KPSW(r0)", "resume at the recovery point");
            line("on_timer:");
            code("ld   r1, TICKS(r0)");
            code("addi r1, r1, 1");
            code("st   r1, TICKS(r0)");
            code("li   r2, " + MAX_TICKS);
            code("bgeu r1, r2, tdone");
            code("ld   r2, PERIOD(r0)");
            code("mtcr timer, r2");
            line("tdone:");
            code("ld   r1, SAVE(r0)");
            code("ld   r2, SAVE+1(r0)");
            code("ld   r3, SAVE+2(r0)");
            code("lpsw OLD_PSW(r0)", "resume the interrupted instruction");
            line("flood:");
            code("li   r1, 99");
            code("out  r1, POWER", "too many traps");
        }

        private void data() {
            int kflags = 1 | 2 | (timerPeriod > 0 ? 4 : 0);
            int uflags = 2 | (timerPeriod > 0 && userInterrupts ? 4 : 0);
            line("        .org " + KDATA);
            line("        .space 7");
            line("        .word " + timerPeriod + "                       ; PERIOD");
            line(String.format("        .word %d, 0, %s, 0               ; KPSW", kflags, hex(L_FLAT)));
            line(String.format("        .word %d, 0, %s, 0               ; KPSW0: P = 0", kflags & ~2, hex(L_FLAT)));
            line(String.format("        .word %d, 0, %s, 0               ; UPSW+0: user, flat", uflags, hex(L_FLAT)));
            line(String.format("        .word %d, 0, %s, 0               ; UPSW+4: user, flat, no interrupts", 2, hex(L_FLAT)));
            line(String.format("        .word %d, 0, %s, 0               ; UPSW+8: user, P = 0", uflags & ~2, hex(memsize)));
            line(String.format("        .word %d, %s, %s, 0              ; UPSW+12: user, a segment", uflags,
                    hex(USER_B), hex(1 << 21)));
        }

        private void tables() {
            for (int sp = 0; sp < spaces; sp++) {
                line(String.format("; address space %d", sp));
                line("        .org " + hex(pd[sp]));
                line(String.format("        .word %s                    ; PDE 0: PT0, present, writable, user",
                        hex(pt0[sp % sets] | 7)));
                for (int d = 0; d < DIRS.length; d++) {
                    line("        .org " + hex(pd[sp] + DIRS[d]));
                    line(String.format("        .word %s                    ; PDE %s", hex(pde[sp][d]), hex(DIRS[d])));
                }
            }
            for (int sp = 0; sp < sets; sp++) {
                line(String.format("; table set %d", sp));
                line("        .org " + hex(pt0[sp]));
                StringBuilder identity = new StringBuilder("        .word ");
                for (int f = 0; f < kernelFrames; f++) {
                    identity.append(f == 0 ? "" : ", ").append(hex(f << 10 | 3));
                }
                line(identity + "  ; identity map of the kernel frames, supervisor-only");
                StringBuilder random = new StringBuilder("        .word ");
                for (int i = 0; i < PT0_SLOTS; i++) {
                    random.append(i == 0 ? "" : ", ").append(hex(pte0[sp][i]));
                }
                line(random + "  ; random slots");
                line(String.format("        .word %s, %s  ; the alias of table %s, the user gadget page", hex(pt[sp][0][0] | 7),
                        hex(gadgetFrame << 10 | 5), hex(pt[sp][0][0])));
                for (int d = 0; d < DIRS.length; d++) {
                    for (int alt = 0; alt < 2; alt++) {
                        for (int i = 0; i < SLOTS.length; i++) {
                            line("        .org " + hex(pt[sp][d][alt] + SLOTS[i]));
                            line(String.format("        .word %s", hex(pte[sp][d][alt][i])));
                        }
                    }
                }
            }
        }

        private void gadgets() {
            line("; the gadget frame");
            line("        .org " + hex(gadgetFrame * PAGE));
            line("        svc  1");
            line("        ld   r10, 0(r8)");
            line("        svc  2");
            line("        st   r9, 0(r8)");
            line("        svc  3");
            line("        tlbflush");
            line("        svc  4");
            line("        lpsw 0(r8)");
            line("        svc  5");
            line("        ld   r10, 0(r8)");
            line("        st   r10, 1(r8)");
            line("        svc  6");
            line("        .space " + (PAGE - 12) + ", 0x60000077");
            for (int i = 0; i < 4; i++) {
                line("        .org " + hex((dataFrame0 + i) * PAGE) + "                ; data frame " + i);
                line("        .space 16, " + hex(0x60000100 + i));
                int target = gadgetTarget(r);
                line(String.format("        .word %d, 0, %s, %s            ; a user PSW", 2, hex(L_FLAT), hex(target)));
                line("        .space " + (PAGE - 20) + ", " + hex(0x60000100 + i));
            }
        }
    }
}
