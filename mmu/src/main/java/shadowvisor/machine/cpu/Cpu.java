package shadowvisor.machine.cpu;

import static shadowvisor.machine.isa.Opcode.*;

import shadowvisor.machine.Machine;
import shadowvisor.machine.Psw;
import shadowvisor.machine.TrapCause;
import shadowvisor.machine.device.Devices;
import shadowvisor.machine.image.Image;
import shadowvisor.machine.isa.Profile;
import shadowvisor.machine.memory.PhysicalMemory;
import shadowvisor.machine.paging.PageWalker;
import shadowvisor.machine.paging.Pte;
import shadowvisor.machine.paging.Tlb;

/**
 * The physical CPU of the pg machine: the interpreter loop, address translation (segment, then
 * the page walk through the TLB), trap delivery with the double-fault shutdown, the interval
 * timer and the device ports (spec sections 1 to 5).
 *
 * <p>The loop is the product's hot path. It runs bursts of {@code min(budget, timer)}
 * instructions with its state in locals and a dense switch on the opcode; only rare
 * instructions ({@code lpsw}, {@code mtcr}, {@code in}, {@code out}, ...) and traps leave the
 * burst. Translation goes through three micro-caches (fetch, read, write), each a range of
 * virtual addresses with a constant offset to physical ones: under P = 0 they cover the whole
 * valid segment, under P = 1 one page each, refilled from the TLB. They are dropped whenever the
 * TLB or the PSW changes, so they are a part of the TLB, invisible to a guest keeping the TLB
 * discipline.
 */
public final class Cpu implements Machine {
    /** Actions that end a burst. */
    private static final int NONE = 0, TRAP = 1, SLOW = 2;
    /** Internal result of a step that does not exit {@link #run}. */
    private static final int CONTINUE = -1;

    private static final int SEGMENT = TrapCause.SEGMENT.code(), MEMORY = TrapCause.MEMORY.code(),
            PAGE = TrapCause.PAGE.code(), PRIVILEGED = TrapCause.PRIVILEGED.code(),
            ILLEGAL = TrapCause.ILLEGAL.code(), SVC_CAUSE = TrapCause.SVC.code(),
            ARITH = TrapCause.ARITH.code(), TIMER = TrapCause.TIMER.code();
    private static final int ACC_W = TrapCause.ACC_W, ACC_U = TrapCause.ACC_U, ACC_F = TrapCause.ACC_F;

    private final PhysicalMemory memory;
    private final int[] mem;
    private final int size;
    private final Tlb tlb;
    private final PageWalker walker = new PageWalker();
    private final Devices devices;
    private final boolean[] privileged;
    private boolean intercept;
    private CpuTrace trace;

    // Architectural state.
    private final int[] regs = new int[16];
    private int flags;
    private int segB;
    private int segL;
    private int pc;
    private int ptbr;
    private int timer;
    private boolean tickPending;

    // Derived from the PSW on every change.
    private boolean user;
    private boolean paging;
    /** Virtual addresses below this (unsigned) pass the segment check: min(L, 2^32 - B). */
    private int segLimit;

    // Translation micro-caches: va is valid when (va - lo) <u len, and pa = va + delta.
    private int fetchLo, fetchLen, fetchDelta;
    private int readLo, readLen, readDelta;
    private int writeLo, writeLen, writeDelta;

    // The fault found by the last failed translation.
    private int faultCause, faultValue, faultDetail;
    /** The four words an {@code lpsw} reads, kept to avoid an allocation per {@code lpsw}. */
    private final int[] lpswWords = new int[4];

    // Counters and exit information.
    private long retired;
    private final long[] traps = new long[TrapCause.CODES];
    /** Retired count at the last delivery; a synchronous trap at that same count is a double fault. */
    private long deliveredAt = -1;
    private int trapCause, trapValue, trapDetail;
    private String shutdownReason;

    /**
     * A CPU over {@code memory} with the base profile; call {@link #boot} before running.
     */
    public Cpu(PhysicalMemory memory, Devices devices, Tlb tlb) {
        this(memory, devices, tlb, Profile.PG);
    }

