package shadowvisor.machine;

/**
 * How a run ended (spec section 9, {@code exit.kind}), with the process exit status that goes
 * with it when the kind alone decides it.
 */
public enum ExitKind {
    POWEROFF("poweroff"), HALT("halt"), SHUTDOWN("shutdown"), LIMIT("limit");

    private final String jsonName;

    ExitKind(String jsonName) {
        this.jsonName = jsonName;
    }

    /** The name in {@code --json}. */
    public String jsonName() {
        return jsonName;
    }

    /** The process exit status for a run that ended this way; {@code powerValue} matters only for POWEROFF. */
    public int status(int powerValue) {
        return switch (this) {
            case POWEROFF -> powerValue & 0xFF;
            case HALT -> 0;
            case LIMIT -> 124;
            case SHUTDOWN -> 125;
        };
    }
}
