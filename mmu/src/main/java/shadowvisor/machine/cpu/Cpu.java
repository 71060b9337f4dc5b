package shadowvisor.machine.cpu;

import shadowvisor.machine.CpuTrace;
import static shadowvisor.machine.isa.Opcode.*;

import shadowvisor.machine.Fault;
import shadowvisor.machine.Psw;
import shadowvisor.machine.TrapCause;
import shadowvisor.machine.device.Devices;
import shadowvisor.machine.image.Boot;
import shadowvisor.machine.image.Image;
import shadowvisor.machine.isa.InstructionClass;
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
 * instructions with its state in locals and a dense switch on the opcode: the innocuous
 * arithmetic, memory and branch instructions run in the burst, and everything else (the system
 * instructions, a profile's own, anything undefined or privileged in user mode, a division by
 * zero) leaves it for {@link Semantics}, the one home of every instruction's semantics, executed
 * against this CPU. Translation goes through three micro-caches (fetch, read, write), each a range of
 * virtual addresses with a constant offset to physical ones: under P = 0 they cover the whole
 * valid segment, under P = 1 one page each, refilled from the TLB. They are dropped whenever the
 * TLB or the PSW changes, so they are a part of the TLB, invisible to a guest keeping the TLB
 * discipline.
 */
public final class Cpu implements Machine, ExecutionState {
    /** Actions that end a burst. */
    private static final int NONE = 0, TRAP = 1, SLOW = 2;
    /** Internal result of a step that does not exit {@link #run}. */
    private static final int CONTINUE = -1;

    private static final int SEGMENT = TrapCause.SEGMENT.code(), MEMORY = TrapCause.MEMORY.code(),
            PAGE = TrapCause.PAGE.code(), TIMER = TrapCause.TIMER.code();
    private static final int ACC_W = TrapCause.ACC_W, ACC_U = TrapCause.ACC_U, ACC_F = TrapCause.ACC_F;
    /** The instructions the burst runs itself: the innocuous arithmetic, memory and branches of every profile. */
    private static final int[] BURST_OPS = {OP_ADD, OP_SUB, OP_AND, OP_OR, OP_XOR, OP_MUL, OP_SHL, OP_SHR, OP_SAR,
        OP_DIV, OP_REM, OP_DIVU, OP_REMU, OP_SLT, OP_SLTU, OP_ADDI, OP_SLTI, OP_SLTIU, OP_ANDI, OP_ORI, OP_XORI,
        OP_SHLI, OP_SHRI, OP_SARI, OP_LUI, OP_LD, OP_ST, OP_BEQ, OP_BNE, OP_BLT, OP_BGE, OP_BLTU, OP_BGEU, OP_JAL,
        OP_JALR};

    private final PhysicalMemory memory;
    private final int[] mem;
    private final int size;
    private final Tlb tlb;
    private final PageWalker walker = new PageWalker();
    private final Devices devices;
    private final Profile profile;
    private final Semantics semantics;
    /**
     * Whether the profile makes one of {@link #BURST_OPS} trap in user mode (a profile file's
     * {@code "privileged": ["add"]}): then user-mode code runs instruction by instruction
     * through {@link Semantics}, which reads the profile's class of every opcode. A table load
     * per instruction in the burst would cost every other profile a fifth of its speed.
     */
    private final boolean userBurstRestricted;
    private final boolean kseg;
    private boolean intercept;
    /** Whether {@link #run} returns after each delivery (a debugger's single step); off on every hot path. */
    private boolean stopAfterDelivery;
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

