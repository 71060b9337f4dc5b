package shadowvisor.vmm.shadow;

import shadowvisor.machine.Fault;
import shadowvisor.machine.cpu.Machine;
import shadowvisor.machine.Psw;
import shadowvisor.machine.TrapCause;
import shadowvisor.machine.isa.Opcode;
import shadowvisor.machine.paging.PageWalker;
import shadowvisor.machine.paging.Pte;
import shadowvisor.vmm.GuestMemory;
import shadowvisor.vmm.TrapAndEmulateVmm;
import shadowvisor.vmm.Vm;
import shadowvisor.result.VmmCounter;
import shadowvisor.result.VmmCounters;
import shadowvisor.vmm.VmmEvent;

/**
 * The shadow-paging VMMs (spec section 7.3): the guest kernel runs in hardware user mode with
 * P' = 1 on {@link ShadowPageTable shadow page tables} that merge the guest's tables with the
 * VM's {@link GuestPhysicalMap}. The hardware segment is the guest's own
 * ({@code B' = vPSW.B, L' = vPSW.L}), so the shadows map guest-linear addresses and every
 * hardware SEGMENT fault is the guest's. On resume:
 *
 * <pre>
 *   M' = u   P' = 1   I' = 1   B' = vPSW.B   L' = vPSW.L   PC' = vPSW.PC
 *   ptbr' = the shadow root of (guest ptbr, vm-supervisor or vm-user), or the physical root when vPSW.P = 0
 * </pre>
 *
 * A hardware PAGE fault is decided by the one {@link PageWalker} walking the guest's own tables
 * through the guest-physical map: when the guest's tables allow the access the fault is hidden
 * (the walk sets the guest's A and D exactly as the native walk would, the shadow entry is
 * filled, the guest resumes); otherwise it is true and the walker's own fault, value and detail
 * are reflected. The two modes differ only in how shadows follow guest page-table writes
 * ({@link ShadowTraceVmm}, {@link ShadowVtlbVmm}).
 */
public abstract class ShadowVmm extends TrapAndEmulateVmm {
    private static final int SEGMENT = TrapCause.SEGMENT.code(), MEMORY = TrapCause.MEMORY.code(),
            PAGE = TrapCause.PAGE.code();
    /** Consecutive hidden faults at one instruction after which the VMM declares itself broken. */
    private static final int HIDDEN_FAULT_LOOP = 16;
    /** The mode's own counters, declared so they are reported even while zero. */
    private static final java.util.EnumSet<VmmCounter> COUNTERS = java.util.EnumSet.range(VmmCounter.HIDDEN_FAULTS,
            VmmCounter.SHADOW_ZAPS);

    private final HostFramePool pool;
    private final boolean trace;
    private final int maxRoots;
    private final PageWalker walker = new PageWalker();
    /** The hidden-fault loop guard: the VM, PC and retired count of the last hidden fault and how often it repeated. */
    private Vm lastFaultVm;
    private int lastFaultPc = -1;
    private long lastFaultRetired = -1;
    private int hiddenRepeats;

    /**
     * @param machine  the host; its memory above the VMM's region is the frame pool
     * @param trace    write-protect and sync guest page tables (shadow-trace) or not (shadow-vtlb)
     * @param maxRoots bound of each VM's root cache
     */
    protected ShadowVmm(Machine machine, int sliceLength, boolean trace, int maxRoots, long seed) {
        super(machine, sliceLength);
        this.trace = trace;
        this.maxRoots = maxRoots;
        int first = VMM_WORDS >>> Pte.PAGE_SHIFT;
        this.pool = new HostFramePool(first, (machine.memorySize() >>> Pte.PAGE_SHIFT) - first, seed);
    }

    /** Shadow frames a VM of {@code memsize} words may hold before its shadows are zapped. */
    public static int shadowBudgetFrames(int memsize) {
        int frames = memsize >>> Pte.PAGE_SHIFT;
        return Math.min(2048, Math.max(64, frames / 2 + 32));
    }

    /**
     * Host memory for shadow-paged VMs of these sizes: the VMM's region, each VM's frames and
     * its shadow budget.
     *
     * @throws IllegalArgumentException when a size is not a whole number of pages or the total is too large
     */
    public static int hostWords(int... memsizes) {
        long words = VMM_WORDS;
        for (int m : memsizes) {
            requireWholePages(m);
            words += m + (long) shadowBudgetFrames(m) * Pte.PAGE_WORDS;
        }
        if (words > MAX_HOST_WORDS) {
            throw new IllegalArgumentException(String.format("%d VMs of these sizes need %d words of host memory "
                    + "(guest frames and shadow page tables); a host has at most %d: give them less --mem",
                    memsizes.length, words, MAX_HOST_WORDS));
        }
        return (int) words;
    }

