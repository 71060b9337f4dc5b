package shadowvisor.debug;

import shadowvisor.machine.Psw;
import shadowvisor.machine.device.Console;
import shadowvisor.machine.isa.Profile;
import shadowvisor.machine.memory.PhysicalView;
import shadowvisor.machine.paging.Tlb;

/**
 * One guest as the debugger sees it: the bare machine ({@link NativeTarget}) or one VM of a VMM
 * ({@link VmTarget}). Everything here is the guest's own view (its PSW, registers, control
 * registers and guest-physical memory, as the native machine would hold them), so that one
 * debugger session reads alike in every mode; what only a VMM has is on {@link VmTarget}.
 */
public interface DebugTarget {
    /** {@code native}, or {@code vmN} for VM N of a VMM. */
    String name();

    /** Retired guest instructions, emulated and interpreted ones included. */
    long retired();

    /**
     * Runs the guest until {@code budget} more instructions have retired, it ends, an observer
     * asks it to stop ({@link #requestStop}), or, with {@code stopAtDelivery}, a trap has been
     * delivered into the guest's own handler (the PSW is then the one loaded from {@code MEM[1]}).
     * A guest that has ended does not run.
     */
    RunOutcome run(long budget, boolean stopAtDelivery);

    /** Asks a run in progress to return at the VMM's next decision point; the bare machine has none to ask. */
    void requestStop();

    /** How the guest ended, or null while it can run. */
    GuestEnd end();

    /** Register {@code index} (r0 reads 0). */
    int register(int index);

    /** The guest's PSW: the CPU's natively, the vPSW under a VMM. */
    Psw psw();

    /** The guest's {@code ptbr} (cr0). */
    int ptbr();

    /** The guest's interval timer count (cr1). */
    int timer();

    /** Whether the guest has a timer tick pending. */
    boolean tickPending();

    /** The guest's physical memory (guest-physical under a VMM), for reading without side effects. */
    PhysicalView memory();

    /** The instruction table the guest runs. */
    Profile profile();

    /** Traps delivered into the guest's own handler, indexed by cause code. */
    long[] traps();

    /** The guest's console (its output so far, and the live sink). */
    Console console();

    /** The hardware TLB: the guest's own natively, the host's (caching shadow or host translations) under a VMM. */
    Tlb hardwareTlb();

    /**
     * How the guest would translate {@code va} now, in its current mode and for a read, without
     * setting an A or D bit.
     */
    default GuestTranslation translate(int va) {
        return translate(va, psw().supervisor() ? 0 : shadowvisor.machine.TrapCause.ACC_U);
    }

    /** How the guest would translate {@code va} for an access with these detail bits, without side effects. */
    default GuestTranslation translate(int va, int access) {
        return GuestTranslation.probe(memory(), psw(), ptbr(), profile(), va, access);
    }
}
