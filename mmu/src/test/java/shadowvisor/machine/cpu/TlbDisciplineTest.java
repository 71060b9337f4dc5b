package shadowvisor.machine.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static shadowvisor.machine.TrapCause.ACC_P;
import static shadowvisor.machine.TrapCause.ACC_U;
import static shadowvisor.machine.cpu.PagedRig.FLAT;
import static shadowvisor.machine.cpu.PagedRig.PD;
import static shadowvisor.machine.cpu.Words.*;
import static shadowvisor.machine.paging.Pte.A;
import static shadowvisor.machine.paging.Pte.D;
import static shadowvisor.machine.paging.Pte.P;
import static shadowvisor.machine.paging.Pte.U;
import static shadowvisor.machine.paging.Pte.W;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import shadowvisor.machine.Psw;
import shadowvisor.machine.TrapCause;
import shadowvisor.machine.paging.PageTables;
import shadowvisor.machine.paging.Tlb;

/**
 * Spec section 3.3: the TLB is not coherent with memory; a stale translation may be used until
 * {@code invlpg}, {@code tlbflush} or {@code mtcr ptbr}; not-present results are never cached;
 * a write through a clean cached entry re-walks and sets D; changing P does not flush; and the
 * {@code tlb} counters of section 9. The default TLB (256 entries, 4 ways) holds every page these
 * programs touch, so "may use the old translation" is observable as "uses it".
 */
class TlbDisciplineTest {
    static final int X = 0x1000, FRAME_A = 0x2000, FRAME_B = 0x2400;
    /** The PTE of X in PT0, reachable by supervisor code at la = pa. */
    static final int PTE_X = PagedRig.PT0 + 4;

    /** Loads X, rewrites X's PTE to frame B without a flush, loads X again, runs {@code flush}, loads X a third time. */
    static PagedRig remapAround(int... flush) {
        PagedRig p = PagedRig.supervisor(seq(ld(3, 0, 10), st(11, PTE_X, 0), ld(4, 0, 10), flush, ld(5, 0, 10), halt()))
                .reg(10, X).reg(11, FRAME_B | P).reg(12, PD).map(X, FRAME_A, P);
        p.rig.put(FRAME_A, 111).put(FRAME_B, 222);
        return p.run();
    }

    @Test
    @DisplayName("§3.3 a stale translation is used until invlpg of that page")
    void staleUntilInvlpg() {
        PagedRig p = remapAround(invlpg(10));
        p.rig.assertHalted().assertNoTrap();
        assertEquals(111, p.rig.reg(3));
        assertEquals(111, p.rig.reg(4), "the TLB still holds the old translation");
        assertEquals(222, p.rig.reg(5), "after invlpg: the new one");
        assertEquals(1, p.rig.tlb.invlpgs);
        assertEquals(0, p.rig.tlb.flushes);
    }

    @Test
    @DisplayName("§3.3 a stale translation is used until tlbflush")
    void staleUntilTlbflush() {
        PagedRig p = remapAround(tlbflush());
        assertEquals(111, p.rig.reg(4));
        assertEquals(222, p.rig.reg(5));
        assertEquals(1, p.rig.tlb.flushes);
    }

    @Test
    @DisplayName("§3.3 a stale translation is used until mtcr ptbr (even with the same value)")
    void staleUntilMtcrPtbr() {
        PagedRig p = remapAround(mtcr(0, 12));
        assertEquals(111, p.rig.reg(4));
        assertEquals(222, p.rig.reg(5));
        assertEquals(1, p.rig.tlb.flushes, "mtcr ptbr counts as a flush");
    }

    @Test
    @DisplayName("§3.3 invlpg of another page does not drop this one")
    void invlpgIsPerPage() {
        PagedRig p = remapAround(addi(13, 10, 0x400), invlpg(13));
        assertEquals(111, p.rig.reg(5));
    }

