package shadowvisor.vmm;

import shadowvisor.result.VmmCounter;
import shadowvisor.result.VmmCounters;

import java.util.ArrayList;
import java.util.List;
import shadowvisor.machine.ExitKind;
import shadowvisor.machine.Fault;
import shadowvisor.machine.cpu.Machine;
import shadowvisor.machine.Psw;
import shadowvisor.machine.TrapCause;
import shadowvisor.machine.CpuTrace;
import shadowvisor.machine.cpu.ExecutionState;
import shadowvisor.machine.cpu.Semantics;
import shadowvisor.machine.image.Boot;
import shadowvisor.machine.image.Image;
import shadowvisor.machine.isa.Opcode;
import shadowvisor.machine.isa.Profile;
import shadowvisor.machine.memory.PhysicalMemory;
import shadowvisor.mode.Mode;
import shadowvisor.result.RunReport;
import shadowvisor.result.TlbStats;

/**
 * A trap-and-emulate VMM after Popek and Goldberg (1974): the control program that runs guests
 * directly on a {@link Machine} in hardware user mode, takes every trap as an exit, and decides
 * what the guest sees (spec section 7). It is written against the {@code Machine} interface
 * only, so it runs as well on a VM as on the physical CPU.
 *
 * <p>The parts, in the paper's names:
 * <ul>
 *   <li><b>The dispatcher</b> ({@link #run}, {@link #dispatch}): runs the VMs round robin in
 *   time slices; on each exit it sends a PRIVILEGED trap raised in vm-supervisor to the
 *   interpreter, lets the mode decide about memory faults ({@link #onFault}), and reflects
 *   everything else.</li>
 *   <li><b>The allocator</b> ({@link #allocate}, {@link #loadHardwarePsw}): the mode's own, it
 *   places each VM's memory in host memory and maps the vPSW onto a hardware PSW on every
 *   {@link #resume}.</li>
 *   <li><b>The interpreter</b> ({@link #emulate}, {@link #interpret}): the machine's own
 *   {@link Semantics}, the code the CPU runs, executed against the VM's state ({@link VmState}:
 *   the vPSW, the VM's registers, its virtual control registers, timer and devices, and its
 *   guest-physical memory through the mode's {@link #translateGuest}).</li>
 *   <li><b>Reflection</b> ({@link #reflect}): the delivery of spec section 4 done in software
 *   into the guest's own trap area, with the double-fault shutdown as the guest would see it.</li>
 * </ul>
 *
 * <p>Time is guest time. The hardware timer is loaded on every resume with the smaller of the
 * guest's remaining timer count and the rest of the VMM's slice, and the guest's count is
 * charged with what the hardware retired, so the guest's tick is raised between exactly the
 * same two instructions as natively. Emulated instructions count as retired guest instructions:
 * for the limit, the slice and the guest's timer. Subclasses (the segment VMM, the shadow-paging
 * VMMs) supply only the memory side, through the hooks at the end of this class.
 *
 * <p>A VM can also be driven from above as a {@link Machine} of its own ({@link #asMachine},
 * {@link VmMachine}), so that another VMM runs in it (Theorem 2). The one difference is at
 * {@link #reflect}: when that machine's trap interception is on, the trap goes back to its caller
 * instead of into the guest's trap area.
 */
public abstract class TrapAndEmulateVmm {
    /** The VMM's own region at the bottom of host memory: never mapped into a guest. */
    public static final int VMM_WORDS = 1024;
    /** Default time slice, in retired guest instructions. */
    public static final int DEFAULT_SLICE = 100_000;
    /** The largest host memory, in words: the largest int array a JVM reliably allocates. */
    public static final int MAX_HOST_WORDS = Integer.MAX_VALUE - 8;

    private static final int PRIVILEGED = TrapCause.PRIVILEGED.code(), ILLEGAL = TrapCause.ILLEGAL.code(),
            SEGMENT = TrapCause.SEGMENT.code(), MEMORY = TrapCause.MEMORY.code(), PAGE = TrapCause.PAGE.code(),
            TIMER = TrapCause.TIMER.code();

    private final Machine machine;
    private final int sliceLength;
    private final List<Vm> vms = new ArrayList<>();
    /** Lent to the hooks that decide a fault, so that deciding one allocates nothing. */
    private final Fault fault = new Fault();
    /** The instruction semantics of the machine's profile, executed against {@link #vmState}. */
    private final Semantics semantics;
    private final VmState vmState = new VmState();
    private final boolean kseg;

