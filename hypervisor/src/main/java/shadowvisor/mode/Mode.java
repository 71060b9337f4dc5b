package shadowvisor.mode;

/**
 * The kinds a mode is made of (spec section 9): the bare machine and the VMMs. A mode of
 * {@code run --mode} is one kind alone or a stack of VMM kinds ({@link ModeStack}, spec 7.6);
 * this enum names the kinds only, never their combinations.
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

    /**
     * Whether the VMM runs its VMs with paging on (P' = 1, spec 7.3): the shadow modes. The
     * machine below it must have paging, which the bare machine has and a VM of {@code segment}
     * or {@code hybrid} has not (spec 7.6).
     */
    public boolean runsVmsWithPaging() {
        return this == SHADOW_TRACE || this == SHADOW_VTLB;
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