    public Cpu(PhysicalMemory memory, Devices devices, Tlb tlb, Profile profile) {
        this.memory = memory;
        this.mem = memory.words();
        this.size = mem.length;
        this.devices = devices;
        this.tlb = tlb;
        this.privileged = profile.privilegedTable();
        loadPsw(Psw.S, 0, size, 0);
    }

    /**
     * Boot state of spec section 1.2: the image's words at their addresses, PSW = (s, P=0, I=0,
     * B=0, L=SZ, PC=entry), r1 = SZ.
     *
     * @throws IllegalArgumentException when the image does not fit in memory
     */
    public void boot(Image image) {
        image.loadInto(mem);
        regs[1] = size;
        loadPsw(Psw.S, 0, size, image.entry());
    }

    /** Attaches a trace (null detaches it). */
    public void setTrace(CpuTrace trace) {
        this.trace = trace;
    }

    @Override
    public Tlb tlb() {
        return tlb;
    }

    public PhysicalMemory memory() {
        return memory;
    }

    /** Traps delivered through the trap area, indexed by cause code. */
    public long[] trapCounts() {
        return traps.clone();
    }

    // ---------------------------------------------------------------------------------------
    // The loop.

    @Override
    public int run(long budget) {
        final long stopAt = budget >= Long.MAX_VALUE - retired ? Long.MAX_VALUE : retired + budget;
        final int[] m = mem;
        final int[] r = regs;
        for (;;) {
            if (retired >= stopAt) {
                return EXIT_BUDGET;
            }
            if (tickPending && (flags & Psw.I) != 0) {
                tickPending = false;
                int e = raise(TIMER, 0, 0);
                if (e != CONTINUE) {
                    return e;
                }
                continue;
            }
            long n = stopAt - retired;
            if (timer != 0 && Integer.toUnsignedLong(timer) < n) {
                n = Integer.toUnsignedLong(timer);
            }
            final int burst = trace != null ? 1 : (int) Math.min(n, 1 << 30);
            final boolean[] priv = privileged;
            final boolean usr = user;
            final int uacc = usr ? ACC_U : 0;
            int left = burst;
            int pc = this.pc;
            final int startPc = pc;
            int fLo = fetchLo, fLen = fetchLen, fDelta = fetchDelta;
            int rLo = readLo, rLen = readLen, rDelta = readDelta;
            int wLo = writeLo, wLen = writeLen, wDelta = writeDelta;
            int fastHits = 0;
            int action = NONE;
            int cause = 0, value = 0, detail = 0;
            int w = 0;
            inner:
            while (left > 0) {
                int pa;
                if (Integer.compareUnsigned(pc - fLo, fLen) < 0) {
                    pa = pc + fDelta;
                    fastHits++;
                } else {
                    pa = translateSlow(pc, ACC_F | uacc, 0);
                    if (pa < 0) {
                        action = TRAP;
                        cause = faultCause;
                        value = faultValue;
                        detail = faultDetail;
                        break;
                    }
                    // A slow translation may have reset every micro-cache (a TLB eviction).
                    fLo = fetchLo; fLen = fetchLen; fDelta = fetchDelta;
                    rLo = readLo; rLen = readLen; rDelta = readDelta;
                    wLo = writeLo; wLen = writeLen; wDelta = writeDelta;
                }
                w = m[pa];
                switch (w >>> 25) {
                    case OP_ADD -> { r[(w >>> 21) & 15] = r[(w >>> 17) & 15] + r[(w >>> 13) & 15]; r[0] = 0; pc++; }
                    case OP_SUB -> { r[(w >>> 21) & 15] = r[(w >>> 17) & 15] - r[(w >>> 13) & 15]; r[0] = 0; pc++; }
                    case OP_AND -> { r[(w >>> 21) & 15] = r[(w >>> 17) & 15] & r[(w >>> 13) & 15]; r[0] = 0; pc++; }
                    case OP_OR -> { r[(w >>> 21) & 15] = r[(w >>> 17) & 15] | r[(w >>> 13) & 15]; r[0] = 0; pc++; }
                    case OP_XOR -> { r[(w >>> 21) & 15] = r[(w >>> 17) & 15] ^ r[(w >>> 13) & 15]; r[0] = 0; pc++; }
                    case OP_MUL -> { r[(w >>> 21) & 15] = r[(w >>> 17) & 15] * r[(w >>> 13) & 15]; r[0] = 0; pc++; }
                    case OP_SHL -> { r[(w >>> 21) & 15] = r[(w >>> 17) & 15] << r[(w >>> 13) & 15]; r[0] = 0; pc++; }
                    case OP_SHR -> { r[(w >>> 21) & 15] = r[(w >>> 17) & 15] >>> r[(w >>> 13) & 15]; r[0] = 0; pc++; }
                    case OP_SAR -> { r[(w >>> 21) & 15] = r[(w >>> 17) & 15] >> r[(w >>> 13) & 15]; r[0] = 0; pc++; }
                    case OP_DIV, OP_REM, OP_DIVU, OP_REMU -> {
                        int d = r[(w >>> 13) & 15];
                        if (d == 0) {
                            action = TRAP;
                            cause = ARITH;
                            value = w;
                            break inner;
                        }
                        int x = r[(w >>> 17) & 15];
                        r[(w >>> 21) & 15] = switch (w >>> 25) {
                            case OP_DIV -> x / d;
                            case OP_REM -> x % d;
                            case OP_DIVU -> Integer.divideUnsigned(x, d);
                            default -> Integer.remainderUnsigned(x, d);
                        };
                        r[0] = 0;
                        pc++;
                    }
                    case OP_SLT -> { r[(w >>> 21) & 15] = r[(w >>> 17) & 15] < r[(w >>> 13) & 15] ? 1 : 0; r[0] = 0; pc++; }
                    case OP_SLTU -> { r[(w >>> 21) & 15] = Integer.compareUnsigned(r[(w >>> 17) & 15], r[(w >>> 13) & 15]) < 0 ? 1 : 0; r[0] = 0; pc++; }
                    case OP_ADDI -> { r[(w >>> 21) & 15] = r[(w >>> 17) & 15] + (short) w; r[0] = 0; pc++; }
                    case OP_SLTI -> { r[(w >>> 21) & 15] = r[(w >>> 17) & 15] < (short) w ? 1 : 0; r[0] = 0; pc++; }
                    case OP_SLTIU -> { r[(w >>> 21) & 15] = Integer.compareUnsigned(r[(w >>> 17) & 15], (short) w) < 0 ? 1 : 0; r[0] = 0; pc++; }
                    case OP_ANDI -> { r[(w >>> 21) & 15] = r[(w >>> 17) & 15] & (w & 0xFFFF); r[0] = 0; pc++; }
                    case OP_ORI -> { r[(w >>> 21) & 15] = r[(w >>> 17) & 15] | (w & 0xFFFF); r[0] = 0; pc++; }
                    case OP_XORI -> { r[(w >>> 21) & 15] = r[(w >>> 17) & 15] ^ (w & 0xFFFF); r[0] = 0; pc++; }
                    // Java shifts use the low 5 bits of the count: exactly "imm16 mod 32".
                    case OP_SHLI -> { r[(w >>> 21) & 15] = r[(w >>> 17) & 15] << w; r[0] = 0; pc++; }
                    case OP_SHRI -> { r[(w >>> 21) & 15] = r[(w >>> 17) & 15] >>> w; r[0] = 0; pc++; }
                    case OP_SARI -> { r[(w >>> 21) & 15] = r[(w >>> 17) & 15] >> w; r[0] = 0; pc++; }
                    case OP_LUI -> { r[(w >>> 21) & 15] = w << 16; r[0] = 0; pc++; }
                    case OP_LD -> {
                        int va = r[(w >>> 17) & 15] + (short) w;
                        int p;
                        if (Integer.compareUnsigned(va - rLo, rLen) < 0) {
                            p = va + rDelta;
                            fastHits++;
                        } else {
                            p = translateSlow(va, uacc, 1);
                            if (p < 0) {
                                action = TRAP;
                                cause = faultCause;
                                value = faultValue;
                                detail = faultDetail;
                                break inner;
                            }
                            // A slow translation may have reset every micro-cache (a TLB eviction).
                            fLo = fetchLo; fLen = fetchLen; fDelta = fetchDelta;
                            rLo = readLo; rLen = readLen; rDelta = readDelta;
                            wLo = writeLo; wLen = writeLen; wDelta = writeDelta;
                        }
                        r[(w >>> 21) & 15] = m[p];
                        r[0] = 0;
                        pc++;
                    }
                    case OP_ST -> {
                        int va = r[(w >>> 17) & 15] + (short) w;
                        int p;
                        if (Integer.compareUnsigned(va - wLo, wLen) < 0) {
                            p = va + wDelta;
                            fastHits++;
                        } else {
                            p = translateSlow(va, ACC_W | uacc, 2);
                            if (p < 0) {
                                action = TRAP;
                                cause = faultCause;
                                value = faultValue;
                                detail = faultDetail;
                                break inner;
                            }
                            // A slow translation may have reset every micro-cache (a TLB eviction).
                            fLo = fetchLo; fLen = fetchLen; fDelta = fetchDelta;
                            rLo = readLo; rLen = readLen; rDelta = readDelta;
                            wLo = writeLo; wLen = writeLen; wDelta = writeDelta;
                        }
                        m[p] = r[(w >>> 21) & 15];
                        pc++;
                    }
                    case OP_BEQ -> pc += r[(w >>> 21) & 15] == r[(w >>> 17) & 15] ? (w << 15) >> 15 : 1;
                    case OP_BNE -> pc += r[(w >>> 21) & 15] != r[(w >>> 17) & 15] ? (w << 15) >> 15 : 1;
                    case OP_BLT -> pc += r[(w >>> 21) & 15] < r[(w >>> 17) & 15] ? (w << 15) >> 15 : 1;
                    case OP_BGE -> pc += r[(w >>> 21) & 15] >= r[(w >>> 17) & 15] ? (w << 15) >> 15 : 1;
                    case OP_BLTU -> pc += Integer.compareUnsigned(r[(w >>> 21) & 15], r[(w >>> 17) & 15]) < 0 ? (w << 15) >> 15 : 1;
                    case OP_BGEU -> pc += Integer.compareUnsigned(r[(w >>> 21) & 15], r[(w >>> 17) & 15]) >= 0 ? (w << 15) >> 15 : 1;
                    case OP_JAL -> { r[(w >>> 21) & 15] = pc + 1; r[0] = 0; pc += (w << 11) >> 11; }
                    case OP_JALR -> {
                        int t = r[(w >>> 17) & 15] + (short) w;
                        r[(w >>> 21) & 15] = pc + 1;
                        r[0] = 0;
                        pc = t;
                    }
                    case OP_SVC -> {
                        action = TRAP;
                        cause = SVC_CAUSE;
                        value = w & 0xFFFF;
                        break inner;
                    }
                    case OP_RDPSW -> {
                        // Decode-time ILLEGAL (unknown field) comes before PRIVILEGED.
                        if ((w & 0xFFFF) >= 3) {
                            action = TRAP;
                            cause = ILLEGAL;
                            value = w;
                        } else if (usr && priv[OP_RDPSW]) {
                            action = TRAP;
                            cause = PRIVILEGED;
                            value = w;
                        } else {
                            action = SLOW;
                        }
                        break inner;
                    }
                    case OP_MTCR, OP_MFCR -> {
                        if ((w & 0xFFFF) >= 2) {
                            action = TRAP;
                            cause = ILLEGAL;
                            value = w;
                        } else if (usr && priv[w >>> 25]) {
                            action = TRAP;
                            cause = PRIVILEGED;
                            value = w;
                        } else {
                            action = SLOW;
                        }
                        break inner;
                    }
                    case OP_LPSW, OP_INVLPG, OP_TLBFLUSH, OP_OUT, OP_IN, OP_HALT -> {
                        if (usr && priv[w >>> 25]) {
                            action = TRAP;
                            cause = PRIVILEGED;
                            value = w;
                        } else {
                            action = SLOW;
                        }
                        break inner;
                    }
                    default -> {
                        action = TRAP;
                        cause = ILLEGAL;
                        value = w;
                        break inner;
                    }
                }
                left--;
            }
            this.pc = pc;
            commit(burst - left);
            if (paging) {
                tlb.hits += fastHits;
            }
            if (action == NONE) {
                if (trace != null) {
                    trace.retired(retired, startPc, w);
                }
                continue;
            }
            int e = action == SLOW ? executeSlow(w) : raise(cause, value, detail);
            if (e != CONTINUE) {
                return e;
            }
        }
    }

