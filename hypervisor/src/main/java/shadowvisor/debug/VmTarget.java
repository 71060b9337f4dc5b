package shadowvisor.debug;

import java.util.List;
import shadowvisor.machine.cpu.Machine;
import shadowvisor.machine.Psw;
import shadowvisor.machine.device.Console;
import shadowvisor.machine.isa.Profile;
import shadowvisor.machine.memory.PhysicalView;
import shadowvisor.machine.paging.Tlb;
import shadowvisor.run.PreparedRun;
import shadowvisor.result.VmmLevel;
import shadowvisor.vmm.TrapAndEmulateVmm;
import shadowvisor.vmm.Vm;
import shadowvisor.vmm.VmMachine;
import shadowvisor.vmm.VmmEvent;

/**
 * One guest VM of a VMM, alone or innermost in a stack, driven through its {@link VmMachine}
 * with trap interception off, so that every trap is reflected into the guest as under {@code
 * run}: {@code run(budget)} is the VMM's own dispatcher running this VM alone until that many
 * more guest instructions have retired, emulated and interpreted ones included. A stop at a
 * delivery or at an event is the VMM's: told of a reflection or a matching event, the debugger
 * asks the VM to stop ({@link Vm#requestStop}) and the dispatcher returns at its next decision
 * point, after the exit at hand is handled.
 */
public final class VmTarget implements DebugTarget {
    private final PreparedRun run;
    private final Vm vm;
    private final VmMachine machine;
    /** Whether the current run stops at the next reflection into this VM, and whether one came. */
    private boolean stopAtDelivery;
    private boolean delivered;
    private boolean stopRequested;

    VmTarget(PreparedRun run, Vm vm) {
        this.run = run;
        this.vm = vm;
        this.machine = run.vmm().asMachine(vm);
    }

    /** The VM. */
    public Vm vm() {
        return vm;
    }

    /** The innermost VMM, which runs this VM. */
    public TrapAndEmulateVmm vmm() {
        return run.vmm();
    }

    /** The mode and its levels. */
    public PreparedRun preparedRun() {
        return run;
    }

    /** The machine the VMM runs this VM on: the host CPU, or under a stack the VM of the level below. */
    public Machine hardware() {
        return run.vmm().hardware();
    }

    /** Every level's counters for this guest, innermost first (one level for a VMM alone). */
    public List<VmmLevel> levels() {
        return run.levels(vm);
    }

    @Override
    public String name() {
        return "vm" + vm.id();
    }

    @Override
    public long retired() {
        return vm.retired();
    }

    @Override
    public RunOutcome run(long budget, boolean stopAtDelivery) {
        if (vm.ended()) {
            return RunOutcome.ENDED;
        }
        this.stopAtDelivery = stopAtDelivery;
        delivered = false;
        stopRequested = false;
        long before = vm.retired();
        machine.run(budget);
        this.stopAtDelivery = false;
        vm.devices().console().flush();
        if (vm.ended()) {
            return RunOutcome.ENDED;
        }
        if (delivered) {
            return RunOutcome.DELIVERED;
        }
        return stopRequested && vm.retired() - before < budget ? RunOutcome.STOPPED : RunOutcome.BUDGET;
    }

    /**
     * Hears one of the VMM's decisions while this VM runs: a reflection into it ends a run that
     * stops at deliveries (the vPSW is then the handler's, exactly where the bare machine stops).
     */
    void heard(VmmEvent event) {
        if (stopAtDelivery && event.kind() == VmmEvent.Kind.REFLECT && event.level() == 1 && event.vm() == vm.id()) {
            delivered = true;
            vm.requestStop();
        }
    }

    @Override
    public void requestStop() {
        stopRequested = true;
        vm.requestStop();
    }

    @Override
    public GuestEnd end() {
        return vm.ended() ? new GuestEnd(vm.endKind(), vm.devices().powerValue(), vm.endReason()) : null;
    }

    @Override
    public int register(int index) {
        return machine.register(index);
    }

    @Override
    public Psw psw() {
        return vm.vpsw();
    }

    @Override
    public int ptbr() {
        return vm.ptbr();
    }

    @Override
    public int timer() {
        return vm.timer();
    }

    @Override
    public boolean tickPending() {
        return vm.tickPending();
    }

    @Override
    public PhysicalView memory() {
        return vm.memory();
    }

    @Override
    public Profile profile() {
        return run.vmm().profile();
    }

    @Override
    public long[] traps() {
        return vm.traps();
    }

    @Override
    public Console console() {
        return vm.devices().console();
    }

    @Override
    public Tlb hardwareTlb() {
        return hardware().tlb();
    }
}