    /** The fault found by the last failed translation. */
    private final Fault fault = new Fault();

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
        this.profile = profile;
        this.semantics = new Semantics(profile);
        this.kseg = profile.kseg();
        boolean restricted = false;
        for (int op : BURST_OPS) {
            restricted |= profile.classOf(op) != InstructionClass.INNOCUOUS;
        }
        this.userBurstRestricted = restricted;
        installPsw(Psw.S, 0, size, 0);
    }

    @Override
    public Profile profile() {
        return profile;
    }

    /**
     * Boot state of spec section 1.2 without {@code --load}: the image's words at their
     * addresses, PSW = (s, P=0, I=0, B=0, L=SZ, PC=entry), r1 = SZ.
     *
     * @throws IllegalArgumentException when the image does not fit in memory
     */
    public void boot(Image image) {
        boot(new Boot(image));
    }

    /**
     * Boot state of spec section 1.2, by {@link Boot}'s rule: the words placed, the boot PSW,
     * r1 = SZ, r2 and r3 from the load.
     *
     * @throws IllegalArgumentException when the images do not fit in memory or overlap
     */
    public void boot(Boot boot) {
        boot.placeInto(memory);
        System.arraycopy(boot.registers(size), 0, regs, 0, regs.length);
        Psw psw = boot.psw(size);
        installPsw(psw.flags(), psw.b(), psw.l(), psw.pc());
    }

    @Override
    public void setTrace(CpuTrace trace) {
        this.trace = trace;
    }

    @Override
    public Tlb tlb() {
        return tlb;
    }

    /**
     * Makes {@link #run} return {@link #EXIT_DELIVERED} right after each trap it delivers through
     * the trap area, before the handler's first instruction: a delivery is then a step of its own,
     * as when a debugger single-steps a machine into its trap handler. Off by default.
     */
    public void setStopAfterDelivery(boolean stop) {
        this.stopAfterDelivery = stop;
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
            final boolean usr = user;
            final boolean slowOnly = usr && userBurstRestricted;
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
                        cause = fault.cause();
                        value = fault.value();
                        detail = fault.detail();
                        break;
                    }
                    // A slow translation may have reset every micro-cache (a TLB eviction).
                    fLo = fetchLo; fLen = fetchLen; fDelta = fetchDelta;
                    rLo = readLo; rLen = readLen; rDelta = readDelta;
                    wLo = writeLo; wLen = writeLen; wDelta = writeDelta;
                }
                w = m[pa];
                if (slowOnly) {
                    action = SLOW;
                    break;
                }
                switch (w >>> 25) {
                    case OP_ADD -> { r[(w >>> 21) & 15] = Alu.add(r[(w >>> 17) & 15], r[(w >>> 13) & 15]); r[0] = 0; pc++; }
                    case OP_SUB -> { r[(w >>> 21) & 15] = Alu.sub(r[(w >>> 17) & 15], r[(w >>> 13) & 15]); r[0] = 0; pc++; }
                    case OP_AND -> { r[(w >>> 21) & 15] = Alu.and(r[(w >>> 17) & 15], r[(w >>> 13) & 15]); r[0] = 0; pc++; }
                    case OP_OR -> { r[(w >>> 21) & 15] = Alu.or(r[(w >>> 17) & 15], r[(w >>> 13) & 15]); r[0] = 0; pc++; }
                    case OP_XOR -> { r[(w >>> 21) & 15] = Alu.xor(r[(w >>> 17) & 15], r[(w >>> 13) & 15]); r[0] = 0; pc++; }
                    case OP_MUL -> { r[(w >>> 21) & 15] = Alu.mul(r[(w >>> 17) & 15], r[(w >>> 13) & 15]); r[0] = 0; pc++; }
                    case OP_SHL -> { r[(w >>> 21) & 15] = Alu.shl(r[(w >>> 17) & 15], r[(w >>> 13) & 15]); r[0] = 0; pc++; }
                    case OP_SHR -> { r[(w >>> 21) & 15] = Alu.shr(r[(w >>> 17) & 15], r[(w >>> 13) & 15]); r[0] = 0; pc++; }
                    case OP_SAR -> { r[(w >>> 21) & 15] = Alu.sar(r[(w >>> 17) & 15], r[(w >>> 13) & 15]); r[0] = 0; pc++; }
                    case OP_SLT -> { r[(w >>> 21) & 15] = Alu.slt(r[(w >>> 17) & 15], r[(w >>> 13) & 15]); r[0] = 0; pc++; }
                    case OP_SLTU -> { r[(w >>> 21) & 15] = Alu.sltu(r[(w >>> 17) & 15], r[(w >>> 13) & 15]); r[0] = 0; pc++; }
                    case OP_DIV, OP_REM, OP_DIVU, OP_REMU -> {
                        int d = r[(w >>> 13) & 15];
                        if (d == 0) {
                            action = SLOW; // ARITH: the trap is the semantics' to raise
                            break inner;
                        }
                        r[(w >>> 21) & 15] = Alu.r3(w >>> 25, r[(w >>> 17) & 15], d);
                        r[0] = 0;
                        pc++;
                    }
                    case OP_ADDI -> { r[(w >>> 21) & 15] = Alu.add(r[(w >>> 17) & 15], Alu.simm(w)); r[0] = 0; pc++; }
                    case OP_SLTI -> { r[(w >>> 21) & 15] = Alu.slt(r[(w >>> 17) & 15], Alu.simm(w)); r[0] = 0; pc++; }
                    case OP_SLTIU -> { r[(w >>> 21) & 15] = Alu.sltu(r[(w >>> 17) & 15], Alu.simm(w)); r[0] = 0; pc++; }
                    case OP_ANDI -> { r[(w >>> 21) & 15] = Alu.and(r[(w >>> 17) & 15], Alu.uimm(w)); r[0] = 0; pc++; }
                    case OP_ORI -> { r[(w >>> 21) & 15] = Alu.or(r[(w >>> 17) & 15], Alu.uimm(w)); r[0] = 0; pc++; }
                    case OP_XORI -> { r[(w >>> 21) & 15] = Alu.xor(r[(w >>> 17) & 15], Alu.uimm(w)); r[0] = 0; pc++; }
                    case OP_SHLI -> { r[(w >>> 21) & 15] = Alu.shl(r[(w >>> 17) & 15], w); r[0] = 0; pc++; }
                    case OP_SHRI -> { r[(w >>> 21) & 15] = Alu.shr(r[(w >>> 17) & 15], w); r[0] = 0; pc++; }
                    case OP_SARI -> { r[(w >>> 21) & 15] = Alu.sar(r[(w >>> 17) & 15], w); r[0] = 0; pc++; }
                    case OP_LUI -> { r[(w >>> 21) & 15] = Alu.lui(w); r[0] = 0; pc++; }
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
                                cause = fault.cause();
                                value = fault.value();
                                detail = fault.detail();
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
                                cause = fault.cause();
                                value = fault.value();
                                detail = fault.detail();
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
                    case OP_BEQ -> pc += Alu.beq(r[(w >>> 21) & 15], r[(w >>> 17) & 15]) ? Alu.branchOffset(w) : 1;
                    case OP_BNE -> pc += Alu.bne(r[(w >>> 21) & 15], r[(w >>> 17) & 15]) ? Alu.branchOffset(w) : 1;
                    case OP_BLT -> pc += Alu.blt(r[(w >>> 21) & 15], r[(w >>> 17) & 15]) ? Alu.branchOffset(w) : 1;
                    case OP_BGE -> pc += Alu.bge(r[(w >>> 21) & 15], r[(w >>> 17) & 15]) ? Alu.branchOffset(w) : 1;
                    case OP_BLTU -> pc += Alu.bltu(r[(w >>> 21) & 15], r[(w >>> 17) & 15]) ? Alu.branchOffset(w) : 1;
                    case OP_BGEU -> pc += Alu.bgeu(r[(w >>> 21) & 15], r[(w >>> 17) & 15]) ? Alu.branchOffset(w) : 1;
                    case OP_JAL -> { r[(w >>> 21) & 15] = pc + 1; r[0] = 0; pc += Alu.jalOffset(w); }
                    case OP_JALR -> {
                        int t = r[(w >>> 17) & 15] + (short) w;
                        r[(w >>> 21) & 15] = pc + 1;
                        r[0] = 0;
                        pc = t;
                    }
                    default -> {
                        // Everything the burst does not run itself: the semantics decide.
                        action = SLOW;
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

    /**
     * Everything the burst leaves: {@link Semantics} executes the instruction at {@code this.pc}
     * against this CPU, and the outcome is accounted here (retired, trapped, the machine's end).
     */
    private int executeSlow(int w) {
        int at = pc;
        switch (semantics.execute(this, w)) {
            case Semantics.RETIRED -> retireOne(true);
            case Semantics.RETIRED_TIMER_SET -> retireOne(false);
            case Semantics.TRAP -> {
                return raise(semantics.cause, semantics.value, semantics.detail);
            }
            case Semantics.HALT -> {
                retireOne(true);
                traceRetired(at, w);
                return EXIT_HALT;
            }
            case Semantics.POWEROFF -> {
                retireOne(true);
                traceRetired(at, w);
                return EXIT_POWEROFF;
            }
            case Semantics.HOST_ACTION -> {
                // Intercepted like a trap, with no cause: the VMM above decides what the guest's machine does.
                trapCause = 0;
                trapValue = w;
                trapDetail = 0;
                return EXIT_HOST_ACTION;
            }
            default -> throw new IllegalStateException("the CPU refused its own PSW load");
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
        installPsw(mem[4], mem[5], mem[6], mem[7]);
        deliveredAt = retired;
        return stopAfterDelivery ? EXIT_DELIVERED : CONTINUE;
    }

    // ---------------------------------------------------------------------------------------
    // Translation.

    /**
     * Translates {@code va} for one access when its micro-cache missed (spec section 3, and the
     * {@code kseg} window of section 8); returns the physical address, or -1 with {@link #fault} set.
     *
     * @param access detail bits W, U, F of the access
     * @param kind   which micro-cache the access refills: 0 fetch, 1 read, 2 write
     */
    private int translateSlow(int va, int access, int kind) {
        if (kseg && Semantics.inKseg(va)) {
            // The window bypasses the segment, paging, the TLB and so the micro-caches too.
            return Semantics.kseg(va, access, size, fault);
        }
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
        return fault.set(cause, value, detail);
    }

    /** Installs a PSW and recomputes everything derived from it. */
    private void installPsw(int newFlags, int b, int l, int newPc) {
        flags = newFlags & Psw.DEFINED_FLAGS;
        segB = b;
        segL = l;
        pc = newPc;
        user = (flags & Psw.S) == 0;
        paging = (flags & Psw.P) != 0;
        segLimit = Psw.segmentLimit(b, l);
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
        installPsw(psw.flags(), psw.b(), psw.l(), psw.pc());
    }

    @Override
    public void setPsw(int newFlags, int b, int l, int newPc) {
        installPsw(newFlags, b, l, newPc);
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

    // ---------------------------------------------------------------------------------------
    // This CPU as the state the semantics execute against (the Machine methods above serve it too).

    @Override
    public int pswFlags() {
        return flags;
    }

    @Override
    public int pswB() {
        return segB;
    }

    @Override
    public int pswL() {
        return segL;
    }

    @Override
    public boolean loadPsw(int newFlags, int b, int l, int newPc) {
        installPsw(newFlags, b, l, newPc);
        return true;
    }

    @Override
    public int in(int port) {
        return devices.in(port);
    }

    @Override
    public boolean out(int port, int value) {
        return devices.out(port, value);
    }

    @Override
    public int translate(int va, int access) {
        return translateSlow(va, access, (access & ACC_F) != 0 ? 0 : (access & ACC_W) != 0 ? 2 : 1);
    }

    @Override
    public Fault fault() {
        return fault;
    }

    @Override
    public int read(int pa) {
        return mem[pa];
    }

    @Override
    public void write(int pa, int word) {
        mem[pa] = word;
    }

    @Override
    public boolean guardsHost() {
        return intercept;
    }
}