    /** Accounts {@code n} retired instructions of a burst (never more than the timer count). */
    private void commit(int n) {
        retired += n;
        if (timer != 0 && n != 0) {
            timer -= n;
            if (timer == 0) {
                tickPending = true;
            }
        }
    }

    /** Accounts one retired instruction outside a burst; {@code mtcr timer} does not count down. */
    private void retireOne(boolean countDown) {
        retired++;
        if (countDown && timer != 0 && --timer == 0) {
            tickPending = true;
        }
    }

    /** The rare instructions: executed outside the burst, at {@code this.pc}. */
    private int executeSlow(int w) {
        int at = pc;
        int a = (w >>> 21) & 15;
        int b = (w >>> 17) & 15;
        int imm = w & 0xFFFF;
        switch (w >>> 25) {
            case OP_LPSW -> {
                int base = regs[b] + (short) w;
                int uacc = user ? ACC_U : 0;
                int[] words = lpswWords;
                for (int i = 0; i < 4; i++) {
                    int p = translateSlow(base + i, uacc, 1);
                    if (p < 0) {
                        return raise(faultCause, faultValue, faultDetail);
                    }
                    words[i] = mem[p];
                }
                if ((words[0] & ~Psw.DEFINED_FLAGS) != 0) {
                    return raise(ILLEGAL, w, 0);
                }
                retireOne(true);
                loadPsw(words[0], words[1], words[2], words[3]);
            }
            case OP_RDPSW -> {
                regs[a] = imm == 0 ? flags : imm == 1 ? segB : segL;
                regs[0] = 0;
                pc = at + 1;
                retireOne(true);
            }
            case OP_MTCR -> {
                if (imm == 0) {
                    setPtbr(regs[b]);
                    retireOne(true);
                } else {
                    setTimer(regs[b]);
                    retireOne(false);
                }
                pc = at + 1;
            }
            case OP_MFCR -> {
                regs[a] = imm == 0 ? ptbr : timer;
                regs[0] = 0;
                pc = at + 1;
                retireOne(true);
            }
            case OP_INVLPG -> {
                invalidatePage(regs[b]);
                pc = at + 1;
                retireOne(true);
            }
            case OP_TLBFLUSH -> {
                flushTlb();
                pc = at + 1;
                retireOne(true);
            }
            case OP_OUT -> {
                boolean off = devices.out(imm, regs[b]);
                pc = at + 1;
                retireOne(true);
                traceRetired(at, w);
                if (off) {
                    return EXIT_POWEROFF;
                }
                return CONTINUE;
            }
            case OP_IN -> {
                regs[a] = devices.in(imm);
                regs[0] = 0;
                pc = at + 1;
                retireOne(true);
            }
            case OP_HALT -> {
                pc = at + 1;
                retireOne(true);
                traceRetired(at, w);
                return EXIT_HALT;
            }
            default -> {
                return raise(ILLEGAL, w, 0);
            }
        }
        traceRetired(at, w);
        return CONTINUE;
    }