    private static void requireWholePages(int memsize) {
        if (memsize <= 0 || memsize % Pte.PAGE_WORDS != 0) {
            throw new IllegalArgumentException("the shadow-paging modes map guest memory in pages: --mem must be a "
                    + "multiple of 1024 words, got " + memsize);
        }
        if (memsize > Pte.LINEAR_LIMIT) {
            throw new IllegalArgumentException("the shadow-paging modes support at most 2^30 words of guest memory, got "
                    + memsize);
        }
    }

    // ---------------------------------------------------------------------------------------
    // The allocator.

    @Override
    protected GuestMemory allocate(int memsize) {
        requireWholePages(memsize);
        int frames = memsize >>> Pte.PAGE_SHIFT;
        if (pool.available() < frames + shadowBudgetFrames(memsize)) {
            throw new IllegalArgumentException(String.format("no room for a VM of %d words: %d host frames left",
                    memsize, pool.available()));
        }
        ShadowGuestMemory memory = new ShadowGuestMemory(new GuestPhysicalMap(machine(), pool.take(frames)));
        return memory;
    }

    /** The VM's shadows, created on first use (a VM's counters exist only once the VM does). */
    protected final ShadowPageTable shadows(Vm vm) {
        ShadowGuestMemory memory = (ShadowGuestMemory) vm.memory();
        ShadowPageTable spt = memory.shadows();
        if (spt == null) {
            VmmCounters c = vm.counters();
            for (VmmCounter counter : COUNTERS) {
                c.declare(counter);
            }
            spt = new ShadowPageTable(machine(), memory.map(), pool, shadowBudgetFrames(vm.memsize()), trace, maxRoots, c);
            memory.attach(spt);
            if (observed()) {
                spt.observe(new ShadowPageTable.Observer() {
                    @Override
                    public void synced(int gpa, boolean directory) {
                        event(vm, VmmEvent.Kind.SHADOW_SYNC, String.format("shadow synced: guest %s word gpa=0x%08x "
                                + "changed, the shadow entries derived from it dropped", directory ? "page-directory"
                                : "page-table", gpa));
                    }

                    @Override
                    public void dropped(int hostFrame) {
                        event(vm, VmmEvent.Kind.SHADOW_DROP, String.format("shadow page dropped: host frame 0x%x",
                                hostFrame));
                    }
                });
            }
        }
        return spt;
    }

    private static GuestPhysicalMap map(Vm vm) {
        return ((ShadowGuestMemory) vm.memory()).map();
    }

    /** The VM's shadow page tables, for observers (the debugger's {@code shadow VA}); null before the VM first ran. */
    public final ShadowPageTable shadowsOf(Vm vm) {
        return ((ShadowGuestMemory) vm.memory()).shadows();
    }

    /** The VM's guest-physical to host-physical map. */
    public final GuestPhysicalMap physicalMapOf(Vm vm) {
        return map(vm);
    }

    /** The resume formula of the class comment. */
    @Override
    protected void loadHardwarePsw(Vm vm) {
        ShadowPageTable spt = shadows(vm);
        spt.activate(currentRoot(vm, spt));
        machine().setPsw(Psw.P | Psw.I, vm.vpswB(), vm.vpswL(), vm.vpswPc());
    }

    private static ShadowPageTable.Root currentRoot(Vm vm, ShadowPageTable spt) {
        return vm.paging() ? spt.root(vm.ptbr(), vm.supervisor()) : spt.physicalRoot();
    }

    // ---------------------------------------------------------------------------------------
    // Translation on the guest's behalf, and faults.

    /** Spec section 3 under the vPSW: the segment, then the guest's walk (A and D set) or gpa = la. */
    @Override
    protected int translateGuest(Vm vm, int va, int access, Fault fault) {
        if (!vm.segmentAllows(va)) {
            return fault.set(SEGMENT, va, access);
        }
        int la = vm.vpswB() + va;
        if (!vm.paging()) {
            return Integer.compareUnsigned(la, vm.memsize()) < 0 ? la : fault.set(MEMORY, la, access);
        }
        if (!walker.walk(map(vm), vm.ptbr(), la, access, true)) {
            return fault.set(walker.faultCause, la, walker.faultDetail);
        }
        return Integer.compareUnsigned(walker.pa, vm.memsize()) < 0 ? walker.pa : fault.set(MEMORY, la, access);
    }

