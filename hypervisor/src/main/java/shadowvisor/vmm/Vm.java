package shadowvisor.vmm;

import shadowvisor.result.VmmCounters;

import shadowvisor.machine.ExitKind;
import shadowvisor.machine.Psw;
import shadowvisor.machine.TrapCause;
import shadowvisor.machine.device.Console;
import shadowvisor.machine.device.Devices;
import shadowvisor.machine.image.Boot;
import shadowvisor.machine.CpuTrace;
import shadowvisor.result.Timeline;
import shadowvisor.result.TlbStats;

/**
 * One virtual machine: everything the guest would find in a real machine of memsize words, kept
 * by its VMM while the hardware runs someone else (spec section 7). The virtual PSW (vPSW), the
 * virtual control registers ({@code ptbr}, the interval timer and its pending tick) and the
 * virtual devices are the VM's alone; the hardware only ever sees them through the VMM's resume
 * formula. The 16 registers live on the hardware while the VM is loaded and in {@link
 * #savedRegisters} while it is not. The VM also keeps the counts equivalence is judged on
 * (retired guest instructions, traps delivered to the guest by cause) and the double-fault
 * window as the guest sees it, which hidden exits and slice ends never touch. Driven as a {@link
 * VmMachine}, it also keeps whether its traps go to that machine's caller, and the last one that
 * did.
 */
public final class Vm {
    private final int id;
    private final int memsize;
    private final GuestMemory memory;
    private final Devices devices;
    private final long maxInstructions;

    // The vPSW, in its memory form (spec section 1.1).
    private int flags;
    private int b;
    private int l;
    private int pc;

    private final int[] savedRegisters = new int[16];
    private int ptbr;
    private int timer;
    private boolean tickPending;

    private long retired;
    private final long[] traps = new long[TrapCause.CODES];
    /** Retired count at the last delivery into the guest; -1 before the first. */
    private long deliveredAt = -1;

    private final VmmCounters counters = new VmmCounters();
    private TlbStats tlb = TlbStats.ZERO;
    private long hostNanos;

    private ExitKind endKind;
    private String endReason;

    // The VM as a Machine (VmMachine): its traps go to the caller while interception is on.
    private VmMachine machineView;
    private boolean interceptTraps;
    private boolean trapForCaller;
    private int callerCause;
    private int callerValue;
    private int callerDetail;

    /** The guest-level trace of this VM ({@code run --trace} under a VMM), or null. */
    private CpuTrace trace;
    /** Samples of the VM's costs at every slice end, for the report's plots. */
    private final Timeline timeline = new Timeline();
    /** Set by an observer (the debugger's break on an event): the dispatcher returns at its next decision point. */
    private boolean stopRequested;

    /** Whether the live console is a raw stream, flushed when a slice ends (a partial line shows). */
    private final boolean flushAtSliceEnd;

    /**
     * A VM in the boot state of spec section 1.2 with SZ = memsize, by {@code boot}'s rule
     * (its words are already in {@code memory}): vPSW = (s, P=0, I=0, B=0, L=memsize, PC=entry),
     * r1 = memsize, r2 and r3 from the load, ptbr 0, timer 0 with nothing pending.
     */
    public Vm(int id, GuestMemory memory, VmConfig config, Boot boot) {
        this.id = id;
        this.memory = memory;
        this.memsize = memory.size();
        this.devices = new Devices(new Console(config.input(), config.liveConsole()));
        // A prefixed console emits whole lines by itself; a raw one is flushed at slice ends.
        this.flushAtSliceEnd = config.liveConsole() != null && !(config.liveConsole() instanceof PrefixedLineStream);
        this.maxInstructions = config.maxInstructions();
        Psw vpsw = boot.psw(memsize);
        this.flags = vpsw.flags();
        this.b = vpsw.b();
        this.l = vpsw.l();
        this.pc = vpsw.pc();
        System.arraycopy(boot.registers(memsize), 0, savedRegisters, 0, savedRegisters.length);
    }

