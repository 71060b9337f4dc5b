package shadowvisor.vmm.shadow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import shadowvisor.machine.TrapCause;
import shadowvisor.machine.cpu.Cpu;
import shadowvisor.machine.device.Console;
import shadowvisor.machine.device.Devices;
import shadowvisor.machine.memory.PhysicalMemory;
import shadowvisor.machine.paging.PageWalker;
import shadowvisor.machine.paging.Pte;
import shadowvisor.machine.paging.Tlb;
import shadowvisor.result.VmmCounters;

/**
 * {@link ShadowPageTable} on a real small CPU (64 host frames): roots per (guest page
 * directory, role), lazy fills, drops, the frame budget, the root cache, and the tracing of
 * shadow-trace (write protection through the reverse map, {@code guestWrote}). Shadows are read
 * back the way the hardware reads them: by the one {@link PageWalker} over host memory.
 *
 * <p>Host layout: frame 0 the VMM's, eight guest frames scattered in frames 1..31 (see
 * {@link #GUEST_FRAMES}), the shadow pool in frames 32..63.
 */
class ShadowPageTableTest {
    /** Host frame of each guest frame: deliberately not contiguous, not in order. */
    static final int[] GUEST_FRAMES = {17, 3, 29, 8, 24, 11, 5, 20};
    static final int POOL_FIRST = 32, POOL_FRAMES = 32;
    static final int PD = 1, PT = 2, DATA = 3, PT_B = 4, OTHER_PD = 6;

    Cpu cpu;
    GuestPhysicalMap gmap;
    HostFramePool pool;
    VmmCounters counters;

    @BeforeEach
    void host() {
        cpu = new Cpu(new PhysicalMemory(64 * Pte.PAGE_WORDS), new Devices(new Console(new byte[0], null)), new Tlb(16, 4));
        gmap = new GuestPhysicalMap(cpu, GUEST_FRAMES);
        pool = new HostFramePool(POOL_FIRST, POOL_FRAMES, 42);
        counters = new VmmCounters();
    }

    ShadowPageTable shadows(boolean trace, int budget, int maxRoots) {
        return new ShadowPageTable(cpu, gmap, pool, budget, trace, maxRoots, counters);
    }

    static int la(int dir, int table, int offset) {
        return dir << 20 | table << 10 | offset;
    }

    /** What the hardware would find in root {@code r} for {@code la}: the host address, or -1. */
    int hardware(ShadowPageTable.Root r, int la, int access) {
        PageWalker w = new PageWalker();
        return w.walk(cpu.memory(), r.ptbr(), la, access, false) ? w.pa : -1;
    }

    /** The shadow PTE of {@code la} in {@code r} (0 when its table is missing). */
    int spte(ShadowPageTable.Root r, int la) {
        int spde = cpu.readPhysical(r.ptbr() + Pte.directoryIndex(la));
        if ((spde & Pte.P) == 0) {
            return 0;
        }
        return cpu.readPhysical(Pte.frameAddress(spde) + Pte.tableIndex(la));
    }

    int hpa(int gfn, int offset) {
        return GUEST_FRAMES[gfn] << 10 | offset;
    }

    /** Puts a translation of {@code la} in the hardware TLB, as a hardware walk would. */
    void cacheInTlb(int la, int hostFrame) {
        cpu.tlb().insert(la >>> 10, hostFrame << 10 | Pte.U);
    }

    boolean cachedInTlb(int la) {
        return cpu.tlb().lookup(la >>> 10) != -1;
    }

