package shadowvisor.suite.access;

import static shadowvisor.suite.access.Combination.A;
import static shadowvisor.suite.access.Combination.D;
import static shadowvisor.suite.access.Combination.P;
import static shadowvisor.suite.access.Combination.U;
import static shadowvisor.suite.access.Combination.W;

import java.util.LinkedHashSet;
import java.util.Set;
import shadowvisor.suite.access.Combination.Kind;
import shadowvisor.suite.access.Combination.TlbState;

/**
 * The suite's oracle: spec sections 3.1 (the walk, rights, A and D) and 3.3 (the TLB) written
 * again from the text, on purpose without the production walker
 * ({@code shadowvisor.machine.paging.PageWalker}), so that a bug there cannot hide in both.
 *
 * <p>A cold access walks the entries as the guest wrote them; exactly one outcome is allowed.
 * A warm access follows a translation cached by an earlier supervisor read or write through
 * entries with every right, the entries then rewritten without a flush. Spec 3.3 lets such an
 * access use "either the old or the new translation", so the model allows exactly two:
 * <ul>
 *   <li>the new one: the walk of the entries as they are now, as a cold access;
 *   <li>the old one: the cached entry (every right; D as the earlier access left it) serves the
 *       access with no walk, so nothing traps and no A or D changes, except that "a write
 *       through a cached translation whose D is clear re-walks and sets D": a write after a
 *       warm read is the new translation's outcome alone.
 * </ul>
 */
public final class AccessModel {
    /** The linear address of the page the probes access: directory index 1, table index 0. */
    public static final int TEST_LA = 1 << 20;
    /** The word of that page that reads and writes access (the fetch runs word 0). */
    public static final int DATA_OFFSET = 8;

    private AccessModel() {
    }

    /** Every outcome spec 3.1 and 3.3 allow for {@code c}, the new translation's first. */
    public static Set<Outcome> allowed(Combination c) {
        Set<Outcome> allowed = new LinkedHashSet<>();
        Outcome walked = walk(c);
        allowed.add(walked);
        if (c.tlb() != TlbState.COLD) {
            boolean cleanWrite = c.kind() == Kind.WRITE && c.tlb() == TlbState.WARM_READ;
            allowed.add(cleanWrite ? walked : success(c, c.pde(), c.pte()));
        }
        return allowed;
    }

    /** The walk of spec 3.1 over the combination's entries: the one outcome of a cold access. */
    public static Outcome walk(Combination c) {
        boolean write = c.kind() == Kind.WRITE;
        int access = (write ? Outcome.ACC_W : 0) | (c.user() ? Outcome.ACC_U : 0)
                | (c.kind() == Kind.FETCH ? Outcome.ACC_F : 0);
        int la = c.kind() == Kind.FETCH ? TEST_LA : TEST_LA + DATA_OFFSET;
        // Not present at either level: PAGE, detail without P; a failed walk sets nothing.
        if ((c.pde() & P) == 0 || (c.pte() & P) == 0) {
            return new Outcome(Outcome.PAGE, la, access, c.pde(), c.pte());
        }
        // Effective rights are the AND of both levels; a user access needs U, a write needs W
        // in either mode; a violation is PAGE with detail P, and sets nothing either.
        int rights = c.pde() & c.pte() & (U | W);
        if ((c.user() && (rights & U) == 0) || (write && (rights & W) == 0)) {
            return new Outcome(Outcome.PAGE, la, access | Outcome.ACC_P, c.pde(), c.pte());
        }
        // Success: A in both entries, D in the PTE on a write.
        return success(c, c.pde() | A, c.pte() | A | (write ? D : 0));
    }

    /** The access did not trap: the probe's own svc follows (svc 1 lives on the fetched page). */
    private static Outcome success(Combination c, int pde, int pte) {
        return new Outcome(Outcome.SVC, c.kind() == Kind.FETCH ? 1 : 0, 0, pde, pte);
    }
}
