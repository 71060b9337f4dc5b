package shadowvisor.run;

/**
 * The execution modes of {@code run --mode} (spec section 9): the bare machine and the VMMs.
 */
public enum Mode {
    NATIVE("native"), SEGMENT("segment"), HYBRID("hybrid"), SHADOW_TRACE("shadow-trace"), SHADOW_VTLB("shadow-vtlb");

    private final String cliName;

    Mode(String cliName) {
        this.cliName = cliName;
    }

    /** The name on the command line and in {@code --json}. */
    public String cliName() {
        return cliName;
    }

    /** Whether the guest kernel runs under a VMM (every mode but native). */
    public boolean virtualized() {
        return this != NATIVE;
    }

    /** Whether the mode supports guests that turn paging on. */
    public boolean supportsGuestPaging() {
        return this == NATIVE || this == SHADOW_TRACE || this == SHADOW_VTLB;
    }

    /** The mode named {@code name}, or null. */
    public static Mode byName(String name) {
        for (Mode m : values()) {
            if (m.cliName.equals(name)) {
                return m;
            }
        }
        return null;
    }
}