    @Test
    void aRootStartsEmptyAndIsFilledOneEntryAtATime() {
        ShadowPageTable spt = shadows(false, 64, 4);
        ShadowPageTable.Root r = spt.root(PD << 10, true);
        int la = la(1, 5, 0x123);
        assertEquals(-1, hardware(r, la, TrapCause.ACC_U), "a new root maps nothing");
        spt.fill(r, la, DATA, false, PT);
        assertEquals(hpa(DATA, 0x123), hardware(r, la, TrapCause.ACC_U), "guest frame 3 lives in host frame 8");
        assertEquals(-1, hardware(r, la(1, 6, 0), TrapCause.ACC_U), "only the filled page");
        assertEquals(-1, hardware(r, la(2, 5, 0), TrapCause.ACC_U));
        int spde = cpu.readPhysical(r.ptbr() + 1);
        assertEquals(Pte.P | Pte.W | Pte.U | Pte.A, spde & 0x1F, "a shadow PDE: every right, A preset (rights live in the PTEs)");
        assertEquals(Pte.P | Pte.U | Pte.A, spte(r, la) & 0x1F, "hardware U = 1 (the guest kernel runs in user mode), A preset");
        assertEquals(2, counters.get("shadow_pages_built"), "the root's directory and one table");
        assertEquals(1, counters.get("root_cache_misses"));
        assertEquals(2, spt.framesHeld());
    }

    @Test
    void aShadowEntryIsWritableOnlyWhenTheGuestAllowsWritesAndItsDIsSet() {
        ShadowPageTable spt = shadows(false, 64, 4);
        ShadowPageTable.Root r = spt.root(PD << 10, true);
        spt.fill(r, la(0, 1, 0), DATA, false, PT);
        spt.fill(r, la(0, 2, 0), DATA, true, PT);
        assertEquals(-1, hardware(r, la(0, 1, 7), TrapCause.ACC_W | TrapCause.ACC_U), "read-only: a write faults");
        assertEquals(hpa(DATA, 7), hardware(r, la(0, 2, 7), TrapCause.ACC_W | TrapCause.ACC_U));
        assertEquals(Pte.W | Pte.D, spte(r, la(0, 2, 0)) & (Pte.W | Pte.D), "D preset: the hardware never writes a shadow");
    }

    @Test
    void rootsAreKeyedByGuestDirectoryAndRole() {
        ShadowPageTable spt = shadows(false, 64, 4);
        ShadowPageTable.Root sup = spt.root(PD << 10, true);
        ShadowPageTable.Root user = spt.root(PD << 10, false);
        assertNotSame(sup, user, "vm-supervisor and vm-user have separate roots");
        assertNotEquals(sup.ptbr(), user.ptbr());
        assertSame(sup, spt.root(PD << 10 | 0x3FF, true), "the low 10 bits of ptbr are ignored");
        assertNotSame(sup, spt.root(OTHER_PD << 10, true));
        assertEquals(3, counters.get("root_cache_misses"));
        assertEquals(1, counters.get("root_cache_hits"), "the second lookup of sup");
        spt.activate(sup);
        assertEquals(sup.ptbr(), cpu.ptbr());
        spt.root(PD << 10, true);
        assertEquals(1, counters.get("root_cache_hits"), "the active root is no cache hit");
        spt.root(PD << 10, false);
        assertEquals(2, counters.get("root_cache_hits"));
    }

    @Test
    void fillingTheUserRootLeavesTheSupervisorRootAlone() {
        ShadowPageTable spt = shadows(false, 64, 4);
        ShadowPageTable.Root sup = spt.root(PD << 10, true);
        ShadowPageTable.Root user = spt.root(PD << 10, false);
        spt.fill(sup, la(0, 4, 0), DATA, true, PT);
        assertEquals(-1, hardware(user, la(0, 4, 0), TrapCause.ACC_U), "a vm-supervisor page is not in the vm-user root");
    }

    @Test
    void theRootCacheIsBoundedAndEvictsTheLeastRecentlyUsed() {
        ShadowPageTable spt = shadows(false, 64, 3);
        int free = pool.available();
        ShadowPageTable.Root a = spt.root(1 << 10, true);
        ShadowPageTable.Root b = spt.root(2 << 10, true);
        ShadowPageTable.Root c = spt.root(3 << 10, true);
        assertSame(a, spt.root(1 << 10, true), "a is used again: b is now the least recently used");
        ShadowPageTable.Root d = spt.root(4 << 10, true);
        assertTrue(b.dead, "b evicted");
        assertFalse(a.dead || c.dead || d.dead);
        assertEquals(free - 3, pool.available(), "b's frame went back to the pool");
        assertNotSame(b, spt.root(2 << 10, true), "b is built again, empty");
        assertEquals(5, counters.get("root_cache_misses"));
    }