    /** Who hears of the VMM's decisions, or null: then no event is ever built. */
    private VmmEventListener events;
    /** This VMM's level in a stack, 1 for the innermost, for its events. */
    private int level = 1;
    /** The hardware exit being dispatched (cause -1 between exits), which the events of its decisions carry. */
    private int exitCause = -1;
    private int exitValue;
    private int exitDetail;
    /** Attached to the machine below while a traced VM runs: hardware retirements become guest ones. */
    private final GuestLevelTrace guestLevelTrace = new GuestLevelTrace();

    /** Guest instructions left in the current time slice. */
    private long sliceLeft;
    /** Whether the guest's timer ran out during the last hardware run. */
    private boolean guestTicked;
    /** Hidden faults in a row with no guest instruction retired, and the retired count they began at. */
    private int hiddenInARow;
    private long hiddenSince = -1;
    /**
     * More hidden faults than this in a row without progress means the mode's fix-up does not
     * fix: the VM is shut down rather than the VMM spinning forever. A real instruction needs a
     * handful (its fetch, its operand, the tables above each).
     */
    static final int MAX_HIDDEN_IN_A_ROW = 1000;

    /**
     * @param machine     the machine the VMs run on; the VMM turns its trap interception on
     * @param sliceLength retired guest instructions per time slice (1 or more)
     */
    protected TrapAndEmulateVmm(Machine machine, int sliceLength) {
        if (sliceLength < 1) {
            throw new IllegalArgumentException("a time slice must be at least 1 instruction, got " + sliceLength);
        }
        this.machine = machine;
        this.sliceLength = sliceLength;
        this.sliceLeft = sliceLength;
        this.semantics = new Semantics(machine.profile());
        this.kseg = machine.profile().kseg();
        machine.setTrapIntercept(true);
    }

    /** The profile of the machine below, which is every VM's too: a VM is the machine it runs on, virtualized. */
    public final Profile profile() {
        return semantics.profile();
    }

    /** The machine below the VMs. */
    protected final Machine machine() {
        return machine;
    }

    /** The machine below the VMs, for observers (the debugger shows its PSW beside the vPSW). */
    public final Machine hardware() {
        return machine;
    }

    /**
     * Sends every decision of this VMM to {@code listener} (null for none), its events marked
     * with {@code stackLevel} (1 for the innermost VMM).
     */
    public final void setEventListener(VmmEventListener listener, int stackLevel) {
        this.events = listener;
        this.level = stackLevel;
    }

    /** Whether anyone hears of this VMM's decisions: a mode builds its events' text only then. */
    protected final boolean observed() {
        return events != null;
    }

    /** Reports a decision about {@code vm}; with no listener, nothing (callers check {@link #observed} before building text). */
    protected final void event(Vm vm, VmmEvent.Kind kind, String decision) {
        if (events != null) {
            events.event(new VmmEvent(vm.retired(), vm.id(), level, vm.vpswPc(), kind, exitCause, exitValue,
                    exitDetail, decision));
        }
    }

    /** The mode this VMM implements, for reports. */
    public abstract Mode mode();

    /**
     * Creates a VM in the boot state of spec section 1.2 with SZ = memsize, its image loaded at
     * guest-physical addresses, nothing loaded beside it. VMs are numbered from 1 in creation order.
     *
     * @throws IllegalArgumentException when memsize is below 16 words, the image does not fit in
     *                                  memsize, or the host has no room left
     */
    public final Vm createVm(Image image, VmConfig config) {
        return createVm(new Boot(image), config);
    }

    /**
     * Creates a VM in the boot state of spec section 1.2 with SZ = memsize, by {@link Boot}'s
     * rule as the bare CPU boots: the words placed in guest-physical memory, the vPSW, and
     * r1 = memsize, r2 and r3 from the load in the VM's saved registers.
     *
     * @throws IllegalArgumentException when memsize is below 16 words, the images do not fit in
     *                                  memsize or overlap, or the host has no room left
     */
    public final Vm createVm(Boot boot, VmConfig config) {
        int memsize = config.memsize();
        if (memsize < PhysicalMemory.MIN_WORDS) {
            throw new IllegalArgumentException("memory must be at least " + PhysicalMemory.MIN_WORDS + " words, got "
                    + memsize);
        }
        if (config.maxInstructions() < 0) {
            throw new IllegalArgumentException("the instruction limit must not be negative: " + config.maxInstructions());
        }
        boot.check(memsize);  // before the allocator takes host memory for a VM that cannot boot
        GuestMemory memory = allocate(memsize);
        boot.placeInto(memory);
        Vm vm = new Vm(vms.size() + 1, memory, config, boot);
        vms.add(vm);
        onVmCreated(vm);
        return vm;
    }

    /** The VMs, in creation order. */
    public final List<Vm> vms() {
        return List.copyOf(vms);
    }

