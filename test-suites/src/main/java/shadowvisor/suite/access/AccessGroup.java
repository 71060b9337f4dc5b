package shadowvisor.suite.access;

import java.util.List;
import shadowvisor.mode.ModeStack;
import shadowvisor.suite.access.Combination.Kind;

/**
 * One TAP line of the access suite: the combinations of one access kind and CPU mode, run in one
 * mode (16 PDEs x 32 PTEs x 3 TLB states = 1536).
 *
 * @param mode the mode the guest runs in: native or a VMM (or stack) that runs paging guests
 * @param kind read, write or fetch
 * @param user whether the accesses are made in user mode
 */
public record AccessGroup(ModeStack mode, Kind kind, boolean user) {

    /** The name {@code --filter} matches: {@code access-write-user}, {@code access-fetch-supervisor}. */
    public String testName() {
        return "access-" + kind.label() + "-" + cpuMode();
    }

    /** {@code supervisor} or {@code user}. */
    public String cpuMode() {
        return user ? "user" : "supervisor";
    }

    /** The group's combinations, in the order the guest runs them. */
    public List<Combination> combinations() {
        return Combination.all(kind, user);
    }

    /** The TAP description: {@code access: shadow-vtlb write user (1536 combinations)}. */
    public String title() {
        return "access: " + mode.cliName() + " " + kind.label() + " " + cpuMode() + " (" + combinations().size()
                + " combinations)";
    }

    @Override
    public String toString() {
        return title();
    }
}
