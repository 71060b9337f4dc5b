package shadowvisor.machine.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static shadowvisor.machine.TrapCause.ACC_F;
import static shadowvisor.machine.TrapCause.ACC_P;
import static shadowvisor.machine.TrapCause.ACC_U;
import static shadowvisor.machine.TrapCause.ACC_W;
import static shadowvisor.machine.cpu.PagedRig.FLAT;
import static shadowvisor.machine.cpu.PagedRig.PT0;
import static shadowvisor.machine.cpu.PagedRig.PT1;
import static shadowvisor.machine.cpu.Words.*;
import static shadowvisor.machine.paging.Pte.A;
import static shadowvisor.machine.paging.Pte.D;
import static shadowvisor.machine.paging.Pte.P;
import static shadowvisor.machine.paging.Pte.U;
import static shadowvisor.machine.paging.Pte.W;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import shadowvisor.machine.Psw;
import shadowvisor.machine.TrapCause;
import shadowvisor.machine.paging.PageTables;
import shadowvisor.machine.paging.Tlb;

/**
 * Spec sections 3 and 3.1-3.2 through the CPU: translation under P = 1, each fault cause and
 * detail bit, the A/D rules, the U/S split, page-table and frame addresses beyond SZ, lpsw
 * through translation, and the segment applied before paging.
 */
class PagedTranslationTest {
    /** A data page in directory entry 0 (through PT0) and one in directory entry 1 (through PT1). */
    static final int X = 0x1000, Y = 0x0010_0000;
    static final int FRAME_A = 0x2000, FRAME_B = 0x2400;

    @Test
    @DisplayName("§3.1 pa = pte.frame << 10 | la[9:0]")
    void translation() {
        PagedRig p = PagedRig.supervisor(ld(3, 0x234, 10), st(4, 0x3FF, 10), halt()).map(X, FRAME_A, P | W).reg(10, X)
                .reg(4, 0x77);
        p.rig.put(FRAME_A + 0x234, 0x1234);
        p.run().rig.assertHalted().assertNoTrap();
        assertEquals(0x1234, p.rig.reg(3));
        assertEquals(0x77, p.word(FRAME_A + 0x3FF));
    }

    @Test
    @DisplayName("§3.1 PDE not present: PAGE, value la, detail without P (supervisor read: 0)")
    void pdeNotPresent() {
        PagedRig p = PagedRig.supervisor(ld(3, 0, 10)).reg(10, Y + 7).run();
        p.rig.assertTrap(TrapCause.PAGE, Y + 7, 0, Rig.CODE).assertSavedPsw(Psw.S | Psw.P, 0, FLAT);
    }

    @Test
    @DisplayName("§3.1 PTE not present: PAGE, detail W|U for a user write")
    void pteNotPresentUserWrite() {
        PagedRig p = PagedRig.user(st(3, 5, 10)).map(X, FRAME_A, W | U).reg(10, X).run();
        p.rig.assertTrap(TrapCause.PAGE, X + 5, ACC_W | ACC_U, Rig.CODE).assertSavedPsw(Psw.P, 0, FLAT);
    }

    @ParameterizedTest(name = "§3.1 user access, PDE bits {0}, PTE bits {1}, write {2}: PAGE with detail {3}")
    @CsvSource({
        // pde,   pte,   write, detail (P=1 W=2 U=4)
        "7,      3,      false, 5",   // PTE without U
        "3,      7,      false, 5",   // PDE without U: effective U = AND
        "7,      5,      true,  7",   // PTE read-only
        "5,      7,      true,  7",   // PDE read-only: effective W = AND
    })
    void userRightsViolation(int pdeBits, int pteBits, boolean write, int detail) {
        PagedRig p = PagedRig.user(write ? st(3, 0, 10) : ld(3, 0, 10)).reg(10, Y);
        p.tables.map(Y, PT1, pdeBits, FRAME_A, pteBits);
        p.run().rig.assertTrap(TrapCause.PAGE, Y, detail, Rig.CODE);
        assertEquals(PT1 | pdeBits, p.tables.pde(Y), "a failing walk sets nothing, not even the PDE's A");
        assertEquals(FRAME_A | pteBits, p.tables.pte(Y));
    }

