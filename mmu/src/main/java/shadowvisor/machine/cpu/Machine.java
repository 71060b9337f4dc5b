package shadowvisor.machine.cpu;

import shadowvisor.machine.CpuTrace;
import shadowvisor.machine.Psw;
import shadowvisor.machine.device.Devices;

/**
 * The one interface of a machine that software above it drives: the physical CPU provides it,
 * and so can a virtual machine, which is what lets a VMM run inside a VM (Popek and Goldberg's
 * Theorem 2). A VMM is written against this interface only, never against the CPU class.
 *
 * <p>{@link #run} executes until something needs the caller. With trap interception off (a bare
 * machine running a guest natively) traps are delivered through the trap area as spec section 4
 * says and {@code run} returns only at halt, power-off, shutdown or the end of the budget. With
 * interception on (a VMM below the guest) every trap is returned as {@link #EXIT_TRAP} with the
 * PSW's PC at the saved PC, and nothing is written to the trap area: the VMM decides what the
 * guest sees.
 */
public interface Machine {
    /** {@link #run} retired its whole budget. */
    int EXIT_BUDGET = 0;
    /** {@link #run} stopped on an intercepted trap: see {@link #trapCause}, {@link #trapValue}, {@link #trapDetail}. */
    int EXIT_TRAP = 1;
    /** A {@code halt} retired. */
    int EXIT_HALT = 2;
    /** An {@code out} to the power port retired: see {@link Devices#powerValue}. */
    int EXIT_POWEROFF = 3;
    /** A double fault shut the machine down: see {@link #shutdownReason}. */
    int EXIT_SHUTDOWN = 4;
    /**
     * With trap interception on, a user-mode instruction that the profile made innocuous would
     * act on this machine itself ({@code lpsw}, {@code mtcr}, {@code out}, {@code in},
     * {@code halt}): it was stopped before it acted, its word in {@link #trapValue}, and the PC
     * still at it. A VMM cannot let a guest do that to the host (spec section 8).
     */
    int EXIT_HOST_ACTION = 5;
    /**
     * A trap was delivered through the trap area and the PSW is now the one loaded from
     * {@code MEM[1]}, before the handler's first instruction: returned only by a CPU asked to stop
     * there ({@code Cpu.setStopAfterDelivery}), which is how a debugger single-steps into a trap
     * handler. Nothing else ever sees it.
     */
    int EXIT_DELIVERED = 6;

    /**
     * Runs until at most {@code budget} more instructions have retired, or an exit.
     *
     * @return one of the {@code EXIT_} codes
     */
    int run(long budget);

    /** Instructions retired since power-on. */
    long retired();

    /** Cause code of the last intercepted trap (a {@link TrapCause#code()}). */
    int trapCause();

    /** Value word of the last intercepted trap. */
    int trapValue();

    /** Detail word of the last intercepted trap. */
    int trapDetail();

    /** Why the machine shut down, after {@link #EXIT_SHUTDOWN}. */
    String shutdownReason();

    /** Whether traps exit to the caller instead of being delivered through the trap area. */
    void setTrapIntercept(boolean intercept);

    /**
     * Traces every instruction this machine retires and every trap it raises, numbered by its own
     * retired count (null detaches). A VM traces its guest's instructions: those the hardware ran
     * for it and those its VMM emulated.
     */
    void setTrace(CpuTrace trace);

    int register(int index);

    /** Writes a register; writes to r0 are discarded. */
    void setRegister(int index, int value);

    Psw psw();

    /** Loads the whole PSW (reserved flag bits are ignored). */
    void setPsw(Psw psw);

    /** Loads the whole PSW from its four words (reserved flag bits are ignored), allocating nothing: a VMM's resume path. */
    void setPsw(int flags, int b, int l, int pc);

    /** The PC of the current PSW (after an intercepted trap, the saved PC). */
    int pc();

    /** Sets only the PC of the current PSW. */
    void setPc(int pc);

    /** Control register 0 ({@code ptbr}). */
    int ptbr();

    /** Sets {@code ptbr} and flushes the TLB, as {@code mtcr ptbr} does. */
    void setPtbr(int ptbr);

    /** Control register 1: the remaining interval-timer count (unsigned). */
    int timer();

    /** Sets the timer count and clears a pending tick, as {@code mtcr timer} does. */
    void setTimer(int count);

    /** Whether a timer tick is pending. */
    boolean tickPending();

    /** Drops the TLB entry for linear address {@code la}, as {@code invlpg} does. */
    void invalidatePage(int la);

    /** Drops every TLB entry, as {@code tlbflush} does. */
    void flushTlb();

    /** Physical memory size in words. */
    int memorySize();

    int readPhysical(int pa);

    void writePhysical(int pa, int word);

    /** The machine's device ports. */
    Devices devices();

    /** The instruction table this machine runs (spec section 8). */
    shadowvisor.machine.isa.Profile profile();

    /** The TLB, for its counters. */
    shadowvisor.machine.paging.Tlb tlb();
}
