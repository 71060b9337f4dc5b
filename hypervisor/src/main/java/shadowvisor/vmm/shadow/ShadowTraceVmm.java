package shadowvisor.vmm.shadow;

import shadowvisor.machine.cpu.Machine;
import shadowvisor.mode.Mode;

/**
 * {@code run --mode shadow-trace} (spec section 7.3): the guest frames that hold its page
 * directories and tables are write-protected in every shadow, each guest write to them is
 * emulated and the shadow entries derived from the written word dropped, so the shadows stay
 * coherent with the guest's tables at all times. Coherent shadows outlive a {@code mtcr ptbr}:
 * roots are cached by guest page directory and role, and a guest that switches back to an
 * address space finds its shadow built. {@code invlpg} and {@code tlbflush} have nothing to do:
 * a shadow entry exists only while the guest entry it came from is unchanged and has A (and D,
 * when writable) set, so the walk that the native machine would make after a flush could not
 * change anything.
 */
public final class ShadowTraceVmm extends ShadowVmm {
    /** Roots cached per VM: eight address spaces in both roles. */
    public static final int ROOT_CACHE = 16;

    public ShadowTraceVmm(Machine machine, int sliceLength, long seed) {
        super(machine, sliceLength, true, ROOT_CACHE, seed);
    }

    @Override
    public Mode mode() {
        return Mode.SHADOW_TRACE;
    }
}
