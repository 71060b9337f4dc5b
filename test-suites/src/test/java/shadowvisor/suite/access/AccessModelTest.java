package shadowvisor.suite.access;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static shadowvisor.suite.access.Combination.A;
import static shadowvisor.suite.access.Combination.D;
import static shadowvisor.suite.access.Combination.P;
import static shadowvisor.suite.access.Combination.U;
import static shadowvisor.suite.access.Combination.W;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import shadowvisor.suite.access.Combination.Kind;
import shadowvisor.suite.access.Combination.TlbState;

/** The suite's model on combinations picked by hand, each named after the sentence of spec 3.1 or 3.3 it encodes. */
class AccessModelTest {
    private static final int LA = AccessModel.TEST_LA + AccessModel.DATA_OFFSET;

    private static Combination cold(int pde, int pte, Kind kind, boolean user) {
        return new Combination(pde, pte, kind, user, TlbState.COLD);
    }

    private static Outcome only(Combination c) {
        Set<Outcome> allowed = AccessModel.allowed(c);
        assertEquals(1, allowed.size(), allowed.toString());
        return allowed.iterator().next();
    }

    @Test
    void aNotPresentPdeIsAPageFaultWithoutPAndSetsNothing() {
        // "pde = MEM[ptbr + la[29:20]]; not present: PAGE fault" / "A walk that fails sets nothing".
        assertEquals(new Outcome(Outcome.PAGE, LA, Outcome.ACC_W | Outcome.ACC_U, W | U, P | W | U),
                only(cold(W | U, P | W | U, Kind.WRITE, true)));
    }

    @Test
    void aNotPresentPteIsAPageFaultAndLeavesThePdesAClear() {
        // "not even the PDE's A"; a fetch has detail F.
        assertEquals(new Outcome(Outcome.PAGE, AccessModel.TEST_LA, Outcome.ACC_F, P | W | U, W | U | A | D),
                only(cold(P | W | U, W | U | A | D, Kind.FETCH, false)));
    }

    @Test
    void userAccessNeedsUAtBothLevels() {
        // "Effective rights: U = pde.U and pte.U" / "A user-mode access needs U" / detail bit P.
        assertEquals(new Outcome(Outcome.PAGE, LA, Outcome.ACC_P | Outcome.ACC_U, P | W, P | W | U),
                only(cold(P | W, P | W | U, Kind.READ, true)));
        assertEquals(new Outcome(Outcome.PAGE, AccessModel.TEST_LA, Outcome.ACC_P | Outcome.ACC_U | Outcome.ACC_F,
                P | U, P), only(cold(P | U, P, Kind.FETCH, true)));
    }

    @Test
    void supervisorWritesObeyW() {
        // "a write needs W, in either mode (supervisor writes obey W)"; W = pde.W and pte.W.
        assertEquals(new Outcome(Outcome.PAGE, LA, Outcome.ACC_P | Outcome.ACC_W, P | U, P | W),
                only(cold(P | U, P | W, Kind.WRITE, false)));
    }

    @Test
    void supervisorAccessesNeedNoUAndFetchesNeedNoW() {
        assertEquals(new Outcome(Outcome.SVC, 0, 0, P | A, P | A), only(cold(P, P, Kind.READ, false)));
        assertEquals(new Outcome(Outcome.SVC, 1, 0, P | U | A, P | U | A), only(cold(P | U, P | U, Kind.FETCH, true)));
    }

    @Test
    void aSuccessfulWriteSetsAInBothAndDInThePte() {
        // "On success the hardware sets A in the PDE and the PTE if clear and, on a write, D in the PTE".
        assertEquals(new Outcome(Outcome.SVC, 0, 0, P | W | U | A, P | W | U | A | D),
                only(cold(P | W | U, P | W | U, Kind.WRITE, true)));
        // ... and leaves them set when they were.
        assertEquals(new Outcome(Outcome.SVC, 0, 0, P | W | A, P | W | A | D),
                only(cold(P | W | A, P | W | D, Kind.READ, false)));
    }

    @Test
    void aStaleEntryMayServeTheAccessOrTheNewEntriesMay() {
        // 3.3: "accesses to that page may use either the old or the new translation".
        Combination c = new Combination(P | W | U, 0, Kind.READ, true, TlbState.WARM_WRITE);
        assertEquals(List.of(new Outcome(Outcome.PAGE, LA, Outcome.ACC_U, P | W | U, 0),
                new Outcome(Outcome.SVC, 0, 0, P | W | U, 0)), List.copyOf(AccessModel.allowed(c)));
    }

    @Test
    void aWriteThroughACleanCachedEntryReWalks() {
        // 3.3: "A write through a cached translation whose D is clear re-walks and sets D":
        // after a warm read only the walk of the new entries is allowed.
        Combination c = new Combination(P | W, P | U, Kind.WRITE, false, TlbState.WARM_READ);
        assertEquals(new Outcome(Outcome.PAGE, LA, Outcome.ACC_P | Outcome.ACC_W, P | W, P | U), only(c));
        // After a warm write the cached D is set: the old translation may still serve it.
        assertEquals(2, AccessModel.allowed(new Combination(P | W, P | U, Kind.WRITE, false, TlbState.WARM_WRITE)).size());
    }

    @Test
    void everyGroupHas1536CombinationsThatEncodeAndDecode() {
        List<Combination> all = Combination.all(Kind.WRITE, true);
        assertEquals(16 * 32 * 3, all.size());
        for (Combination c : all) {
            assertEquals(c, Combination.decode(c.encode()));
        }
    }
}
