package shadowvisor.debug;

/** How one run of a debugged guest ({@link DebugTarget#run}) returned. */
public enum RunOutcome {
    /** The whole budget of guest instructions retired. */
    BUDGET,
    /** A trap was delivered into the guest's own handler (only when asked to stop there). */
    DELIVERED,
    /** An observer asked the VMM to stop at its next decision point (a break on a VMM event). */
    STOPPED,
    /** The guest has ended: see {@link DebugTarget#end}. */
    ENDED
}