    private void traceRetired(int at, int w) {
        if (trace != null) {
            trace.retired(retired, at, w);
        }
    }

    /**
     * A trap at the current PC (the saved PC: the trapping instruction, or the next one for
     * TIMER). Intercepted, it exits to the caller; otherwise it is delivered, unless it is a
     * synchronous trap of the first instruction after a delivery: then the machine shuts down.
     */
    private int raise(int cause, int value, int detail) {
        if (intercept) {
            trapCause = cause;
            trapValue = value;
            trapDetail = detail;
            if (trace != null) {
                trace.trap(cause, value, detail, pc, false);
            }
            return EXIT_TRAP;
        }
        if (cause != TIMER && retired == deliveredAt) {
            shutdownReason = String.format("double fault: %s (value 0x%08x, detail %d) raised by the first "
                    + "instruction after a trap delivery, at pc 0x%08x", TrapCause.of(cause), value, detail, pc);
            return EXIT_SHUTDOWN;
        }
        if (trace != null) {
            trace.trap(cause, value, detail, pc, true);
        }
        mem[0] = flags;
        mem[1] = segB;
        mem[2] = segL;
        mem[3] = pc;
        mem[8] = cause;
        mem[9] = value;
        mem[10] = detail;
        traps[cause]++;
        loadPsw(mem[4], mem[5], mem[6], mem[7]);
        deliveredAt = retired;
        return CONTINUE;
    }