    /**
     * Hidden or true. SEGMENT faults are the guest's own (the hardware segment is the guest's);
     * a PAGE fault at {@code la} is hidden when the guest's translation succeeds: the shadow
     * entry is filled and the guest resumes. When tracing, a guest write that its tables allow
     * into a frame holding a guest page table cannot be given a writable entry: the store is
     * emulated and the shadows synced ({@link #emulateTracedStore}).
     */
    @Override
    protected boolean onFault(Vm vm, int cause, int value, int detail, Fault fault) {
        int access = (detail & (TrapCause.ACC_W | TrapCause.ACC_F)) | (vm.supervisor() ? 0 : TrapCause.ACC_U);
        VmmCounters counters = vm.counters();
        if (cause != PAGE) {
            if (cause == MEMORY) {
                shutdown(vm, String.format("VMM error: hardware MEMORY fault at 0x%08x under a shadow page table", value));
                return true;
            }
            trueFault(vm, "a SEGMENT fault is the guest's own (the hardware segment is the guest's)");
            fault.set(cause, value, access);
            return false;
        }
        int la = value;
        int gpa;
        ShadowPageTable spt = shadows(vm);
        if (!vm.paging()) {
            if (Integer.compareUnsigned(la, vm.memsize()) >= 0) {
                trueFault(vm, "guest-physical address beyond memsize");
                fault.set(MEMORY, la, access);
                return false;
            }
            gpa = la;
            if (!hidden(vm, la, gpa)) {
                return true;
            }
            spt.fill(spt.physicalRoot(), la, gpa >>> Pte.PAGE_SHIFT, true, -1);
        } else {
            if (!walker.walk(map(vm), vm.ptbr(), la, access, true)) {
                trueFault(vm, "the guest's tables refuse it");
                fault.set(walker.faultCause, la, walker.faultDetail);
                return false;
            }
            gpa = walker.pa;
            if (Integer.compareUnsigned(gpa, vm.memsize()) >= 0) {
                trueFault(vm, "the guest's tables map it beyond memsize");
                fault.set(MEMORY, la, access);
                return false;
            }
            if (!hidden(vm, la, gpa)) {
                return true;
            }
            boolean guestWritable = (walker.rights & Pte.W) != 0 && walker.dirty;
            int tableGfn = Pte.frameAddress(walker.pde) >>> Pte.PAGE_SHIFT;
            spt.fill(spt.root(vm.ptbr(), vm.supervisor()), la, gpa >>> Pte.PAGE_SHIFT, guestWritable, tableGfn);
        }
        if ((access & TrapCause.ACC_W) != 0 && trace && spt.traced(gpa >>> Pte.PAGE_SHIFT)) {
            emulateTracedStore(vm);
        }
        return true;
    }

    /** Counts a fault the guest must see, and tells observers why. */
    private void trueFault(Vm vm, String why) {
        vm.counters().count(VmmCounter.TRUE_FAULTS);
        if (observed()) {
            event(vm, VmmEvent.Kind.TRUE_FAULT, "true fault: " + why);
        }
    }

    /**
     * Counts a hidden fault, and guards against a VMM that would hide the same fault forever
     * (the one way a guest could otherwise hang the host without retiring). A repeat is the same
     * VM at the same PC and retired count: identical VMs run in lockstep by short slices fault
     * at the same (PC, retired) one after the other, and must not add up to a loop. A real loop
     * never retires, so its slice never ends and no other VM's fault comes between.
     */
    private boolean hidden(Vm vm, int la, int gpa) {
        vm.counters().count(VmmCounter.HIDDEN_FAULTS);
        if (observed()) {
            event(vm, VmmEvent.Kind.HIDDEN_FAULT, String.format("hidden fault filled: la=0x%08x -> gpa=0x%08x -> "
                    + "hpa=0x%08x", la, gpa, map(vm).hpa(gpa)));
        }
        if (vm == lastFaultVm && vm.vpswPc() == lastFaultPc && vm.retired() == lastFaultRetired) {
            if (++hiddenRepeats >= HIDDEN_FAULT_LOOP) {
                shutdown(vm, String.format("VMM error: the same hidden fault repeats at pc 0x%08x", vm.vpswPc()));
                return false;
            }
        } else {
            lastFaultVm = vm;
            lastFaultPc = vm.vpswPc();
            lastFaultRetired = vm.retired();
            hiddenRepeats = 0;
        }
        return true;
    }

    /**
     * Shadow-trace: the guest's store into one of its own page-table frames, which its tables
     * allow (the walk has set D), carried out by the VMM through the machine's semantics so that
     * the write reaches the frame through {@link ShadowGuestMemory}, which syncs the shadows
     * derived from the word. It retires as it would natively, and counts under {@code emulated}
     * (the cost of tracing is measured: it is the one innocuous instruction a mode emulates).
     */
    private void emulateTracedStore(Vm vm) {
        vm.counters().count(VmmCounter.PT_WRITES_EMULATED);
        if (observed()) {
            event(vm, VmmEvent.Kind.WRITE_PROTECT, "write-protect trap: a store into a traced guest page table");
        }
        interpret(vm);
    }
}
