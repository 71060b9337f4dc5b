package shadowvisor.vmm.shadow;

import shadowvisor.machine.Machine;
import shadowvisor.run.Mode;
import shadowvisor.vmm.Vm;
import shadowvisor.vmm.VmmCounter;

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
        sync(vm);
        shadows(vm).dropAll();
    }

    @Override
    protected void onInvlpg(Vm vm, int la) {
        sync(vm);
        shadows(vm).invalidate(la);
    }

    @Override
    protected void onTlbFlush(Vm vm) {
        sync(vm);
        shadows(vm).dropAll();
    }

    private static void sync(Vm vm) {
        vm.counters().count(VmmCounter.SYNCS);
    }
}