    /**
     * {@code vm} as a {@link Machine} that software above it drives, such as another VMM (the
     * same instance on every call). From then on {@link #run} leaves the VM to that machine's
     * caller.
     *
     * @throws IllegalArgumentException when {@code vm} is not one of this VMM's VMs
     */
    public final VmMachine asMachine(Vm vm) {
        if (!vms.contains(vm)) {
            throw new IllegalArgumentException(vm + " is not a VM of this " + mode().cliName() + " VMM");
        }
        if (vm.machineView() == null) {
            vm.setMachineView(new VmMachine(this, vm));
        }
        return vm.machineView();
    }

    // ---------------------------------------------------------------------------------------
    // The dispatcher.

    /**
     * Runs every VM to its end, round robin, one time slice at a time; a VM exposed as a {@link
     * Machine} ({@link #asMachine}) is left to the caller of that machine.
     */
    public final void run() {
        boolean ran = true;
        while (ran) {
            ran = false;
            for (Vm vm : vms) {
                if (!vm.ended() && vm.machineView() == null) {
                    runSlice(vm);
                    ran = true;
                }
            }
        }
    }

    /**
     * One time slice of {@code vm}: its registers go onto the hardware, it runs until the slice
     * is used up or it ends, and its registers come back.
     */
    private void runSlice(Vm vm) {
        long t0 = System.nanoTime();
        TlbStats tlbBefore = TlbStats.of(machine.tlb());
        loadRegisters(vm);
        slice(vm, Long.MAX_VALUE);
        saveRegisters(vm);
        vm.flushConsoleAtSliceEnd();
        vm.addTlb(TlbStats.of(machine.tlb()).minus(tlbBefore));
        vm.addHostNanos(System.nanoTime() - t0);
        sample(vm);
    }

    /** One point of the VM's timeline: its running totals at the end of a slice. */
    private static void sample(Vm vm) {
        VmmCounters c = vm.counters();
        vm.timeline().sample(vm.retired(), c.totalExits() + c.sliceEnds, c.get(VmmCounter.HIDDEN_FAULTS),
                c.get(VmmCounter.SHADOW_PAGES_BUILT) - c.get(VmmCounter.SHADOW_PAGES_DROPPED), vm.tlb().flushes());
    }

    /**
     * The dispatcher loop of one time slice, the VM's registers on the hardware: runs until the
     * slice is used up, the VM ends, {@code stopAt} guest instructions have retired, or a trap
     * went to the caller of the VM's {@link VmMachine}. Before every resume come, in the order of
     * spec section 5, the instruction limit (the VM's, then the caller's budget) and then a
     * pending guest tick.
     */
    private void slice(Vm vm, long stopAt) {
        sliceLeft = sliceLength;
        hiddenSince = -1;
        while (!vm.ended() && !vm.trapForCaller()) {
            if (vm.stopRequested()) {
                break;
            }
            if (vm.retired() >= vm.maxInstructions()) {
                end(vm, ExitKind.LIMIT, null);
                break;
            }
            if (vm.retired() >= stopAt) {
                break;
            }
            if (vm.tickPending() && vm.interruptsEnabled()) {
                vm.clearTick();
                reflect(vm, TIMER, 0, 0);
                continue;
            }
            if (sliceLeft <= 0) {
                break;
            }
            if (interpretsSupervisor() && vm.supervisor()) {
                interpretSupervisor(vm);
                continue;
            }
            dispatch(vm, resume(vm, stopAt));
        }
    }

    /**
     * {@link VmMachine#run}: runs {@code vm} alone, slice after slice, until {@code budget} more
     * guest instructions have retired (emulated ones included), it ends, or a trap goes to the
     * caller. Slice ends are the VMM's own business and do not return.
     */
    final void runAsMachine(Vm vm, long budget) {
        vm.clearTrapForCaller();
        if (vm.ended()) {
            return;
        }
        long t0 = System.nanoTime();
        long stopAt = budget <= 0 ? vm.retired()
                : budget >= Long.MAX_VALUE - vm.retired() ? Long.MAX_VALUE : vm.retired() + budget;
        loadRegisters(vm);
        do {
            slice(vm, stopAt);
        } while (!vm.ended() && !vm.trapForCaller() && vm.retired() < stopAt && !vm.stopRequested());
        vm.clearStop();
        saveRegisters(vm);
        vm.addHostNanos(System.nanoTime() - t0);
    }

