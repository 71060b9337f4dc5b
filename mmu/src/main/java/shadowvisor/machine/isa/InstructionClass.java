package shadowvisor.machine.isa;

/**
 * Popek and Goldberg's classification of an instruction within a profile (spec section 2).
 * In the base profile {@code pg} every sensitive instruction is {@link #PRIVILEGED}, which is
 * what makes the machine virtualizable by trap-and-emulate (Theorem 1).
 */
public enum InstructionClass {
    /** Behaves the same in either mode and touches no sensitive state. */
    INNOCUOUS,
    /** Always traps ({@code svc}). */
    TRAP,
    /** Executes in supervisor mode, traps PRIVILEGED in user mode. */
    PRIVILEGED
}