    // ---------------------------------------------------------------------------------------
    // Translation.

    /**
     * Translates {@code va} for one access when its micro-cache missed (spec section 3); returns the physical address, or -1 with the fault
     * in {@link #faultCause}, {@link #faultValue}, {@link #faultDetail}.
     *
     * @param access detail bits W, U, F of the access
     * @param kind   which micro-cache the access refills: 0 fetch, 1 read, 2 write
     */
    private int translateSlow(int va, int access, int kind) {
        if (Integer.compareUnsigned(va, segLimit) >= 0) {
            return fault(SEGMENT, va, access);
        }
        int la = segB + va;
        if (!paging) {
            if (Integer.compareUnsigned(la, size) >= 0) {
                return fault(MEMORY, la, access);
            }
            return la;
        }
        if (Integer.compareUnsigned(la, Pte.LINEAR_LIMIT) >= 0) {
            return fault(PAGE, la, access);
        }
        int lpn = la >>> Pte.PAGE_SHIFT;
        boolean write = (access & ACC_W) != 0;
        int entry = tlb.lookup(lpn);
        if (entry != -1) {
            boolean ok = ((access & ACC_U) == 0 || (entry & Pte.U) != 0)
                    && (!write || (entry & (Pte.W | Pte.D)) == (Pte.W | Pte.D));
            if (!ok) {
                // A rights violation or a write through a clean entry: walk memory again, so a
                // fault is always computed from the tables as they are.
                tlb.refuse(lpn);
                entry = -1;
            }
        }
        if (entry == -1) {
            if (!walker.walk(memory, ptbr, la, access, true)) {
                return fault(walker.faultCause, la, walker.faultDetail);
            }
            entry = Pte.frameAddress(walker.pa) | walker.rights | (walker.dirty ? Pte.D : 0);
            if (tlb.insert(lpn, entry)) {
                // The micro-caches hold only pages the TLB holds: an evicted page must miss again.
                resetMicroCaches();
            }
        }
        int frame = Pte.frameAddress(entry);
        int pa = frame | Pte.offset(la);
        if (Integer.compareUnsigned(pa, size) >= 0) {
            return fault(MEMORY, la, access);
        }
        refill(kind, la, va, frame, entry);
        return pa;
    }