    @Test
    void theActiveRootIsNeverEvicted() {
        ShadowPageTable spt = shadows(false, 64, 2);
        ShadowPageTable.Root a = spt.root(1 << 10, true);
        ShadowPageTable.Root b = spt.root(2 << 10, true);
        spt.activate(a);
        spt.root(3 << 10, true);
        assertFalse(a.dead, "a is the least recently used, but the hardware runs on it");
        assertTrue(b.dead);
        assertEquals(a.ptbr(), cpu.ptbr());
    }

    @Test
    void dropAllReturnsEveryFrameAndNeverLeavesTheHardwareOnAFreedFrame() {
        ShadowPageTable spt = shadows(false, 64, 4);
        int free = pool.available();
        ShadowPageTable.Root sup = spt.root(PD << 10, true);
        ShadowPageTable.Root user = spt.root(PD << 10, false);
        spt.fill(sup, la(0, 1, 0), DATA, true, PT);
        spt.fill(sup, la(3, 1, 0), DATA, true, PT);
        spt.fill(user, la(0, 1, 0), DATA, true, PT);
        spt.activate(sup);
        spt.dropAll();
        assertTrue(sup.dead && user.dead);
        assertEquals(0, spt.framesHeld());
        assertEquals(free, pool.available());
        assertEquals(counters.get("shadow_pages_built"), counters.get("shadow_pages_dropped"));
        assertEquals(0, cpu.ptbr(), "the hardware is moved off the freed root, onto the VMM's empty frame 0");
        for (int i = 0; i < Pte.PAGE_WORDS; i++) {
            assertEquals(0, cpu.readPhysical(i), "host frame 0 maps nothing");
        }
    }

    @Test
    void dropAllKeepsThePhysicalRootAndZapAllDropsItToo() {
        ShadowPageTable spt = shadows(false, 64, 4);
        ShadowPageTable.Root physical = spt.physicalRoot();
        spt.fill(physical, 5 << 10 | 9, 5, true, -1);
        assertEquals(hpa(5, 9), hardware(physical, 5 << 10 | 9, TrapCause.ACC_U | TrapCause.ACC_W), "la = gpa");
        spt.root(PD << 10, true);
        spt.dropAll();
        assertSame(physical, spt.physicalRoot(), "the physical root depends on nothing a guest can change");
        spt.activate(physical);
        spt.zapAll();
        assertTrue(physical.dead);
        assertEquals(0, cpu.ptbr());
        assertEquals(0, spt.framesHeld());
        assertEquals(1, counters.get("shadow_zaps"));
        assertNotSame(physical, spt.physicalRoot());
    }

    @Test
    void theFrameBudgetZapsEveryShadowBeforeItRunsOut() {
        ShadowPageTable spt = shadows(false, 8, 4);
        for (int dir = 0; dir < 40; dir++) {
            ShadowPageTable.Root r = spt.root(PD << 10, true); // what the VMM calls before every fill
            spt.fill(r, la(dir, 1, 0), DATA, false, PT);
            assertTrue(spt.framesHeld() <= 8, "held " + spt.framesHeld());
            assertEquals(hpa(DATA, 0), hardware(r, la(dir, 1, 0), TrapCause.ACC_U), "the fill that follows a zap holds");
        }
        assertTrue(counters.get("shadow_zaps") >= 4, "40 tables in a budget of 8 frames");
        assertEquals(POOL_FRAMES - spt.framesHeld(), pool.available());
    }

