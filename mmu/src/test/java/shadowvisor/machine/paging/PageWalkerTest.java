package shadowvisor.machine.paging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static shadowvisor.machine.TrapCause.ACC_F;
import static shadowvisor.machine.TrapCause.ACC_P;
import static shadowvisor.machine.TrapCause.ACC_U;
import static shadowvisor.machine.TrapCause.ACC_W;
import static shadowvisor.machine.paging.Pte.A;
import static shadowvisor.machine.paging.Pte.D;
import static shadowvisor.machine.paging.Pte.P;
import static shadowvisor.machine.paging.Pte.U;
import static shadowvisor.machine.paging.Pte.W;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import shadowvisor.machine.TrapCause;
import shadowvisor.machine.memory.PhysicalMemory;
import shadowvisor.machine.memory.PhysicalView;

/** Spec section 3.1, the walk, on {@link PageWalker} directly. */
class PageWalkerTest {
    static final int SZ = 8 * 1024;
    static final int PTBR = 0x400, TABLE = 0x800, FRAME = 0x1400;
    static final int LA = 0x0030_0C05;         // dir 3, table 3, offset 5
    static final int PAGE = TrapCause.PAGE.code(), MEMORY = TrapCause.MEMORY.code();

    /** A physical memory that records the addresses written. */
    static final class Recording implements PhysicalView {
        final PhysicalMemory mem = new PhysicalMemory(SZ);
        final List<Integer> writes = new ArrayList<>();

        @Override
        public int size() {
            return mem.size();
        }

        @Override
        public int read(int pa) {
            return mem.read(pa);
        }

        @Override
        public void write(int pa, int word) {
            writes.add(pa);
            mem.write(pa, word);
        }
    }

    Recording mem;
    PageTables tables;
    PageWalker walker;

    @BeforeEach
    void setUp() {
        mem = new Recording();
        tables = new PageTables(mem, PTBR);
        walker = new PageWalker();
    }

    boolean walk(int access) {
        return walker.walk(mem, PTBR, LA, access, true);
    }

    @Test
    @DisplayName("§3.1 a successful walk: pa = pte.frame << 10 | la[9:0], rights ANDed, entry addresses kept")
    void success() {
        tables.map(LA, TABLE, P | W | U, FRAME, P | W | U);
        assertTrue(walk(0));
        assertEquals(FRAME | 5, walker.pa);
        assertEquals(W | U, walker.rights);
        assertEquals(PTBR + 3, walker.pdeAddress);
        assertEquals(TABLE + 3, walker.pteAddress);
        assertFalse(walker.dirty);
    }

    @Test
    @DisplayName("§3.1 ptbr's low 10 bits are ignored by the walk")
    void ptbrLowBitsIgnored() {
        tables.map(LA, TABLE, P, FRAME, P);
        assertTrue(walker.walk(mem, PTBR | 0x3FF, LA, 0, true));
        assertEquals(FRAME | 5, walker.pa);
    }

    @Test
    @DisplayName("§3.1 A set in PDE and PTE by a read; D not set")
    void readSetsAccessed() {
        tables.map(LA, TABLE, P | 0x3E0, FRAME, P | 0x3E0);
        assertTrue(walk(0));
        assertEquals(TABLE | P | A | 0x3E0, tables.pde(LA), "A set, software bits 9..5 kept");
        assertEquals(FRAME | P | A | 0x3E0, tables.pte(LA));
    }

    @Test
    @DisplayName("§3.1 a write sets A in both levels and D only in the PTE")
    void writeSetsDirtyInThePteOnly() {
        tables.map(LA, TABLE, P | W, FRAME, P | W);
        assertTrue(walk(ACC_W));
        assertEquals(TABLE | P | W | A, tables.pde(LA), "no D in the PDE");
        assertEquals(FRAME | P | W | A | D, tables.pte(LA));
        assertTrue(walker.dirty);
    }

    @Test
    @DisplayName("§3.1 A and D already set: nothing is written")
    void noWriteWhenBitsAreSet() {
        tables.map(LA, TABLE, P | W | A, FRAME, P | W | A | D);
        mem.writes.clear();
        assertTrue(walk(ACC_W));
        assertEquals(List.of(), mem.writes);
        assertTrue(walker.dirty, "D was set by software: the TLB may cache it as dirty");
    }

    @Test
    @DisplayName("§3.1 a probe (setBits = false) sets nothing")
    void probeSetsNothing() {
        tables.map(LA, TABLE, P | W, FRAME, P | W);
        mem.writes.clear();
        assertTrue(walker.walk(mem, PTBR, LA, ACC_W, false));
        assertEquals(List.of(), mem.writes);
    }