    @Test
    @DisplayName("§3.3 changing P (by lpsw) does not flush the TLB")
    void changingPDoesNotFlush() {
        // ld X; rewrite X's PTE; lpsw to P = 0 (PC = CODE+3 physical); lpsw back to P = 1 (PC = CODE+4); ld X.
        PagedRig p = PagedRig.supervisor(ld(3, 0, 10), st(11, PTE_X, 0), lpsw(0x20, 0), lpsw(0x24, 0), ld(4, 0, 10), halt())
                .reg(10, X).reg(11, FRAME_B | P).map(X, FRAME_A, P);
        p.rig.put(0x20, Psw.S, 0, PagedRig.SZ, Rig.CODE + 3).put(0x24, Psw.S | Psw.P, 0, FLAT, Rig.CODE + 4);
        p.rig.put(FRAME_A, 111).put(FRAME_B, 222);
        p.run().rig.assertHalted().assertNoTrap();
        assertEquals(111, p.rig.reg(4), "the old translation survived two changes of P");
        assertEquals(0, p.rig.tlb.flushes);
    }

    @Test
    @DisplayName("§3.3 a trap (which changes P) does not flush the TLB either")
    void trapDoesNotFlush() {
        // ld X; rewrite the PTE; svc -> handler (P = 0) returns past the svc with lpsw; ld X again.
        int[] handler = {ld(7, 3, 0), addi(7, 7, 1), st(7, 3, 0), lpsw(0, 0)};
        PagedRig p = PagedRig.supervisor(ld(3, 0, 10), st(11, PTE_X, 0), svc(0), ld(4, 0, 10), halt()).reg(10, X)
                .reg(11, FRAME_B | P).map(X, FRAME_A, P);
        p.rig.put(Rig.HANDLER, handler).put(FRAME_A, 111).put(FRAME_B, 222);
        p.run().rig.assertHalted();
        assertEquals(1, p.rig.traps(TrapCause.SVC));
        assertEquals(111, p.rig.reg(4));
    }

    @Test
    @DisplayName("§3.3 a not-present result is never cached: making the page present needs no flush")
    void notPresentIsNotCached() {
        // The handler (P = 0) makes X present and retries the load with lpsw OLD_PSW: no flush anywhere.
        PagedRig p = PagedRig.supervisor(ld(3, 0, 10), halt()).reg(10, X).reg(11, FRAME_A | P).map(X, FRAME_A, 0);
        p.rig.put(Rig.HANDLER, st(11, PTE_X, 0), lpsw(0, 0)).put(FRAME_A, 111);
        p.run().rig.assertHalted();
        assertEquals(1, p.rig.traps(TrapCause.PAGE));
        assertEquals(111, p.rig.reg(3));
        assertEquals(0, p.rig.tlb.flushes + p.rig.tlb.invlpgs);
    }

    @Test
    @DisplayName("§3.3 a write through a cached clean entry re-walks and sets D")
    void writeThroughCleanEntrySetsDirty() {
        PagedRig p = PagedRig.supervisor(ld(3, 0, 10), ld(3, 1, 10), st(3, 2, 10), st(3, 3, 10), halt()).reg(10, X)
                .map(X, FRAME_A, P | W);
        p.run().rig.assertHalted().assertNoTrap();
        assertEquals(FRAME_A | P | W | A | D, p.tables.pte(X));
    }

    @Test
    @DisplayName("§3.3 a user access through an entry cached by a supervisor access is checked against U")
    void cachedEntryDoesNotBypassRights() {
        // Supervisor reads X (U = 0) -> cached; lpsw to user mode at CODE+2; user reads X: PAGE P|U.
        PagedRig p = PagedRig.supervisor(ld(3, 0, 10), lpsw(0x20, 0), ld(4, 0, 10)).reg(10, X).map(X, FRAME_A, P | W);
        p.rig.put(0x20, Psw.P, 0, FLAT, Rig.CODE + 2);
        p.run().rig.assertTrap(TrapCause.PAGE, X, ACC_P | ACC_U, Rig.CODE + 2);
    }

    @Test
    @DisplayName("§3.3 a read-only cached entry does not let a write through")
    void cachedReadOnlyEntryFaultsOnWrite() {
        PagedRig p = PagedRig.supervisor(ld(3, 0, 10), st(3, 0, 10)).reg(10, X).map(X, FRAME_A, P | U);
        p.run().rig.assertTrap(TrapCause.PAGE, X, ACC_P | TrapCause.ACC_W, Rig.CODE + 1);
        assertEquals(FRAME_A | P | U | A, p.tables.pte(X));
    }

