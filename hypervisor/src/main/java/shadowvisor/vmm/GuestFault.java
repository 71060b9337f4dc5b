package shadowvisor.vmm;

import shadowvisor.machine.TrapCause;

/**
 * A fault as the guest must see it: the cause, value and detail that the native machine would
 * write to words 8..10 of the guest's trap area. The VMM owns one instance and lends it to the
 * hooks that decide a fault ({@code onFault}) or translate a guest address ({@code
 * translateGuest}), so deciding a fault allocates nothing.
 */
public final class GuestFault {
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
