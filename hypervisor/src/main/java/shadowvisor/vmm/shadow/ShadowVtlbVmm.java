package shadowvisor.vmm.shadow;

import shadowvisor.machine.cpu.Machine;
import shadowvisor.mode.Mode;
import shadowvisor.vmm.Vm;
import shadowvisor.result.VmmCounter;
import shadowvisor.vmm.VmmEvent;

/**
 * {@code run --mode shadow-vtlb} (spec section 7.3): the shadows are a large virtual TLB. Guest
 * page-table writes go straight to guest memory, unseen, and shadows are synced only where the
 * native machine's TLB would be: {@code invlpg} drops one translation, {@code tlbflush} and
 * {@code mtcr ptbr} drop every shadow of the paging guest (the physical root, which depends on
 * nothing the guest can change, stays). All three are privileged, so they trap to the VMM.
 */
public final class ShadowVtlbVmm extends ShadowVmm {
    /** Roots alive at once: the current address space in both roles. */
    public static final int ROOT_CACHE = 2;

    public ShadowVtlbVmm(Machine machine, int sliceLength, long seed) {
        super(machine, sliceLength, false, ROOT_CACHE, seed);
    }

    @Override
    public Mode mode() {
        return Mode.SHADOW_VTLB;
    }

    @Override
    protected void onPtbrWrite(Vm vm) {
        sync(vm, "the guest wrote ptbr: every shadow of the paging guest dropped");
        shadows(vm).dropAll();
    }

    @Override
    protected void onInvlpg(Vm vm, int la) {
        sync(vm, String.format("invlpg la=0x%08x: its shadow entries dropped", la));
        shadows(vm).invalidate(la);
    }

    @Override
    protected void onTlbFlush(Vm vm) {
        sync(vm, "tlbflush: every shadow of the paging guest dropped");
        shadows(vm).dropAll();
    }

    private void sync(Vm vm, String what) {
        vm.counters().count(VmmCounter.SYNCS);
        if (observed()) {
            event(vm, VmmEvent.Kind.SHADOW_SYNC, "shadow synced: " + what);
        }
    }
}
