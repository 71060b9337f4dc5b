package shadowvisor.machine.analysis;

/**
 * What executing one instruction in one state did: its {@link Result}, and, when it retired, the
 * changes it made to the system state (spec 8.1: M, P, I, B, L, {@code ptbr}, the timer, a
 * pending tick, the TLB, the devices), not counting the countdown every retired instruction
 * gives the timer nor the tick that countdown makes pending.
 *
 * @param result the result
 * @param change the system-state changes in one phrase ("M s -> u, I 0 -> 1"), or null for none
 */
record Outcome(Result result, String change) {
}