    @Test
    void invalidateDropsOneTranslationInEveryRootAndTheHardwareTlbEntryOfTheActiveOne() {
        ShadowPageTable spt = shadows(false, 64, 4);
        ShadowPageTable.Root sup = spt.root(PD << 10, true);
        ShadowPageTable.Root user = spt.root(PD << 10, false);
        int x = la(0, 1, 0), y = la(0, 2, 0);
        for (ShadowPageTable.Root r : new ShadowPageTable.Root[] {sup, user}) {
            spt.fill(r, x, DATA, true, PT);
            spt.fill(r, y, DATA, true, PT);
        }
        spt.activate(sup);
        cacheInTlb(x, GUEST_FRAMES[DATA]);
        cacheInTlb(y, GUEST_FRAMES[DATA]);
        long invlpgs = cpu.tlb().invlpgs;
        spt.invalidate(x | 0x3FF);
        assertEquals(-1, hardware(sup, x, TrapCause.ACC_U));
        assertEquals(-1, hardware(user, x, TrapCause.ACC_U));
        assertEquals(hpa(DATA, 0), hardware(sup, y, TrapCause.ACC_U), "other pages stay");
        assertEquals(hpa(DATA, 0), hardware(user, y, TrapCause.ACC_U));
        assertFalse(cachedInTlb(x), "the hardware TLB no longer holds the dropped translation");
        assertTrue(cachedInTlb(y));
        assertEquals(invlpgs + 1, cpu.tlb().invlpgs, "only the active root's entry is in the hardware TLB");
    }

    @Test
    void refillingALiveEntryInvalidatesTheHardwareTlb() {
        ShadowPageTable spt = shadows(false, 64, 4);
        ShadowPageTable.Root r = spt.root(PD << 10, true);
        int x = la(0, 1, 0);
        spt.fill(r, x, DATA, false, PT);
        spt.activate(r);
        cacheInTlb(x, GUEST_FRAMES[DATA]);
        spt.fill(r, x, 5, false, PT);
        assertFalse(cachedInTlb(x));
        assertEquals(hpa(5, 0), hardware(r, x, TrapCause.ACC_U));
    }

    @Test
    void shadowFramesAreZeroWhenTheyAreReused() {
        ShadowPageTable spt = shadows(false, 64, 4);
        for (int round = 0; round < 3; round++) {
            ShadowPageTable.Root r = spt.root(PD << 10, true);
            for (int t = 0; t < 8; t++) {
                assertEquals(-1, hardware(r, la(t, t, 0), TrapCause.ACC_U), "round " + round + ": a reused frame kept an entry");
            }
            for (int t = 0; t < 8; t++) {
                spt.fill(r, la(t, t, 0), DATA, true, PT);
            }
            spt.dropAll();
        }
    }

    @Test
    void shadowsOnlyEverNameTheVmsOwnFramesOrThePool() {
        ShadowPageTable spt = shadows(false, 64, 4);
        ShadowPageTable.Root r = spt.root(PD << 10, true);
        for (int g = 0; g < GUEST_FRAMES.length; g++) {
            spt.fill(r, la(g, g, 0), g, true, PT);
        }
        Set<Integer> own = new HashSet<>();
        for (int f : GUEST_FRAMES) {
            own.add(f);
        }
        for (int d = 0; d < 1024; d++) {
            int spde = cpu.readPhysical(r.ptbr() + d);
            if ((spde & Pte.P) == 0) {
                continue;
            }
            int table = spde >>> 10;
            assertTrue(table >= POOL_FIRST, "shadow tables come from the pool");
            for (int i = 0; i < 1024; i++) {
                int e = cpu.readPhysical(table << 10 | i);
                if ((e & Pte.P) != 0) {
                    assertTrue(own.contains(e >>> 10), "a shadow PTE names host frame " + (e >>> 10));
                }
            }
        }
    }

    /** shadow-trace: the frames shadows were derived from are write-protected, and writes to them sync. */
    @Nested
    class Tracing {
        ShadowPageTable spt;

        @BeforeEach
        void traced() {
            spt = shadows(true, 64, 8);
        }

        @Test
        void theGuestDirectoryOfARootAndTheTablesOfItsShadowTablesAreTraced() {
            ShadowPageTable.Root r = spt.root(PD << 10, true);
            assertTrue(spt.traced(PD));
            assertFalse(spt.traced(PT));
            spt.fill(r, la(0, 1, 0), DATA, true, PT);
            assertTrue(spt.traced(PT));
            assertFalse(spt.traced(DATA));
        }