    /**
     * Runs {@code vm} on the hardware until the next exit: installs the hardware PSW the mode
     * derives from the vPSW, loads the hardware timer with the guest's remaining count or the
     * rest of the slice, whichever is smaller, and runs up to the guest's instruction limit (or
     * the budget of the caller of its {@link VmMachine}, when that comes first). Afterwards the
     * guest is charged with what the hardware retired, and vPSW.PC takes the hardware PC (the
     * saved PC of a trap).
     *
     * @return the machine's exit code
     */
    protected final int resume(Vm vm) {
        return resume(vm, Long.MAX_VALUE);
    }

    /** {@link #resume(Vm)}, retiring no further than {@code stopAt} guest instructions (a caller's budget). */
    private int resume(Vm vm, long stopAt) {
        loadHardwarePsw(vm);
        // Never 0: a hardware timer of 0 is a stopped one, and the VMM would lose the CPU for good.
        long hardwareTimer = Math.max(sliceLeft, 1);
        long guestTimer = Integer.toUnsignedLong(vm.timer());
        if (guestTimer != 0 && guestTimer < hardwareTimer) {
            hardwareTimer = guestTimer;
        }
        machine.setTimer((int) hardwareTimer);
        long before = machine.retired();
        if (vm.trace() != null || guestLevelTrace.vm != null) {
            guestLevelTrace.attach(vm, before);
        }
        int exit = machine.run(Math.min(vm.maxInstructions(), stopAt) - vm.retired());
        long n = machine.retired() - before;
        vm.addRetired(n);
        sliceLeft -= n;
        boolean timerRunning = vm.timer() != 0;
        vm.countDown(n);
        guestTicked = timerRunning && vm.tickPending();
        vm.setVpswPc(machine.pc());
        return exit;
    }

    /**
     * The dispatcher proper: what to do about one exit. A PRIVILEGED trap in vm-supervisor is
     * emulated; a memory fault goes to the mode ({@link #onFault}), which hides it or says what
     * the guest sees; a TIMER exit is the guest's tick (raised by the dispatcher loop at the next
     * instruction boundary, as the native machine does) or the end of the slice; everything else
     * is reflected unchanged.
     */
    protected final void dispatch(Vm vm, int exit) {
        switch (exit) {
            case Machine.EXIT_BUDGET -> {
                // The instruction limit (the dispatcher loop ends the VM before anything else), or
                // the budget of a VmMachine's caller (the loop returns to it).
            }
            case Machine.EXIT_TRAP -> dispatchTrap(vm, machine.trapCause(), machine.trapValue(), machine.trapDetail());
            case Machine.EXIT_HOST_ACTION -> shutdown(vm, hostAction(vm, machine.trapValue()));
            // Under a stack the machine below is a VM whose own VMM may end it: its reason is the guest's.
            case Machine.EXIT_SHUTDOWN -> shutdown(vm, machine instanceof VmMachine
                    ? "the VM this VMM runs in was shut down: " + machine.shutdownReason()
                    : "VMM error: the hardware shut down while running a guest in user mode: "
                            + machine.shutdownReason());
            default -> shutdown(vm, "VMM error: the hardware exited with code " + exit
                    + " while running a guest in user mode");
        }
    }

    private void dispatchTrap(Vm vm, int cause, int value, int detail) {
        exitCause = cause;
        exitValue = value;
        exitDetail = detail;
        decide(vm, cause, value, detail);
        exitCause = -1;
    }

    private void decide(Vm vm, int cause, int value, int detail) {
        if (TrapCause.of(cause) == null) {
            shutdown(vm, "VMM error: the hardware reported an unknown trap cause " + cause);
            return;
        }
        VmmCounters counters = vm.counters();
        if (cause == TIMER) {
            if (guestTicked) {
                counters.exits[TIMER]++;
                event(vm, VmmEvent.Kind.TICK, "guest timer ran out: tick pending");
            } else {
                counters.sliceEnds++;
                event(vm, VmmEvent.Kind.SLICE_END, "slice end");
            }
            return;
        }
        counters.exits[cause]++;
        if (cause == PRIVILEGED && vm.supervisor()) {
            emulate(vm, value);
        } else if (cause == SEGMENT && kseg && Semantics.inKseg(value)) {
            // The kseg window (spec 8): vm-supervisor's access is interpreted against
            // guest-physical memory; vm-user's is the SEGMENT fault it is natively.
            if (vm.supervisor()) {
                interpret(vm);
            } else {
                reflect(vm, cause, value, detail);
            }
        } else if (cause == SEGMENT || cause == MEMORY || cause == PAGE) {
            if (onFault(vm, cause, value, detail, fault)) {
                hidden(vm);
            } else if (!vm.ended()) {
                reflect(vm, fault.cause(), fault.value(), fault.detail());
            }
        } else {
            reflect(vm, cause, value, detail);
        }
    }