    /** The VM's number: 1 for the first program on the command line. */
    public int id() {
        return id;
    }

    /** Guest-physical memory size in words (SZ as the guest sees it). */
    public int memsize() {
        return memsize;
    }

    public GuestMemory memory() {
        return memory;
    }

    /** The VM's own ports: its console and power port. */
    public Devices devices() {
        return devices;
    }

    /** Retired guest instructions after which the VM stops (spec section 9). */
    public long maxInstructions() {
        return maxInstructions;
    }

    // ---------------------------------------------------------------------------------------
    // The vPSW.

    public int vpswFlags() {
        return flags;
    }

    public int vpswB() {
        return b;
    }

    public int vpswL() {
        return l;
    }

    public int vpswPc() {
        return pc;
    }

    /** The vPSW as a record, for reports. */
    public Psw vpsw() {
        return new Psw(flags, b, l, pc);
    }

    /** Loads the whole vPSW; reserved flag bits are dropped, as the hardware drops them. */
    public void setVpsw(int newFlags, int newB, int newL, int newPc) {
        flags = newFlags & Psw.DEFINED_FLAGS;
        b = newB;
        l = newL;
        pc = newPc;
    }

    public void setVpswPc(int newPc) {
        pc = newPc;
    }

    /** vPSW.M: whether the guest is in vm-supervisor mode. */
    public boolean supervisor() {
        return (flags & Psw.S) != 0;
    }

    /** vPSW.P. */
    public boolean paging() {
        return (flags & Psw.P) != 0;
    }

    /** vPSW.I. */
    public boolean interruptsEnabled() {
        return (flags & Psw.I) != 0;
    }

    /**
     * Whether {@code va} passes the guest's own segment check (spec section 3, step 1):
     * {@code va < vPSW.L} and {@code vPSW.B + va} does not overflow 32 bits.
     */
    public boolean segmentAllows(int va) {
        return Integer.compareUnsigned(va, Psw.segmentLimit(b, l)) < 0;
    }

    // ---------------------------------------------------------------------------------------
    // Registers and control registers.

    /** The registers as saved while the VM is not loaded on the hardware. */
    int[] savedRegisters() {
        return savedRegisters;
    }

    /** A copy of the saved registers (the final registers once the VM has ended). */
    public int[] registers() {
        return savedRegisters.clone();
    }

    /** The virtual {@code ptbr} (cr0), low 10 bits zero. */
    public int ptbr() {
        return ptbr;
    }

    public void setPtbr(int value) {
        ptbr = value & ~0x3FF;
    }

    /** The virtual interval timer's remaining count (unsigned; 0 = stopped). */
    public int timer() {
        return timer;
    }

    /** {@code mtcr timer}: sets the count and clears a pending tick. */
    public void setTimer(int count) {
        timer = count;
        tickPending = false;
    }

    public boolean tickPending() {
        return tickPending;
    }

    /** Delivering the tick clears it. */
    void clearTick() {
        tickPending = false;
    }

    /**
     * Counts {@code n} retired guest instructions against the virtual timer (spec section 5):
     * the count goes down by each and a tick becomes pending when it reaches 0. The caller
     * guarantees {@code n} is no more than the count, as the hardware timer it loaded with at
     * most the count stops the hardware there; a larger {@code n} is clamped all the same.
     */
    void countDown(long n) {
        if (timer == 0 || n == 0) {
            return;
        }
        if (n >= Integer.toUnsignedLong(timer)) {
            timer = 0;
            tickPending = true;
        } else {
            timer -= (int) n;
        }
    }

    // ---------------------------------------------------------------------------------------
    // What equivalence is judged on.

    /** Retired guest instructions, emulated ones included. */
    public long retired() {
        return retired;
    }

    void addRetired(long n) {
        retired += n;
    }

    /** Traps delivered to the guest's own handler, indexed by cause code (a copy). */
    public long[] traps() {
        return traps.clone();
    }

