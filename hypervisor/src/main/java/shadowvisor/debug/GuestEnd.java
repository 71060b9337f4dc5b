package shadowvisor.debug;

import shadowvisor.machine.ExitKind;

/**
 * How a debugged guest ended, as {@code run} reports it (spec section 9): the exit kind, the
 * full power-off value, and the reason of a shutdown.
 *
 * @param kind       poweroff, halt, shutdown or limit
 * @param powerValue the value written to the power port (meaningful only for poweroff)
 * @param reason     why it shut down, or null
 */
public record GuestEnd(ExitKind kind, int powerValue, String reason) {
    /** The process status {@code run} would exit with: the low 8 bits of the power-off value, 0, 124 or 125. */
    public int status() {
        return kind.status(powerValue);
    }
}