    /** Sets the micro-cache of {@code kind} to the part of la's page that is valid in va and pa. */
    private void refill(int kind, int la, int va, int frame, int entry) {
        if (kind == 2 && (entry & (Pte.W | Pte.D)) != (Pte.W | Pte.D)) {
            return;
        }
        long pageLa = Integer.toUnsignedLong(la) & ~0x3FFL;
        long vaLo = pageLa - Integer.toUnsignedLong(segB);
        long vaHi = Math.min(vaLo + Pte.PAGE_WORDS, Integer.toUnsignedLong(segLimit));
        long paHi = Math.min(Integer.toUnsignedLong(frame) + Pte.PAGE_WORDS, size);
        vaHi = Math.min(vaHi, vaLo + (paHi - Integer.toUnsignedLong(frame)));
        if (vaLo < 0) {
            vaLo = 0;
        }
        int len = vaHi > vaLo ? (int) (vaHi - vaLo) : 0;
        int lo = (int) vaLo;
        int delta = frame - (int) pageLa + segB;
        switch (kind) {
            case 0 -> { fetchLo = lo; fetchLen = len; fetchDelta = delta; }
            case 1 -> { readLo = lo; readLen = len; readDelta = delta; }
            default -> { writeLo = lo; writeLen = len; writeDelta = delta; }
        }
    }

