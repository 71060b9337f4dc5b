package shadowvisor.machine.device;

/**
 * The port space of {@code in} and {@code out} (spec section 5): port 0 the console, port 1
 * power; other ports read 0 and ignore writes. A VM gets its own instance, so the VMM emulates
 * a guest's {@code in} and {@code out} with the same code the hardware runs.
 */
public final class Devices {
    public static final int CONSOLE = 0;
    public static final int POWER = 1;

    private final Console console;
    private boolean poweredOff;
    private int powerValue;

    public Devices(Console console) {
        this.console = console;
    }

    public Console console() {
        return console;
    }

    /** {@code in rd, port}: the value read. */
    public int in(int port) {
        return port == CONSOLE ? console.read() : 0;
    }

    /**
     * {@code out rs, port}.
     *
     * @return true when the write powered the machine off
     */
    public boolean out(int port, int value) {
        if (port == CONSOLE) {
            console.write(value);
        } else if (port == POWER) {
            poweredOff = true;
            powerValue = value;
            return true;
        }
        return false;
    }

    public boolean poweredOff() {
        return poweredOff;
    }

    /** The full 32-bit value written to the power port. */
    public int powerValue() {
        return powerValue;
    }
}
