package shadowvisor.suite.access;

import java.util.List;
import shadowvisor.suite.SuiteOutcome.Status;

/**
 * The verdict on one {@link AccessGroup}: ok when every combination's observed outcome is one
 * the model allows and the guest ended cleanly.
 *
 * @param group       the group
 * @param status      ok, not ok, or skipped (the mode is not available)
 * @param checked     how many combinations were compared with the model
 * @param failing     the combinations whose outcome the model does not allow
 * @param diagnostics the reasons, one line each, as TAP prints them after {@code #}
 */
public record AccessOutcome(AccessGroup group, Status status, int checked, List<Combination> failing,
                            List<String> diagnostics) {
    public AccessOutcome {
        failing = List.copyOf(failing);
        diagnostics = List.copyOf(diagnostics);
    }

    public boolean ok() {
        return status == Status.OK;
    }
}