    /** Counts a hidden fault; too many in a row with no instruction retired is the mode's bug, not the guest's. */
    private void hidden(Vm vm) {
        if (vm.retired() != hiddenSince) {
            hiddenSince = vm.retired();
            hiddenInARow = 0;
        }
        if (++hiddenInARow > MAX_HIDDEN_IN_A_ROW && !vm.ended()) {
            shutdown(vm, String.format("VMM error: %d hidden faults in a row at pc 0x%08x without an instruction "
                    + "retiring", hiddenInARow, vm.vpswPc()));
        }
    }

    // ---------------------------------------------------------------------------------------
    // Reflection.

    /**
     * Delivers a trap into the guest as the native machine would (spec section 4): vPSW to the
     * guest's {@code MEM[0]}, cause, value and detail to its words 8..10, the vPSW loaded from
     * its {@code MEM[1]}. A synchronous trap raised before any guest instruction retired since
     * the last delivery is the double fault instead: the VM shuts down, nothing written, nothing
     * counted. The mode may refuse the PSW the delivery would load ({@link #onPswLoad}); then
     * the VM has been shut down and nothing is written either.
     *
     * <p>The seam for stacking: when the VM is driven as a {@link VmMachine} with trap
     * interception on, the trap is handed to that machine's caller instead, exactly as it would
     * have been written to words 8..10, with vPSW.PC the saved PC; nothing is written, nothing
     * counted, and the double-fault window is the caller's to keep.
     */
    protected final void reflect(Vm vm, int cause, int value, int detail) {
        TrapCause trap = TrapCause.of(cause);
        if (trap == null) {
            shutdown(vm, "VMM error: asked to reflect an unknown trap cause " + cause);
            return;
        }
        if (vm.interceptTraps()) {
            if (vm.trace() != null) {
                vm.trace().trap(cause, value, detail, vm.vpswPc(), false);
            }
            vm.trapToCaller(cause, value, detail);
            vm.counters().count(VmmCounter.FORWARDED);
            if (events != null) {
                event(vm, VmmEvent.Kind.FORWARD, String.format("forwarded %s value=0x%08x detail=0x%x to the VMM "
                        + "running in vm%d", trap, value, detail, vm.id()));
            }
            return;
        }
        if (trap.synchronous() && vm.inDoubleFaultWindow()) {
            shutdown(vm, String.format("double fault: %s (value 0x%08x, detail %d) raised by the first instruction "
                    + "after a trap delivery, at pc 0x%08x", trap, value, detail, vm.vpswPc()));
            return;
        }
        GuestMemory mem = vm.memory();
        Psw next = new Psw(mem.read(4) & Psw.DEFINED_FLAGS, mem.read(5), mem.read(6), mem.read(7));
        if (!admit(vm, next, true)) {
            return;
        }
        mem.write(0, vm.vpswFlags());
        mem.write(1, vm.vpswB());
        mem.write(2, vm.vpswL());
        mem.write(3, vm.vpswPc());
        mem.write(8, cause);
        mem.write(9, value);
        mem.write(10, detail);
        vm.countTrap(cause);
        vm.counters().reflected++;
        if (vm.trace() != null) {
            vm.trace().trap(cause, value, detail, vm.vpswPc(), true);
        }
        if (events != null) {
            event(vm, VmmEvent.Kind.REFLECT, String.format("reflected %s value=0x%08x detail=0x%x", trap, value, detail));
        }
        vm.setVpsw(next.flags(), next.b(), next.l(), next.pc());
        vm.delivered();
    }

    /**
     * {@link VmMachine#setPsw}: the caller of the VM's machine loads the whole vPSW, as the
     * hardware's PSW would be loaded. The mode is asked, as for {@code lpsw}, whenever the flags
     * change: M, P and I are what a mode can refuse to run (segment refuses P), and asking only
     * then keeps a caller's resume path, which loads a new PC every time, free of allocation.
     */
    final void loadVpsw(Vm vm, int flags, int b, int l, int pc) {
        int defined = flags & Psw.DEFINED_FLAGS;
        if (defined != vm.vpswFlags() && !admit(vm, new Psw(defined, b, l, pc), false)) {
            return;
        }
        vm.setVpsw(defined, b, l, pc);
    }

    /** Asks the mode whether the vPSW may become {@code next}; a refusal without a shutdown is the VMM's own error. */
    private boolean admit(Vm vm, Psw next, boolean delivery) {
        if (onPswLoad(vm, next, delivery)) {
            return true;
        }
        shutdown(vm, "VMM error: mode " + mode().cliName() + " refused " + next + " without a reason");
        return false;
    }