    @ParameterizedTest(name = "§3.1 supervisor write, PDE bits {0}, PTE bits {1}: supervisor writes obey W")
    @CsvSource({"3, 1", "1, 3", "7, 5"})
    void supervisorWritesObeyW(int pdeBits, int pteBits) {
        PagedRig p = PagedRig.supervisor(st(3, 0, 10)).reg(10, Y);
        p.tables.map(Y, PT1, pdeBits, FRAME_A, pteBits);
        p.run().rig.assertTrap(TrapCause.PAGE, Y, ACC_P | ACC_W, Rig.CODE);
    }

    @Test
    @DisplayName("§3.1 supervisor reads need no U; user reads with U in both levels succeed")
    void usSplit() {
        PagedRig p = PagedRig.supervisor(ld(3, 0, 10), ld(4, 0, 11), lpsw(0x20, 0)).reg(10, X).reg(11, Y)
                .map(X, FRAME_A, P);
        p.tables.map(Y, PT1, P | U, FRAME_B, P | U);
        p.rig.put(0x20, Psw.P, 0, FLAT, Rig.CODE + 3).put(Rig.CODE + 3, ld(5, 1, 11), halt());
        p.rig.put(FRAME_A, 11).put(FRAME_B, 22, 33);
        p.run().rig.assertTrap(TrapCause.PRIVILEGED, halt(), 0, Rig.CODE + 4);
        assertEquals(11, p.rig.reg(3));
        assertEquals(22, p.rig.reg(4));
        assertEquals(33, p.rig.reg(5), "user read of a U page");
    }

    @Test
    @DisplayName("§3.1 fetch from a not-present page: PAGE, detail F, saved PC = la")
    void fetchNotPresent() {
        PagedRig p = PagedRig.supervisor(jalr(0, 10, 0)).reg(10, X + 3).run();
        p.rig.assertTrap(TrapCause.PAGE, X + 3, ACC_F, X + 3);
    }

    @Test
    @DisplayName("§3.1 user fetch from a supervisor page: PAGE, detail P|U|F")
    void userFetchFromSupervisorPage() {
        PagedRig p = PagedRig.user(jalr(0, 10, 0)).reg(10, X).map(X, FRAME_A, P | W).run();
        p.rig.assertTrap(TrapCause.PAGE, X, ACC_P | ACC_U | ACC_F, X);
    }

    @Test
    @DisplayName("§3.1 code runs across a page boundary into a non-contiguous frame")
    void fetchAcrossPages() {
        PagedRig p = PagedRig.supervisor(jalr(0, 10, 0)).reg(10, X + 0x3FE).map(X, FRAME_A, P).map(X + 0x400, FRAME_B, P);
        p.rig.put(FRAME_A + 0x3FE, addi(3, 0, 1), addi(4, 0, 2)).put(FRAME_B, addi(5, 0, 3), halt());
        p.run().rig.assertHalted().assertNoTrap();
        assertEquals(3, p.rig.reg(5));
        assertEquals(X + 0x402, p.rig.psw().pc());
    }

    @Test
    @DisplayName("§3.1 la >= 2^30: PAGE not present, value la (segment L above 2^30)")
    void linearAddressAbove2To30() {
        PagedRig p = PagedRig.supervisor(st(3, 0, 10)).reg(10, FLAT);
        p.rig.psw(Psw.S | Psw.P, 0, -1, Rig.CODE);
        p.run().rig.assertTrap(TrapCause.PAGE, FLAT, ACC_W, Rig.CODE);
    }

    @Test
    @DisplayName("§3.2 the segment check comes first under paging: SEGMENT with value va")
    void segmentBeforePaging() {
        PagedRig p = PagedRig.supervisor(ld(3, 0, 10)).reg(10, 0x2000);
        p.rig.psw(Psw.S | Psw.P, 0, 0x2000, Rig.CODE);
        p.run().rig.assertTrap(TrapCause.SEGMENT, 0x2000, 0, Rig.CODE);
    }

