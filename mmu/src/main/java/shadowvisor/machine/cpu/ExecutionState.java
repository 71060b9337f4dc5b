package shadowvisor.machine.cpu;

/**
 * The state an instruction executes against, as {@link Semantics} sees it: the physical
 * machine's (the CPU's slow path) or a VM's (a VMM emulating or interpreting for its guest:
 * the vPSW, the VM's registers, its virtual {@code ptbr}, timer and devices, and its
 * guest-physical memory reached through the VM's own translation). The semantics never know
 * which, which is how one piece of code serves the CPU, every VMM and the analyzer.
 */
public interface ExecutionState {
    int register(int index);

    /** Writes a register; writes to r0 are discarded. */
    void setRegister(int index, int value);

    /** The PSW's flags word (M, P, I). */
    int pswFlags();

    int pswB();

    int pswL();

    int pc();

    void setPc(int pc);

    /**
     * Loads the whole PSW ({@code lpsw}, or a profile instruction that changes M or I).
     *
     * @return false when the owner refused the PSW and has already ended the run: then nothing
     *         of the instruction takes effect
     */
    boolean loadPsw(int flags, int b, int l, int pc);

    int ptbr();

    /** {@code mtcr ptbr}: sets ptbr and flushes the TLB. */
    void setPtbr(int value);

    int timer();

    /** {@code mtcr timer}: sets the count and clears a pending tick. */
    void setTimer(int count);

    void invalidatePage(int la);

    void flushTlb();

    /** {@code in}: the byte or word read from a port. */
    int in(int port);

    /** {@code out}; true when it powered the machine off. */
    boolean out(int port, int value);

    /**
     * Translates {@code va} under the current PSW for one access (spec section 3, and the
     * {@code kseg} window of section 8 when the profile has it).
     *
     * @param access the detail bits W, U, F of the access
     * @return the physical (or guest-physical) address, or -1 after filling {@link #fault()}
     */
    int translate(int va, int access);

    /** The fault of the last failed {@link #translate}. */
    shadowvisor.machine.Fault fault();

    int read(int pa);

    void write(int pa, int word);

    /**
     * Whether this state is a host that runs other software's code in its user mode (the CPU
     * under a VMM): then an instruction that acts on the machine and that the profile made
     * innocuous must be stopped before it acts (spec section 8, "Under a VMM").
     */
    boolean guardsHost();
}