    @Test
    @DisplayName("§3.1 PDE not present: PAGE, detail = the access bits without P, nothing set")
    void pdeNotPresent() {
        tables.setPde(LA, TABLE, W | U);
        mem.writes.clear();
        assertFalse(walk(ACC_W | ACC_U));
        assertEquals(PAGE, walker.faultCause);
        assertEquals(ACC_W | ACC_U, walker.faultDetail);
        assertEquals(List.of(), mem.writes);
        assertEquals(-1, walker.pteAddress);
    }

    @Test
    @DisplayName("§3.1 PTE not present: PAGE, detail F, the PDE's A not set")
    void pteNotPresent() {
        tables.map(LA, TABLE, P | W | U, FRAME, W | U);
        mem.writes.clear();
        assertFalse(walk(ACC_F));
        assertEquals(PAGE, walker.faultCause);
        assertEquals(ACC_F, walker.faultDetail);
        assertEquals(List.of(), mem.writes, "a failing walk sets nothing, not even the PDE's A");
    }

    @Test
    @DisplayName("§3.1 rights: user access needs U in both levels; PAGE with P|U otherwise")
    void userNeedsUAtBothLevels() {
        int[][] cases = {{P | U, P}, {P, P | U}};
        for (int[] c : cases) {
            setUp();
            tables.map(LA, TABLE, c[0], FRAME, c[1]);
            mem.writes.clear();
            assertFalse(walk(ACC_U));
            assertEquals(PAGE, walker.faultCause);
            assertEquals(ACC_P | ACC_U, walker.faultDetail);
            assertEquals(List.of(), mem.writes);
            assertTrue(walker.walk(mem, PTBR, LA, 0, true), "supervisor reads need no U");
        }
    }

    @Test
    @DisplayName("§3.1 rights: writes need W in both levels, in either mode (supervisor writes obey W)")
    void writesNeedWAtBothLevels() {
        int[][] cases = {{P | W | U, P | U}, {P | U, P | W | U}};
        for (int[] c : cases) {
            for (int mode : new int[] {0, ACC_U}) {
                setUp();
                tables.map(LA, TABLE, c[0], FRAME, c[1]);
                assertFalse(walk(ACC_W | mode));
                assertEquals(PAGE, walker.faultCause);
                assertEquals(ACC_P | ACC_W | mode, walker.faultDetail);
                assertEquals(c[0], tables.pde(LA) & 0x3FF, "nothing set");
            }
        }
    }

    @Test
    @DisplayName("§3.1 la >= 2^30: PAGE not present, no memory read")
    void linearAddressTooHigh() {
        assertFalse(walker.walk(mem, PTBR, 1 << 30, ACC_W, true));
        assertEquals(PAGE, walker.faultCause);
        assertEquals(ACC_W, walker.faultDetail);
        assertFalse(walker.walk(mem, PTBR, -1, 0, true));
        assertEquals(PAGE, walker.faultCause);
    }

    @Test
    @DisplayName("§3.1 the directory word outside [0, SZ): MEMORY")
    void directoryBeyondMemory() {
        assertFalse(walker.walk(mem, 0xFFFFFC00, LA, ACC_U, true));
        assertEquals(MEMORY, walker.faultCause);
        assertEquals(ACC_U, walker.faultDetail);
        assertFalse(walker.walk(mem, SZ, 0, 0, true), "ptbr = SZ, index 0");
        assertEquals(MEMORY, walker.faultCause);
    }

    @Test
    @DisplayName("§3.1 the table word outside [0, SZ): MEMORY, the PDE's A not set")
    void tableBeyondMemory() {
        tables.setPde(LA, SZ, P | W | U);
        assertFalse(walk(ACC_W));
        assertEquals(MEMORY, walker.faultCause);
        assertEquals(ACC_W, walker.faultDetail);
        assertEquals(SZ | P | W | U, tables.pde(LA));
    }

    @Test
    @DisplayName("§3.1 a frame beyond SZ is the caller's check: the walk succeeds and sets A/D")
    void frameBeyondMemoryIsTheCallersCheck() {
        tables.map(LA, TABLE, P | W, 0x7FFFFC00, P | W);
        assertTrue(walk(ACC_W));
        assertEquals(0x7FFFFC05, walker.pa);
        assertEquals(0x7FFFFC00 | P | W | A | D, tables.pte(LA));
    }

    @Test
    @DisplayName("§3.1 the highest table word: frame 0x3FFFFF, index 1023, no overflow")
    void noOverflowAtTheTop() {
        tables.setPde(LA, 0xFFFFFC00, P);
        assertFalse(walk(0));
        assertEquals(MEMORY, walker.faultCause);
    }
}
