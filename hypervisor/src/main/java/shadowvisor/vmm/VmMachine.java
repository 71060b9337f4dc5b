package shadowvisor.vmm;

import java.util.Objects;
import shadowvisor.machine.CpuTrace;
import shadowvisor.machine.cpu.Machine;
import shadowvisor.machine.Psw;
import shadowvisor.machine.device.Devices;
import shadowvisor.machine.paging.Tlb;

/**
 * One VM of a {@link TrapAndEmulateVmm} seen from above as the {@link Machine} the physical CPU
 * also is, so that a VMM runs inside a VM of another (Popek and Goldberg's Theorem 2; the stacked
 * modes of spec 7.6, which {@code Runner} builds). Every part of the interface is the VM's own:
 * the vPSW, its registers, its virtual {@code ptbr}, timer and devices, its guest-physical
 * memory, and {@link #run}, which is
 * the VMM's dispatcher running this VM alone, emulating what a vm-supervisor executes as always.
 * The only thing added is the choice {@link Machine} offers: with trap interception off, traps
 * are reflected into the guest's trap area as the VMM does for any VM; with it on, each trap the
 * VMM would reflect comes back from {@code run} as {@link #EXIT_TRAP} with the values a delivery
 * would have written (spec 7.2: MEMORY for a min-caused SEGMENT, U from vPSW.M), the way the CPU
 * hands its traps to the VMM. The VMM's own exits (hidden faults, slice ends) never reach the
 * caller. Where the CPU goes on after a {@code halt} or a power-off, a VM that has ended stays
 * ended: {@code run} returns its end again without running.
 */
public final class VmMachine implements Machine {
    private final TrapAndEmulateVmm vmm;
    private final Vm vm;

    VmMachine(TrapAndEmulateVmm vmm, Vm vm) {
        this.vmm = vmm;
        this.vm = vm;
    }

    /** The VM this machine is. */
    public Vm vm() {
        return vm;
    }

    @Override
    public int run(long budget) {
        vmm.runAsMachine(vm, budget);
        if (vm.ended()) {
            return switch (vm.endKind()) {
                case HALT -> EXIT_HALT;
                case POWEROFF -> EXIT_POWEROFF;
                case SHUTDOWN -> EXIT_SHUTDOWN;
                case LIMIT -> EXIT_BUDGET;
            };
        }
        return vm.trapForCaller() ? EXIT_TRAP : EXIT_BUDGET;
    }

    @Override
    public long retired() {
        return vm.retired();
    }

    @Override
    public int trapCause() {
        return vm.callerCause();
    }

    @Override
    public int trapValue() {
        return vm.callerValue();
    }

    @Override
    public int trapDetail() {
        return vm.callerDetail();
    }

    @Override
    public String shutdownReason() {
        return vm.endReason();
    }

    @Override
    public void setTrapIntercept(boolean intercept) {
        vm.setInterceptTraps(intercept);
    }

    @Override
    public void setTrace(CpuTrace trace) {
        vm.setTrace(trace);
    }

    @Override
    public int register(int index) {
        return vm.savedRegisters()[index];
    }

    @Override
    public void setRegister(int index, int value) {
        if (index != 0) {
            vm.savedRegisters()[index] = value;
        }
    }

    @Override
    public Psw psw() {
        return vm.vpsw();
    }

    @Override
    public void setPsw(Psw psw) {
        vmm.loadVpsw(vm, psw.flags(), psw.b(), psw.l(), psw.pc());
    }

    @Override
    public void setPsw(int flags, int b, int l, int pc) {
        vmm.loadVpsw(vm, flags, b, l, pc);
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
    public int ptbr() {
        return vm.ptbr();
    }

    /** The virtual {@code ptbr}; the mode hears of it as of a guest's {@code mtcr ptbr}, which flushes the VM's TLB. */
    @Override
    public void setPtbr(int ptbr) {
        vm.setPtbr(ptbr);
        vmm.onPtbrWrite(vm);
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
    public boolean tickPending() {
        return vm.tickPending();
    }

    @Override
    public void invalidatePage(int la) {
        vmm.onInvlpg(vm, la);
    }

    @Override
    public void flushTlb() {
        vmm.onTlbFlush(vm);
    }

    /** memsize. */
    @Override
    public int memorySize() {
        return vm.memsize();
    }

    /** Guest-physical word {@code pa}. */
    @Override
    public int readPhysical(int pa) {
        return vm.memory().read(Objects.checkIndex(pa, vm.memsize()));
    }

    /** Writes guest-physical word {@code pa}, through the mode (a shadow mode syncs a traced page table). */
    @Override
    public void writePhysical(int pa, int word) {
        vm.memory().write(Objects.checkIndex(pa, vm.memsize()), word);
    }

    @Override
    public Devices devices() {
        return vm.devices();
    }

    /**
     * The TLB of the machine below, which translates every access the VM makes: a VMM on this
     * machine reports it per VM, as spec 7.4 asks of any VMM.
     */
    @Override
    public shadowvisor.machine.isa.Profile profile() {
        return vmm.profile();
    }

    @Override
    public Tlb tlb() {
        return vmm.machine().tlb();
    }
}
