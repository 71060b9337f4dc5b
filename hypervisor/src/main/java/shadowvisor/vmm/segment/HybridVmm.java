package shadowvisor.vmm.segment;

import shadowvisor.machine.cpu.Machine;
import shadowvisor.mode.Mode;
import shadowvisor.result.VmmCounter;
import shadowvisor.vmm.Vm;

/**
 * Popek and Goldberg's hybrid VMM ({@code run --mode hybrid}, spec section 7.5; Theorem 3): the
 * {@link SegmentVmm} in every respect (allocation, resume formula, reflection, the SEGMENT to
 * MEMORY conversion, the refusal of P = 1) with one change: while vPSW.M = s the hardware is
 * never resumed, and the VM's instructions are interpreted one at a time by the machine's own
 * semantics against the VM. vm-user code runs directly, as under {@code segment}.
 *
 * <p>So a vm-supervisor instruction that is sensitive but not privileged (the PDP-10's JRST 1,
 * x86's POPF) cannot escape the VMM, and a {@code kseg} access costs no exit: the hybrid VMM is
 * equivalent whenever every user-sensitive instruction is privileged, at the price of
 * interpreting the kernel ({@code vmm.interpreted}).
 */
public final class HybridVmm extends SegmentVmm {
    public HybridVmm(Machine machine) {
        this(machine, DEFAULT_SLICE);
    }

    public HybridVmm(Machine machine, int sliceLength) {
        super(machine, sliceLength);
    }

    @Override
    public Mode mode() {
        return Mode.HYBRID;
    }

    @Override
    protected boolean interpretsSupervisor() {
        return true;
    }

    @Override
    protected void onVmCreated(Vm vm) {
        vm.counters().declare(VmmCounter.INTERPRETED);
    }
}