    @Test
    @DisplayName("§9 tlb counters: every translation under P = 1 is one hit or one miss; flushes and invlpgs counted")
    void counters() {
        // Fetches: 8 instructions of page 0. Data: 5 loads of page X.
        //   f1 miss (page 0), ld miss (X), f2 hit, ld hit, f3 hit, ld hit, f4 hit [tlbflush],
        //   f5 miss, ld miss, f6 hit [invlpg X], f7 hit, ld miss, f8 hit (halt).
        PagedRig p = PagedRig.supervisor(ld(3, 0, 10), ld(4, 1, 10), ld(5, 2, 10), tlbflush(), ld(6, 0, 10),
                invlpg(10), ld(7, 0, 10), halt()).reg(10, X).map(X, FRAME_A, P);
        p.run().rig.assertHalted().assertNoTrap();
        assertEquals(5, p.rig.tlb.misses, "misses");
        assertEquals(8, p.rig.tlb.hits, "hits");
        assertEquals(1, p.rig.tlb.flushes);
        assertEquals(1, p.rig.tlb.invlpgs);
    }

    @Test
    @DisplayName("§9 tlb counters under P = 0: no hits or misses, but flushes and invlpgs still count")
    void countersWithoutPaging() {
        Rig rig = Rig.standard().code(ld(3, 0, 0), tlbflush(), mtcr(0, 0), invlpg(0), invlpg(1), halt()).boot().run();
        rig.assertHalted();
        assertEquals(0, rig.tlb.hits + rig.tlb.misses);
        assertEquals(2, rig.tlb.flushes);
        assertEquals(2, rig.tlb.invlpgs);
    }

    @Test
    @DisplayName("§3.3 mtcr ptbr switches address spaces: the same la reads through the new directory")
    void ptbrSwitch() {
        // A second directory at frame 5 maps directory entry 0 to a second table at frame 6: X -> frame B there.
        int pd2 = 0x1400, pt2 = 0x1800;
        PagedRig p = PagedRig.supervisor(ld(3, 0, 10), mtcr(0, 12), ld(4, 0, 10), halt()).reg(10, X).reg(12, pd2)
                .map(X, FRAME_A, P);
        PageTables tables2 = new PageTables(p.rig.memory, pd2);
        tables2.map(0, pt2, P | W | U, 0, P | W | U).setPte(X, FRAME_B, P);
        p.rig.put(FRAME_A, 111).put(FRAME_B, 222);
        p.run().rig.assertHalted().assertNoTrap();
        assertEquals(111, p.rig.reg(3));
        assertEquals(222, p.rig.reg(4));
        assertEquals(pd2, p.rig.cpu.ptbr());
    }

    @Test
    @DisplayName("§3.3 the TLB's size is its capacity: a 1-entry TLB misses whenever code and data pages alternate")
    void oneEntryTlbHoldsOnePage() {
        // Code on page 0, data on page X: each of the 3 loads evicts the code page, each fetch after it the data page.
        PagedRig p = PagedRig.withTlb(new Tlb(1, 1), ld(3, 0, 10), ld(4, 1, 10), ld(5, 2, 10), halt()).reg(10, X)
                .map(X, FRAME_A, P);
        p.run().rig.assertHalted().assertNoTrap();
        assertEquals(7, p.rig.tlb.misses, "4 fetches and 3 loads, each after the other page evicted its entry");
        assertEquals(0, p.rig.tlb.hits);
    }

    @Test
    @DisplayName("§3.3 an entry evicted by capacity is walked again: a 1-entry TLB sees a remap without a flush")
    void evictionDropsStaleTranslation() {
        // The fetch after the PTE store evicts X's entry, so the second load re-walks and sees frame B.
        PagedRig p = PagedRig.withTlb(new Tlb(1, 1), ld(3, 0, 10), st(11, PTE_X, 0), ld(4, 0, 10), halt())
                .reg(10, X).reg(11, FRAME_B | P).map(X, FRAME_A, P);
        p.rig.put(FRAME_A, 111).put(FRAME_B, 222);
        p.run().rig.assertHalted().assertNoTrap();
        assertEquals(111, p.rig.reg(3));
        assertEquals(222, p.rig.reg(4), "nothing cached X's old translation past its eviction");
    }
}