    @Test
    @DisplayName("§3.2 la = B + va is what the walk translates")
    void baseUnderPaging() {
        // B = 0x1000: the code at va CODE is la 0x1100, mapped to frame 0; data va 0x400 is la 0x1400.
        PagedRig p = PagedRig.supervisor(ld(3, 0x400, 0), halt()).map(0x1000, 0, P).map(0x1400, FRAME_B, P);
        p.rig.put(FRAME_B, 99);
        p.rig.psw(Psw.S | Psw.P, 0x1000, 0x10000, Rig.CODE);
        p.run().rig.assertHalted().assertNoTrap();
        assertEquals(99, p.rig.reg(3));
    }

    @Test
    @DisplayName("§3.2 B not page-aligned: after an access warms the page, va just below 0 (unsigned: huge) is still SEGMENT")
    void unalignedBaseKeepsTheSegmentCheck() {
        // B = 0x1200. Data: la page 0x1000 -> frame A holds va -0x200..0x1FF, of which only 0..0x1FF is in the
        // segment. Code: la page 0x1400 -> frame 0, so the program at physical CODE runs at va CODE + 0x200.
        PagedRig p = PagedRig.supervisor(ld(3, 0x10, 0), ld(4, 0xFF00, 0)).map(0x1000, FRAME_A, P).map(0x1400, 0, P);
        p.rig.put(FRAME_A + 0x210, 5);
        p.rig.psw(Psw.S | Psw.P, 0x1200, 0x10000, Rig.CODE + 0x200);
        p.run().rig.assertTrap(TrapCause.SEGMENT, 0xFFFFFF00, 0, Rig.CODE + 0x201);
        assertEquals(5, p.rig.reg(3));
    }

    @Test
    @DisplayName("§3.1 a page-table word beyond SZ: MEMORY, value la, the PDE's A not set")
    void tableWordBeyondMemory() {
        PagedRig p = PagedRig.supervisor(st(3, 1, 10)).reg(10, Y);
        p.tables.setPde(Y, 0x100000, P | W);
        p.run().rig.assertTrap(TrapCause.MEMORY, Y + 1, ACC_W, Rig.CODE);
        assertEquals(0x100000 | P | W, p.tables.pde(Y));
    }

    @Test
    @DisplayName("§3.1 ptbr beyond SZ: the next fetch's walk is a MEMORY fault (F), saved PC = that fetch")
    void ptbrBeyondMemory() {
        PagedRig p = PagedRig.supervisor(mtcr(0, 10), halt()).reg(10, 0x100000).run();
        p.rig.assertTrap(TrapCause.MEMORY, Rig.CODE + 1, ACC_F, Rig.CODE + 1);
    }

    @Test
    @DisplayName("§3 step 3: a frame beyond SZ is a MEMORY fault after the walk, value la; A and D are kept")
    void frameBeyondMemoryKeepsAccessedAndDirty() {
        PagedRig p = PagedRig.supervisor(st(3, 6, 10)).reg(10, Y);
        p.tables.map(Y, PT1, P | W, 0x40000, P | W);
        p.run().rig.assertTrap(TrapCause.MEMORY, Y + 6, ACC_W, Rig.CODE);
        assertEquals(PT1 | P | W | A, p.tables.pde(Y));
        assertEquals(0x40000 | P | W | A | D, p.tables.pte(Y), "the successful walk keeps its A and D");
    }

    @Test
    @DisplayName("§3 step 3: a frame partly beyond SZ: words below SZ work, the first word at SZ faults MEMORY")
    void partialFrame() {
        Rig rig = new Rig(PagedRig.SZ + 100).trapToHalt();
        // loop: ld r3, 0(r10); addi r10, r10, 1; jal -2   (through page X -> frame 16, 100 words of it exist)
        rig.code(ld(3, 0, 10), addi(10, 10, 1), jal(0, -2)).put(PagedRig.SZ + 99, 0xFEED).boot();
        PageTables tables = new PageTables(rig.memory, PagedRig.PD);
        tables.map(0, PT0, P | W | U, 0, P | W | U).setPte(X, PagedRig.SZ, P);
        rig.cpu.setPtbr(PagedRig.PD);
        rig.reg(10, X).psw(Psw.S | Psw.P, 0, FLAT, Rig.CODE).run();
        rig.assertTrap(TrapCause.MEMORY, X + 100, 0, Rig.CODE);
        assertEquals(0xFEED, rig.reg(3));
    }