        @Test
        void aFrameThatIsTracedIsNeverMappedWritable() {
            ShadowPageTable.Root r = spt.root(PD << 10, true);
            spt.fill(r, la(0, 1, 0), DATA, true, PT);
            spt.fill(r, la(0, 2, 0), PD, true, PT);
            spt.fill(r, la(0, 3, 0), PT, true, PT);
            assertEquals(0, spte(r, la(0, 2, 0)) & Pte.W, "the guest's own directory, read-only");
            assertEquals(0, spte(r, la(0, 3, 0)) & Pte.W, "the guest's page table, read-only");
            assertEquals(Pte.W, spte(r, la(0, 1, 0)) & Pte.W);
            ShadowPageTable.Root physical = spt.physicalRoot();
            spt.fill(physical, PD << 10, PD, true, -1);
            assertEquals(0, spte(physical, PD << 10) & Pte.W, "in the physical root too");
        }

        @Test
        void aTableThatMapsItselfIsReadOnlyFromItsFirstEntry() {
            ShadowPageTable.Root r = spt.root(PD << 10, true);
            spt.fill(r, la(2, 7, 0), PT_B, true, PT_B); // PT_B maps itself: the table is derived in this very fill
            assertEquals(0, spte(r, la(2, 7, 0)) & Pte.W);
        }

        @Test
        void derivingAFrameWriteProtectsEveryWritableMappingOfItInEveryRootAndRole() {
            ShadowPageTable.Root physical = spt.physicalRoot();
            ShadowPageTable.Root other = spt.root(OTHER_PD << 10, false);
            spt.fill(physical, PT_B << 10, PT_B, true, -1);
            spt.fill(other, la(5, 5, 0), PT_B, true, PT);
            spt.fill(other, la(5, 6, 0), DATA, true, PT);
            spt.activate(physical);
            cacheInTlb(PT_B << 10, GUEST_FRAMES[PT_B]);
            long flushes = cpu.tlb().flushes;
            ShadowPageTable.Root r = spt.root(PD << 10, true);
            spt.fill(r, la(1, 1, 0), DATA, true, PT_B); // derives a shadow table from PT_B
            assertEquals(0, spte(physical, PT_B << 10) & Pte.W);
            assertEquals(0, spte(other, la(5, 5, 0)) & Pte.W);
            assertEquals(Pte.W, spte(other, la(5, 6, 0)) & Pte.W, "other frames keep their rights");
            assertEquals(Pte.P, spte(other, la(5, 5, 0)) & Pte.P, "still present: reads need no exit");
            assertEquals(1, counters.get("write_protects"));
            assertEquals(flushes + 1, cpu.tlb().flushes, "the active root lost a writable entry: the hardware TLB is flushed");
            assertFalse(cachedInTlb(PT_B << 10));
        }

        @Test
        void theReverseMapForgetsMappingsThatAreGone() {
            ShadowPageTable.Root other = spt.root(OTHER_PD << 10, true);
            spt.fill(other, la(5, 5, 0), PT_B, true, PT);
            spt.invalidate(la(5, 5, 0));
            ShadowPageTable.Root r = spt.root(PD << 10, true);
            spt.fill(r, la(1, 1, 0), DATA, true, PT_B);
            assertEquals(0, counters.get("write_protects"), "no writable mapping of PT_B is left: nothing to protect");
            spt.fill(other, la(5, 5, 0), PT_B, true, PT);
            assertEquals(0, spte(other, la(5, 5, 0)) & Pte.W, "refilled read-only: PT_B is traced now");
        }