    // ---------------------------------------------------------------------------------------
    // The interpreter: the machine's semantics, executed against the VM.

    /**
     * Emulates the privileged instruction {@code word} at vPSW.PC, which trapped in vm-supervisor,
     * exactly as the native machine would execute it in supervisor mode: on success it retires
     * (counted, charged to the guest timer) and vPSW.PC moves past it or to the PC {@code lpsw}
     * loads; a fault is reflected at its own PC.
     */
    protected final void emulate(Vm vm, int word) {
        vm.counters().emulated[word >>> 25]++;
        if (events != null) {
            event(vm, VmmEvent.Kind.EMULATE, "emulated " + mnemonic(word));
        }
        int pc = vm.vpswPc();
        complete(vm, semantics.execute(vmState.of(vm), word), pc, word);
    }

    /**
     * Interprets the instruction at vPSW.PC, its fetch included, against the VM: what a mode
     * does for an instruction the hardware cannot run for the guest (a {@code kseg} access, a
     * store into a traced page table). It counts under {@code emulated} by mnemonic, also when
     * its access then faults; a fetch that faults has no mnemonic and is reflected.
     */
    protected final void interpret(Vm vm) {
        int pc = vm.vpswPc();
        int result = semantics.step(vmState.of(vm));
        int word = (int) semantics.fetched;
        if (semantics.fetched >= 0) {
            vm.counters().emulated[word >>> 25]++;
            if (events != null) {
                event(vm, VmmEvent.Kind.EMULATE, "emulated " + mnemonic(word) + String.format(" at 0x%08x", pc));
            }
        }
        complete(vm, result, pc, word);
    }

    /**
     * The hybrid VMM's one change (spec 7.5): one vm-supervisor instruction interpreted against
     * the VM instead of run on the hardware, retiring exactly as natively (the dispatcher loop
     * around it delivers the guest's tick and enforces the limit before each one). Counted under
     * {@code interpreted} when it retires.
     */
    private void interpretSupervisor(Vm vm) {
        int pc = vm.vpswPc();
        int result = semantics.step(vmState.of(vm));
        if (result != Semantics.TRAP && result != Semantics.REFUSED) {
            vm.counters().count(VmmCounter.INTERPRETED);
        }
        complete(vm, result, pc, (int) semantics.fetched);
    }

    /**
     * Whether vm-supervisor code is interpreted instead of run on the hardware: the hybrid
     * VMM of Theorem 3, which needs only the user-sensitive instructions to be privileged.
     */
    protected boolean interpretsSupervisor() {
        return false;
    }

    /**
     * Accounts the outcome of an emulated or interpreted instruction, as the CPU accounts its
     * own: {@code word} at {@code pc} retired, trapped, or ended the machine.
     */
    private void complete(Vm vm, int result, int pc, int word) {
        switch (result) {
            case Semantics.RETIRED -> retireTraced(vm, true, pc, word);
            case Semantics.RETIRED_TIMER_SET -> retireTraced(vm, false, pc, word);
            case Semantics.TRAP -> reflect(vm, semantics.cause, semantics.value, semantics.detail);
            case Semantics.HALT -> {
                // A limit reached by this very instruction loses to it.
                retireTraced(vm, true, pc, word);
                end(vm, ExitKind.HALT, null);
            }
            case Semantics.POWEROFF -> {
                retireTraced(vm, true, pc, word);
                end(vm, ExitKind.POWEROFF, null);
            }
            case Semantics.REFUSED -> {
                // The mode refused the PSW and has shut the VM down; nothing took effect.
            }
            default -> shutdown(vm, "VMM error: the semantics returned " + result + " for a VM");
        }
    }

    private void retireTraced(Vm vm, boolean countDown, int pc, int word) {
        retire(vm, countDown);
        if (vm.trace() != null) {
            vm.trace().retired(vm.retired(), pc, word);
        }
    }

    private static String mnemonic(int word) {
        Opcode op = Opcode.byCode(word >>> 25);
        return op == null ? String.format(".word 0x%08x", word) : op.mnemonic();
    }

    /** Why a VM is shut down when its code would have acted on the host machine from hardware user mode. */
    private String hostAction(Vm vm, int word) {
        Opcode op = Opcode.byCode(word >>> 25);
        String name = op == null ? String.format("0x%08x", word) : op.mnemonic();
        return String.format("the guest executed %s in vm-%s mode at pc 0x%08x, which profile %s makes innocuous: "
                + "run on the hardware it would act on the host machine itself, so the VMM stops the VM (a "
                + "violation of Theorem 1 that a real VMM could not even see)", name,
                vm.supervisor() ? "supervisor" : "user", vm.vpswPc(), profile().name());
    }

