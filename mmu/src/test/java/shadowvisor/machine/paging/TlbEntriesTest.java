package shadowvisor.machine.paging;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link Tlb#entries}: what an observer sees, read without touching the counters or the replacement. */
class TlbEntriesTest {
    @Test
    void listsTheValidEntriesWithTheirRightsAndCountsNothing() {
        Tlb tlb = new Tlb(4, 2);
        tlb.insert(0x140, 0x0000a000 | Pte.U | Pte.W | Pte.D);
        tlb.insert(0x100, 0x0000e400 | Pte.U);
        tlb.insert(0x003, 0x00003000);
        tlb.invalidate(0x003 << Pte.PAGE_SHIFT);
        long hits = tlb.hits;
        long misses = tlb.misses;
        assertEquals(List.of(new Tlb.Entry(0x140, 0x0000a000, true, true, true),
                new Tlb.Entry(0x100, 0x0000e400, true, false, false)), tlb.entries());
        assertEquals(hits, tlb.hits);
        assertEquals(misses, tlb.misses);
        tlb.flush();
        assertEquals(List.of(), tlb.entries());
    }
}
