package shadowvisor.machine.paging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Spec section 3.3 and 9 ({@code tlb} counters): the {@link Tlb} as a set-associative cache. */
class TlbTest {

    @Test
    @DisplayName("§3.3 a miss returns -1 and counts; an insert then hits and counts")
    void missThenHit() {
        Tlb tlb = new Tlb(16, 4);
        assertEquals(-1, tlb.lookup(5));
        assertEquals(1, tlb.misses);
        tlb.insert(5, 0x1400 | Pte.W);
        assertEquals(0x1400 | Pte.W, tlb.lookup(5));
        assertEquals(1, tlb.hits);
        assertEquals(1, tlb.misses);
    }

    @Test
    @DisplayName("§9 tlb counters: a hit that does not grant the access is dropped and counts as a miss")
    void refusedHitCountsAsMiss() {
        Tlb tlb = new Tlb(16, 4);
        tlb.insert(5, 0x1400);
        assertEquals(0x1400, tlb.lookup(5));
        tlb.refuse(5);
        assertEquals(0, tlb.hits);
        assertEquals(1, tlb.misses);
        assertEquals(-1, tlb.lookup(5), "the refused entry is gone");
    }

    @Test
    @DisplayName("§3.3 inserting a page again replaces its entry, never a second copy")
    void reinsertReplaces() {
        Tlb tlb = new Tlb(4, 4);
        tlb.insert(5, 0x400);
        tlb.insert(5, 0x800 | Pte.D);
        tlb.drop(5);
        assertEquals(-1, tlb.lookup(5), "one drop removes the page: there was one entry");
    }

    @Test
    @DisplayName("set-associative: pages of one set evict each other round-robin; other sets are untouched")
    void roundRobinWithinASet() {
        Tlb tlb = new Tlb(4, 2);                 // 2 sets of 2 ways; set = lpn & 1
        assertEquals(false, tlb.insert(0, 0x400), "an empty way evicts nothing");
        tlb.insert(1, 0x800);
        tlb.insert(2, 0xC00);
        assertEquals(true, tlb.insert(4, 0x1000)); // set 0 is full: evicts its first victim, page 0
        assertEquals(-1, tlb.lookup(0));
        assertEquals(0xC00, tlb.lookup(2));
        assertEquals(0x1000, tlb.lookup(4));
        assertEquals(0x800, tlb.lookup(1));
        tlb.insert(6, 0x1400);                   // next victim in set 0: page 2
        assertEquals(-1, tlb.lookup(2));
        assertEquals(0x1000, tlb.lookup(4));
        assertEquals(0x1400, tlb.lookup(6));
    }

    @Test
    @DisplayName("a one-entry TLB holds the last page only")
    void oneEntry() {
        Tlb tlb = new Tlb(1, 1);
        tlb.insert(7, 0x400);
        tlb.insert(9, 0x800);
        assertEquals(-1, tlb.lookup(7));
        assertEquals(0x800, tlb.lookup(9));
    }

    @Test
    @DisplayName("§3.3 invlpg drops only the page holding la, and counts an invlpg")
    void invalidate() {
        Tlb tlb = new Tlb(16, 4);
        tlb.insert(3, 0x400);
        tlb.insert(4, 0x800);
        tlb.invalidate(3 << 10 | 0x3FF);
        assertEquals(-1, tlb.lookup(3));
        assertEquals(0x800, tlb.lookup(4));
        assertEquals(1, tlb.invlpgs);
        assertEquals(0, tlb.flushes);
        tlb.invalidate(0x7FFFFFFF);                // nothing cached there: still counted
        assertEquals(2, tlb.invlpgs);
    }

    @Test
    @DisplayName("drop removes an entry without counting an invlpg")
    void dropDoesNotCount() {
        Tlb tlb = new Tlb(16, 4);
        tlb.insert(3, 0x400);
        tlb.drop(3);
        assertEquals(-1, tlb.lookup(3));
        assertEquals(0, tlb.invlpgs);
    }

    @Test
    @DisplayName("§3.3 flush drops every entry and counts a flush")
    void flush() {
        Tlb tlb = new Tlb(1024, 4);
        for (int lpn = 0; lpn < 1024; lpn++) {
            tlb.insert(lpn, lpn << 10);
        }
        assertEquals(5 << 10, tlb.lookup(5));
        tlb.flush();
        for (int lpn = 0; lpn < 1024; lpn++) {
            assertEquals(-1, tlb.lookup(lpn));
        }
        assertEquals(1, tlb.flushes);
        assertEquals(1024, tlb.misses);
    }

    @Test
    @DisplayName("a full TLB of 1024 entries holds 1024 distinct pages that map to distinct sets")
    void capacity() {
        Tlb tlb = new Tlb(1024, 4);
        assertEquals(1024, tlb.capacity());
        assertEquals(4, tlb.ways());
        for (int lpn = 0; lpn < 1024; lpn++) {
            tlb.insert(lpn * 7 + 3, lpn);
        }
        for (int lpn = 0; lpn < 1024; lpn++) {
            assertEquals(lpn, tlb.lookup(lpn * 7 + 3));
        }
    }

    @Test
    @DisplayName("entries and ways must be powers of two with ways <= entries")
    void geometryIsChecked() {
        assertThrows(IllegalArgumentException.class, () -> new Tlb(0, 1));
        assertThrows(IllegalArgumentException.class, () -> new Tlb(12, 4));
        assertThrows(IllegalArgumentException.class, () -> new Tlb(16, 3));
        assertThrows(IllegalArgumentException.class, () -> new Tlb(4, 8));
    }
}
