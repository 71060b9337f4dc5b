package shadowvisor.machine;

/**
 * Receives one event per retired instruction and per trap while {@code --trace} is on. The CPU
 * runs one instruction per burst when a trace is attached, so the hot loop pays nothing when
 * none is.
 */
public interface CpuTrace {
    /**
     * An instruction retired.
     *
     * @param count the retired count including this one
     * @param pc    its address
     * @param word  the instruction word
     */
    void retired(long count, int pc, int word);

    /**
     * A trap was raised.
     *
     * @param savedPc   the PC saved for it
     * @param delivered true when delivered through the trap area, false when intercepted by a VMM
     */
    void trap(int cause, int value, int detail, int savedPc, boolean delivered);
}