    void countTrap(int cause) {
        traps[cause]++;
    }

    /** Whether no guest instruction has retired since the last delivery into the guest. */
    boolean inDoubleFaultWindow() {
        return retired == deliveredAt;
    }

    void delivered() {
        deliveredAt = retired;
    }

    // ---------------------------------------------------------------------------------------
    // Counters and the end.

    /** What the VMM did for this VM. */
    public VmmCounters counters() {
        return counters;
    }

    /** Hardware TLB counters accumulated while this VM ran. */
    public TlbStats tlb() {
        return tlb;
    }

    void addTlb(TlbStats delta) {
        tlb = tlb.plus(delta);
    }

    /** Host time spent running this VM, VMM work for it included. */
    public long hostNanos() {
        return hostNanos;
    }

    void addHostNanos(long nanos) {
        hostNanos += nanos;
    }

    public boolean ended() {
        return endKind != null;
    }

    /** How the VM ended, or null while it runs. */
    public ExitKind endKind() {
        return endKind;
    }

    /** Why it shut down, or null. */
    public String endReason() {
        return endReason;
    }

    /** Ends the VM; the first end wins, later ones are ignored. */
    void end(ExitKind kind, String reason) {
        if (endKind == null) {
            endKind = kind;
            endReason = reason;
        }
    }

    // ---------------------------------------------------------------------------------------
    // The VM as a Machine.

    /** The VM's {@link VmMachine}, or null while nothing above drives it. */
    VmMachine machineView() {
        return machineView;
    }

    void setMachineView(VmMachine view) {
        machineView = view;
    }

    /** Whether a trap the VMM would reflect goes to the caller of the VM's machine instead. */
    boolean interceptTraps() {
        return interceptTraps;
    }

    void setInterceptTraps(boolean intercept) {
        interceptTraps = intercept;
    }

    /** Hands a trap to the caller: the cause, value and detail a delivery would have written to words 8..10. */
    void trapToCaller(int cause, int value, int detail) {
        trapForCaller = true;
        callerCause = cause;
        callerValue = value;
        callerDetail = detail;
    }

    /** Whether a trap went to the caller since the machine's current run began. */
    boolean trapForCaller() {
        return trapForCaller;
    }

    /** A new run of the machine: the last trap handed over stays readable, but is not pending. */
    void clearTrapForCaller() {
        trapForCaller = false;
    }

    int callerCause() {
        return callerCause;
    }

    int callerValue() {
        return callerValue;
    }

    int callerDetail() {
        return callerDetail;
    }

    @Override
    public String toString() {
        return "vm" + id + " " + vpsw();
    }

    /**
     * Pushes the console's bytes to a raw live sink at the end of a slice, so that a partial
     * line (a prompt) shows while the guest runs on; a {@code [vmN] } console is left alone, it
     * emits whole lines only.
     */
    void flushConsoleAtSliceEnd() {
        if (flushAtSliceEnd) {
            devices.console().flush();
        }
    }

    // ---------------------------------------------------------------------------------------
    // Observation: the guest-level trace, the timeline, a stop asked for by an observer.

    /** The guest-level trace, or null. */
    public CpuTrace trace() {
        return trace;
    }

    /**
     * Traces this VM's guest instructions, numbered by guest retired count, and the traps
     * delivered into it, as the bare machine would trace the same guest (null stops tracing).
     * The VMM reads this at every resume.
     */
    public void setTrace(CpuTrace trace) {
        this.trace = trace;
    }

    /** The VM's costs sampled at every slice end. */
    public Timeline timeline() {
        return timeline;
    }

    /**
     * Asks the VMM running this VM to return to its caller at its next decision point (after the
     * exit being handled), as if the caller's budget had run out: a debugger's break on an event.
     */
    public void requestStop() {
        stopRequested = true;
    }

    /** Whether a stop was asked for and not yet taken. */
    public boolean stopRequested() {
        return stopRequested;
    }

    void clearStop() {
        stopRequested = false;
    }
}