    /**
     * Counts one instruction the VMM carried out for the guest as retired (spec section 7.1):
     * for the instruction limit, the time slice and, unless it is {@code mtcr timer}, the
     * guest's timer. A mode that emulates other instructions (a traced page-table write) calls
     * this too.
     */
    protected final void retire(Vm vm, boolean countDown) {
        vm.addRetired(1);
        sliceLeft--;
        if (countDown) {
            vm.countDown(1);
        }
    }

    // ---------------------------------------------------------------------------------------
    // The end of a VM.

    /** Shuts {@code vm} down with a reason (exit kind shutdown); the first reason wins. */
    protected final void shutdown(Vm vm, String reason) {
        end(vm, ExitKind.SHUTDOWN, reason);
    }

    private void end(Vm vm, ExitKind kind, String reason) {
        if (!vm.ended()) {
            vm.end(kind, reason);
            vm.devices().console().flush();
            if (kind == ExitKind.SHUTDOWN && events != null) {
                event(vm, VmmEvent.Kind.SHUTDOWN, "shutdown: " + reason);
            }
        }
    }

    private void loadRegisters(Vm vm) {
        int[] r = vm.savedRegisters();
        for (int i = 1; i < 16; i++) {
            machine.setRegister(i, r[i]);
        }
    }

    private void saveRegisters(Vm vm) {
        int[] r = vm.savedRegisters();
        for (int i = 1; i < 16; i++) {
            r[i] = machine.register(i);
        }
    }

    /**
     * One report per VM, in creation order (spec section 9), after {@link #run}: the guest's
     * view (exit, console, retired instructions, traps delivered to it, registers, vPSW, a digest
     * of its guest-physical memory) and the VMM's (its counters, the hardware TLB while it ran).
     */
    public final List<RunReport> reports() {
        List<RunReport> reports = new ArrayList<>();
        for (Vm vm : vms) {
            if (!vm.ended()) {
                throw new IllegalStateException("vm" + vm.id() + " has not ended: call run() first");
            }
            reports.add(new RunReport(mode().cliName(), profile().name(), vm.endKind(), vm.devices().powerValue(), vm.endReason(),
                    vm.devices().console().output(), vm.retired(), vm.traps(), vm.counters(), vm.tlb(),
                    vm.registers(), vm.vpsw(), vm.memsize(),
                    PhysicalMemory.sha256(vm.memory(), 0, vm.memsize()), vm.hostNanos()).withTimeline(vm.timeline()));
        }
        return reports;
    }

    // ---------------------------------------------------------------------------------------
    // Hooks: the memory side, which is all a mode supplies.

    /**
     * The allocator: a guest-physical memory of {@code memsize} words in host memory, never
     * overlapping the VMM's region ({@link #VMM_WORDS}) or another VM.
     *
     * @throws IllegalArgumentException when the host has no room left
     */
    protected abstract GuestMemory allocate(int memsize);

    /**
     * Installs the hardware PSW (and, for a paging mode, the hardware ptbr) that runs the guest
     * from its vPSW: hardware user mode, I' = 1, a mapping that reaches nothing outside the VM.
     */
    protected abstract void loadHardwarePsw(Vm vm);

    /**
     * Translates the guest virtual address {@code va} as the native machine would under the
     * vPSW (spec section 3), for the VMM's own accesses on the guest's behalf ({@code lpsw}'s
     * four reads). Under guest paging this walks the guest's tables, setting A (and D on a write)
     * as the hardware would.
     *
     * @param access the detail bits of the access ({@link TrapCause#ACC_W}, {@link TrapCause#ACC_U}, {@link TrapCause#ACC_F})
     * @return the guest-physical address (below memsize), or -1 after filling {@code fault} with
     *         the fault the native machine would raise
     */
    protected abstract int translateGuest(Vm vm, int va, int access, Fault fault);

    /**
     * Decides a hardware memory fault (SEGMENT, MEMORY or PAGE) taken while {@code vm} ran.
     *
     * @param detail the hardware's detail word, whose U bit reflects the hardware's user mode,
     *               not the guest's
     * @return true when the guest must not see it (a hidden fault the mode fixed, or the mode
     *         shut the VM down); false after filling {@code fault} with the cause, value and detail
     *         the native machine would raise, which the VMM then reflects
     */
    protected abstract boolean onFault(Vm vm, int cause, int value, int detail, Fault fault);

    /** A VM was created, booted and not yet run: a mode declares its own counters here. */
    protected void onVmCreated(Vm vm) {
    }