    private int fault(int cause, int value, int detail) {
        faultCause = cause;
        faultValue = value;
        faultDetail = detail;
        return -1;
    }

    /** Installs a PSW and recomputes everything derived from it. */
    private void loadPsw(int newFlags, int b, int l, int newPc) {
        flags = newFlags & Psw.DEFINED_FLAGS;
        segB = b;
        segL = l;
        pc = newPc;
        user = (flags & Psw.S) == 0;
        paging = (flags & Psw.P) != 0;
        // va passes the segment check iff va <u L and B + va does not overflow, i.e. va <u 2^32 - B.
        segLimit = b == 0 ? l : (Integer.compareUnsigned(l, -b) < 0 ? l : -b);
        resetMicroCaches();
    }

    /** Drops the micro-caches; under P = 0 they cover the whole valid segment at once. */
    private void resetMicroCaches() {
        int len = 0;
        if (!paging && Integer.compareUnsigned(segB, size) < 0) {
            int room = size - segB;
            len = Integer.compareUnsigned(segLimit, room) < 0 ? segLimit : room;
        }
        fetchLo = readLo = writeLo = 0;
        fetchLen = readLen = writeLen = len;
        fetchDelta = readDelta = writeDelta = segB;
    }

    // ---------------------------------------------------------------------------------------
    // The Machine interface.

    @Override
    public long retired() {
        return retired;
    }

    @Override
    public int trapCause() {
        return trapCause;
    }

    @Override
    public int trapValue() {
        return trapValue;
    }

    @Override
    public int trapDetail() {
        return trapDetail;
    }

    @Override
    public String shutdownReason() {
        return shutdownReason;
    }

    @Override
    public void setTrapIntercept(boolean intercept) {
        this.intercept = intercept;
    }

    @Override
    public int register(int index) {
        return regs[index];
    }

    @Override
    public void setRegister(int index, int value) {
        if (index != 0) {
            regs[index] = value;
        }
    }

    @Override
    public Psw psw() {
        return new Psw(flags, segB, segL, pc);
    }

    @Override
    public void setPsw(Psw psw) {
        loadPsw(psw.flags(), psw.b(), psw.l(), psw.pc());
    }

    @Override
    public void setPsw(int newFlags, int b, int l, int newPc) {
        loadPsw(newFlags, b, l, newPc);
    }

    @Override
    public int pc() {
        return pc;
    }

    @Override
    public void setPc(int newPc) {
        pc = newPc;
    }

    @Override
    public int ptbr() {
        return ptbr;
    }

    @Override
    public void setPtbr(int value) {
        ptbr = value & ~0x3FF;
        flushTlb();
    }

    @Override
    public int timer() {
        return timer;
    }

    @Override
    public void setTimer(int count) {
        timer = count;
        tickPending = false;
    }

    @Override
    public boolean tickPending() {
        return tickPending;
    }

    @Override
    public void invalidatePage(int la) {
        tlb.invalidate(la);
        if (paging) {
            resetMicroCaches();
        }
    }

    @Override
    public void flushTlb() {
        tlb.flush();
        if (paging) {
            resetMicroCaches();
        }
    }

    @Override
    public int memorySize() {
        return size;
    }

    @Override
    public int readPhysical(int pa) {
        return mem[pa];
    }

    @Override
    public void writePhysical(int pa, int word) {
        mem[pa] = word;
    }

    @Override
    public Devices devices() {
        return devices;
    }
}