        @Test
        void aGuestWriteToAPageTableDropsExactlyTheEntriesDerivedFromThatWord() {
            ShadowPageTable.Root sup = spt.root(PD << 10, true);
            ShadowPageTable.Root user = spt.root(PD << 10, false);
            spt.fill(sup, la(0, 5, 0), DATA, true, PT);
            spt.fill(sup, la(0, 6, 0), DATA, true, PT);
            spt.fill(sup, la(1, 5, 0), DATA, true, PT_B);
            spt.fill(user, la(0, 5, 0), DATA, false, PT);
            spt.activate(sup);
            cacheInTlb(la(0, 5, 0), GUEST_FRAMES[DATA]);
            cacheInTlb(la(0, 6, 0), GUEST_FRAMES[DATA]);
            spt.guestWrote(PT << 10 | 5);
            assertEquals(-1, hardware(sup, la(0, 5, 0), TrapCause.ACC_U), "derived from PT word 5");
            assertEquals(-1, hardware(user, la(0, 5, 0), TrapCause.ACC_U), "in both roles");
            assertEquals(hpa(DATA, 0), hardware(sup, la(0, 6, 0), TrapCause.ACC_U), "PT word 6 did not change");
            assertEquals(hpa(DATA, 0), hardware(sup, la(1, 5, 0), TrapCause.ACC_U), "word 5 of another table");
            assertFalse(cachedInTlb(la(0, 5, 0)));
            assertTrue(cachedInTlb(la(0, 6, 0)));
            assertEquals(2, counters.get("syncs"));
        }

        @Test
        void aGuestWriteToItsDirectoryDropsTheTablesDerivedFromThatEntry() {
            ShadowPageTable.Root r = spt.root(PD << 10, true);
            spt.fill(r, la(0, 5, 0), DATA, true, PT);
            spt.fill(r, la(1, 5, 0), DATA, true, PT_B);
            int free = pool.available();
            spt.guestWrote(PD << 10 | 1);
            assertEquals(-1, hardware(r, la(1, 5, 0), TrapCause.ACC_U));
            assertEquals(hpa(DATA, 0), hardware(r, la(0, 5, 0), TrapCause.ACC_U), "PDE 0 did not change");
            assertEquals(free + 1, pool.available(), "the shadow table of directory 1 is freed");
            assertFalse(spt.traced(PT_B), "no shadow is derived from PT_B any more");
            assertTrue(spt.traced(PT));
        }

        @Test
        void writesToFramesNoShadowCameFromChangeNothing() {
            ShadowPageTable.Root r = spt.root(PD << 10, true);
            spt.fill(r, la(0, 5, 0), DATA, true, PT);
            spt.guestWrote(DATA << 10 | 5);
            assertEquals(hpa(DATA, 0), hardware(r, la(0, 5, 0), TrapCause.ACC_U));
            assertEquals(0, counters.get("syncs"));
        }

        @Test
        void droppingTheLastShadowUntracesItsFrames() {
            ShadowPageTable.Root r = spt.root(PD << 10, true);
            spt.fill(r, la(0, 5, 0), DATA, true, PT);
            spt.dropAll();
            assertFalse(spt.traced(PD));
            assertFalse(spt.traced(PT));
        }

        @Test
        void evictingARootUntracesItsDirectory() {
            ShadowPageTable small = shadows(true, 64, 2);
            small.root(1 << 10, true);
            small.root(2 << 10, true);
            small.root(3 << 10, true);
            assertFalse(small.traced(1), "root 1 was evicted");
            assertTrue(small.traced(2) && small.traced(3));
        }

        @Test
        void aDirectoryOutsideGuestMemoryIsNeverTraced() {
            spt.root(0x7FFF << 10, true);
            spt.root(-1 & ~0x3FF, false);
            for (int g = 0; g < GUEST_FRAMES.length; g++) {
                assertFalse(spt.traced(g));
            }
        }
    }

    @Test
    void withoutTracingNothingIsWriteProtected() {
        ShadowPageTable spt = shadows(false, 64, 4);
        ShadowPageTable.Root r = spt.root(PD << 10, true);
        spt.fill(r, la(0, 5, 0), PD, true, PT);
        assertFalse(spt.traced(PD));
        assertFalse(spt.traced(PT));
        assertEquals(Pte.W, spte(r, la(0, 5, 0)) & Pte.W, "shadow-vtlb leaves page-table frames writable");
    }
}
