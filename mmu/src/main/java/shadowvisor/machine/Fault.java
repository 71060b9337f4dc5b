package shadowvisor.machine;

/**
 * A fault as software must see it: the cause, value and detail that the machine writes to
 * words 8..10 of the trap area. A translation that fails fills one, and so does a VMM deciding
 * what its guest sees; the owner keeps one instance and lends it, so a fault allocates nothing.
 */
public final class Fault {
    private int cause;
    private int value;
    private int detail;

    /** Records the fault; returns -1, the "no address" result of a failed translation. */
    public int set(int cause, int value, int detail) {
        this.cause = cause;
        this.value = value;
        this.detail = detail;
        return -1;
    }

    /** A {@link TrapCause#code()}. */
    public int cause() {
        return cause;
    }

    public int value() {
        return value;
    }

    public int detail() {
        return detail;
    }

    @Override
    public String toString() {
        return String.format("%s(value 0x%08x, detail %d)", TrapCause.of(cause), value, detail);
    }
}
