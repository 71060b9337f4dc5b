package shadowvisor.vmm.segment;

import shadowvisor.machine.Fault;
import shadowvisor.machine.cpu.Machine;
import shadowvisor.machine.Psw;
import shadowvisor.machine.TrapCause;
import shadowvisor.mode.Mode;
import shadowvisor.vmm.GuestMemory;
import shadowvisor.vmm.TrapAndEmulateVmm;
import shadowvisor.vmm.Vm;

/**
 * The VMM of Popek and Goldberg's paper ({@code run --mode segment}, spec section 7.2): each VM
 * is one contiguous host range {@code [addr0, addr0 + memsize)} above the VMM's own region, and
 * the relocation-bounds register alone keeps it there. On resume the hardware runs with
 *
 * <pre>
 *   M' = u   P' = 0   I' = 1   B' = addr0 + vPSW.B   PC' = vPSW.PC
 *   L' = min(vPSW.L, memsize - vPSW.B)        (0 when vPSW.B &gt;= memsize)
 * </pre>
 *
 * so no virtual address reaches past {@code addr0 + memsize}. The {@code min} makes hardware
 * SEGMENT faults where the native machine, whose segment may reach past the end of memory,
 * raises MEMORY: those are converted back ({@link #onFault}). The mode has no hidden faults and
 * no paging: a guest that turns P on is shut down and pointed at the shadow-paging modes.
 */
public class SegmentVmm extends TrapAndEmulateVmm {
    private static final int SEGMENT = TrapCause.SEGMENT.code(), MEMORY = TrapCause.MEMORY.code();

    /** The allocator's next free host address: VMs are laid out one after another above the VMM's region. */
    private int nextAddr0 = VMM_WORDS;

    public SegmentVmm(Machine machine) {
        this(machine, DEFAULT_SLICE);
    }

    public SegmentVmm(Machine machine, int sliceLength) {
        super(machine, sliceLength);
    }

    /**
     * The host memory that VMs of these sizes need: the VMM's region, then each VM's range.
     *
     * @throws IllegalArgumentException when that is more than a host can have
     */
    public static int hostWords(int... memsizes) {
        long words = VMM_WORDS;
        for (int m : memsizes) {
            words += Math.max(m, 0);
        }
        if (words > MAX_HOST_WORDS) {
            throw new IllegalArgumentException(String.format("%d VMs of these sizes need %d words of host memory "
                    + "(with the VMM's %d); a host has at most %d: give them less --mem", memsizes.length, words,
                    VMM_WORDS, MAX_HOST_WORDS));
        }
        return (int) words;
    }

    @Override
    public Mode mode() {
        return Mode.SEGMENT;
    }

    @Override
    protected GuestMemory allocate(int memsize) {
        long end = (long) nextAddr0 + memsize;
        if (end > machine().memorySize()) {
            throw new IllegalArgumentException(String.format("no room for a VM of %d words: host memory has %d words, "
                    + "%d in use", memsize, machine().memorySize(), nextAddr0));
        }
        ContiguousGuestMemory memory = new ContiguousGuestMemory(machine(), nextAddr0, memsize);
        nextAddr0 = (int) end;
        return memory;
    }

    private static int addr0(Vm vm) {
        return ((ContiguousGuestMemory) vm.memory()).addr0();
    }

    /** The resume formula of the paper, as in the class comment. */
    @Override
    protected void loadHardwarePsw(Vm vm) {
        int memsize = vm.memsize();
        int b = vm.vpswB();
        int l = Integer.compareUnsigned(b, memsize) >= 0 ? 0 : minUnsigned(vm.vpswL(), memsize - b);
        machine().setPsw(Psw.I, addr0(vm) + b, l, vm.vpswPc());
    }

    private static int minUnsigned(int x, int y) {
        return Integer.compareUnsigned(x, y) <= 0 ? x : y;
    }

    /** Spec section 3 with P = 0: the guest's segment check, then {@code la < memsize}; gpa = la. */
    @Override
    protected int translateGuest(Vm vm, int va, int access, Fault fault) {
        if (!vm.segmentAllows(va)) {
            return fault.set(SEGMENT, va, access);
        }
        int la = vm.vpswB() + va;
        if (Integer.compareUnsigned(la, vm.memsize()) >= 0) {
            return fault.set(MEMORY, la, access);
        }
        return la;
    }

    /**
     * Every fault is true here; only its form may change. The detail's U bit is the guest's
     * mode (vPSW.M), not the hardware's M' = u. A SEGMENT fault at an address the guest's own
     * segment allows exists only because of the {@code min} of the resume formula: natively
     * {@code la = vPSW.B + va} passes the segment and lies past memsize, a MEMORY fault.
     */
    @Override
    protected boolean onFault(Vm vm, int cause, int value, int detail, Fault fault) {
        int access = (detail & ~TrapCause.ACC_U) | (vm.supervisor() ? 0 : TrapCause.ACC_U);
        if (cause == SEGMENT && vm.segmentAllows(value)) {
            int la = vm.vpswB() + value;
            if (Integer.compareUnsigned(la, vm.memsize()) < 0) {
                // The hardware segment covers every such address: this exit cannot be the guest's.
                shutdown(vm, String.format("VMM error: hardware SEGMENT fault at va 0x%08x, which the guest's segment "
                        + "maps inside its memory", value));
                return true;
            }
            fault.set(MEMORY, la, access);
            return false;
        }
        fault.set(cause, value, access);
        return false;
    }

    /** The paper's machine has no paging: a guest that turns it on is sent to the shadow-paging modes. */
    @Override
    protected boolean onPswLoad(Vm vm, Psw next, boolean delivery) {
        if (!next.paging()) {
            return true;
        }
        shutdown(vm, String.format("the guest turns paging on (P = 1 %s, at pc 0x%08x), which mode segment cannot run; "
                + "run it with --mode shadow-trace or --mode shadow-vtlb", delivery
                        ? "in the trap handler's PSW that a trap delivery loads from MEM[1]" : "by lpsw",
                vm.vpswPc()));
        return false;
    }
}