    /** The guest wrote its ptbr ({@code mtcr ptbr}, which natively also flushes the TLB); vm.ptbr() is the new value. */
    protected void onPtbrWrite(Vm vm) {
    }

    /** The guest executed {@code invlpg} for linear address {@code la}. */
    protected void onInvlpg(Vm vm, int la) {
    }

    /** The guest executed {@code tlbflush}. */
    protected void onTlbFlush(Vm vm) {
    }

    /**
     * The vPSW is about to become {@code next}, by an emulated {@code lpsw} (which has passed its
     * reads and its reserved-bit check) or by a delivery loading the guest's {@code MEM[1]}. A
     * mode that cannot run the guest under that PSW shuts the VM down and returns false: then
     * nothing of the instruction or the delivery takes effect.
     */
    protected boolean onPswLoad(Vm vm, Psw next, boolean delivery) {
        return true;
    }
    // ---------------------------------------------------------------------------------------
    // The guest-level trace.

    /**
     * Attached to the machine below while a traced VM runs on it: each instruction the hardware
     * retires for the guest is passed to the VM's trace numbered by the VM's retired count, as the
     * bare machine would number it. The hardware's traps are exits, which the VMM's events tell;
     * the traps the guest sees are traced where they are reflected. Under a stack the machine
     * below is a VM, whose VMM does the same one level down.
     */
    private final class GuestLevelTrace implements CpuTrace {
        private Vm vm;
        private long hostBase;
        private long guestBase;

        void attach(Vm target, long hostRetired) {
            if (target.trace() == null) {
                vm = null;
                machine.setTrace(null);
                return;
            }
            if (vm == null) {
                machine.setTrace(this);
            }
            vm = target;
            hostBase = hostRetired;
            guestBase = target.retired();
        }

        @Override
        public void retired(long count, int pc, int word) {
            vm.trace().retired(guestBase + (count - hostBase), pc, word);
        }

        @Override
        public void trap(int cause, int value, int detail, int savedPc, boolean delivered) {
        }
    }

    // ---------------------------------------------------------------------------------------
    // A VM as the state the semantics execute against.

    /**
     * The VM's machine as {@link Semantics} sees it: the vPSW, the VM's registers (on the
     * machine below while the VM's slice runs), its virtual {@code ptbr} and timer (the mode
     * hears of changes through its hooks), its devices, and its guest-physical memory reached
     * through the {@code kseg} window or the mode's {@link #translateGuest}. One instance serves
     * every VM: {@link #of} points it at the one being emulated.
     */
    private final class VmState implements ExecutionState {
        private Vm vm;

        VmState of(Vm target) {
            vm = target;
            return this;
        }

        @Override
        public int register(int index) {
            return machine.register(index);
        }

        @Override
        public void setRegister(int index, int value) {
            machine.setRegister(index, value);
        }

        @Override
        public int pswFlags() {
            return vm.vpswFlags();
        }

        @Override
        public int pswB() {
            return vm.vpswB();
        }

        @Override
        public int pswL() {
            return vm.vpswL();
        }

        @Override
        public int pc() {
            return vm.vpswPc();
        }

        @Override
        public void setPc(int pc) {
            vm.setVpswPc(pc);
        }

        @Override
        public boolean loadPsw(int flags, int b, int l, int pc) {
            if (!admit(vm, new Psw(flags, b, l, pc), false)) {
                return false;
            }
            vm.setVpsw(flags, b, l, pc);
            return true;
        }

        @Override
        public int ptbr() {
            return vm.ptbr();
        }

        @Override
        public void setPtbr(int value) {
            vm.setPtbr(value);
            onPtbrWrite(vm);
        }

        @Override
        public int timer() {
            return vm.timer();
        }

        @Override
        public void setTimer(int count) {
            vm.setTimer(count);
        }

        @Override
        public void invalidatePage(int la) {
            onInvlpg(vm, la);
        }

        @Override
        public void flushTlb() {
            onTlbFlush(vm);
        }

        @Override
        public int in(int port) {
            return vm.devices().in(port);
        }

        @Override
        public boolean out(int port, int value) {
            return vm.devices().out(port, value);
        }

        @Override
        public int translate(int va, int access) {
            if (kseg && Semantics.inKseg(va)) {
                return Semantics.kseg(va, access, vm.memsize(), fault);
            }
            return translateGuest(vm, va, access, fault);
        }

        @Override
        public Fault fault() {
            return fault;
        }

        @Override
        public int read(int gpa) {
            return vm.memory().read(gpa);
        }

        @Override
        public void write(int gpa, int word) {
            vm.memory().write(gpa, word);
        }

        @Override
        public boolean guardsHost() {
            return false;
        }
    }
}