    @Test
    @DisplayName("§3.1 A/D: a read sets A in PDE and PTE, a write sets D in the PTE only")
    void accessedAndDirty() {
        PagedRig p = PagedRig.supervisor(ld(3, 0, 10), ld(4, 0, 11), st(4, 0, 11), halt()).reg(10, X).reg(11, Y)
                .map(X, FRAME_A, P | W);
        p.tables.map(Y, PT1, P | W, FRAME_B, P | W);
        p.run().rig.assertHalted().assertNoTrap();
        assertEquals(FRAME_A | P | W | A, p.tables.pte(X), "read: A, no D");
        assertEquals(PT1 | P | W | A, p.tables.pde(Y), "the PDE never gets D");
        assertEquals(FRAME_B | P | W | A | D, p.tables.pte(Y));
        assertEquals(P | W | U | A, p.tables.pde(0) & 0x3FF, "the code's PDE got A from the fetch walk");
        assertEquals(P | W | U | A, p.tables.pte(0) & 0x3FF, "the code page's PTE: A, no D");
    }

    @Test
    @DisplayName("§3.1 a failing walk sets nothing: PTE not present leaves the PDE's A clear")
    void failingWalkSetsNothing() {
        PagedRig p = PagedRig.supervisor(ld(3, 0, 10)).reg(10, Y);
        p.tables.map(Y, PT1, P | W, FRAME_B, W);
        p.run().rig.assertTrap(TrapCause.PAGE, Y, 0, Rig.CODE);
        assertEquals(PT1 | P | W, p.tables.pde(Y));
        assertEquals(FRAME_B | W, p.tables.pte(Y));
    }

    @Test
    @DisplayName("§2/§3 lpsw reads its four words through translation")
    void lpswThroughTranslation() {
        PagedRig p = PagedRig.supervisor(lpsw(0x10, 10)).reg(10, X).map(X, FRAME_A, P);
        p.rig.put(FRAME_A + 0x10, Psw.S, 0, 4096, 0x300).put(0x300, halt());
        p.run().rig.assertHalted().assertNoTrap();
        assertEquals(new Psw(Psw.S, 0, 4096, 0x301), p.rig.psw(), "P = 0 now: 0x300 is physical");
        assertEquals(FRAME_A | P | A, p.tables.pte(X));
    }

    @Test
    @DisplayName("§3.1/§4 lpsw across pages, the second not present: PAGE at word 2's la; the first page keeps A")
    void lpswFaultOnALaterWordKeepsA() {
        PagedRig p = PagedRig.supervisor(lpsw(0x3FE, 10)).reg(10, X).map(X, FRAME_A, P);
        p.rig.put(FRAME_A + 0x3FE, 0xFF, 0);
        p.run().rig.assertTrap(TrapCause.PAGE, X + 0x400, 0, Rig.CODE);
        assertEquals(FRAME_A | P | A, p.tables.pte(X), "the successful walk of words 0 and 1 keeps its A");
    }

    @Test
    @DisplayName("§4 a trap under paging saves P in the old PSW; the handler runs with the PSW from words 4..7")
    void trapSavesPagingFlag() {
        PagedRig p = PagedRig.user(svc(3)).run();
        p.rig.assertTrap(TrapCause.SVC, 3, 0, Rig.CODE).assertSavedPsw(Psw.P, 0, FLAT);
    }

    @Test
    @DisplayName("§3.3 the TLB geometry does not change a translation's result (1-entry TLB)")
    void tinyTlb() {
        PagedRig p = PagedRig.withTlb(new Tlb(1, 1), ld(3, 0, 10), st(3, 1, 11), ld(4, 1, 11), halt()).reg(10, X)
                .reg(11, Y).map(X, FRAME_A, P);
        p.tables.map(Y, PT1, P | W, FRAME_B, P | W);
        p.rig.put(FRAME_A, 5);
        p.run().rig.assertHalted().assertNoTrap();
        assertEquals(5, p.rig.reg(4));
        assertEquals(5, p.word(FRAME_B + 1));
        assertEquals(FRAME_B | P | W | A | D, p.tables.pte(Y));
    }
}
