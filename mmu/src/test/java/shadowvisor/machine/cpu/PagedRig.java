package shadowvisor.machine.cpu;

import static shadowvisor.machine.paging.Pte.P;
import static shadowvisor.machine.paging.Pte.U;
import static shadowvisor.machine.paging.Pte.W;

import shadowvisor.machine.Psw;
import shadowvisor.machine.paging.PageTables;
import shadowvisor.machine.paging.Tlb;

/**
 * A {@link Rig} with paging set up (spec section 3.1), 16 frames of 1024 words:
 * <pre>
 *  frame 0  trap area, the halting handler, the program at 0x100   la page 0 -> frame 0 (P W U)
 *  frame 1  the page directory (ptbr = 0x400)                     la page 1 -> frame 1 (P W)
 *  frame 2  PT0, the table of directory entry 0                   la page 2 -> frame 2 (P W)
 *  frame 3  PT1, a table for other directory entries              la page 3 -> frame 3 (P W)
 *  frames 4..15  data frames, mapped by each test
 * </pre>
 * The directory entry 0 is (PT0, P W U), so page tables are reachable at la = pa by supervisor
 * code. The program starts with the PSW (s or u, P=1, B=0, L=2^30, PC=0x100); TLB counters
 * start at 0.
 */
public final class PagedRig {
    public static final int SZ = 16 * 1024;
    public static final int PD = 0x400, PT0 = 0x800, PT1 = 0xC00;
    public static final int FLAT = 1 << 30;

    public final Rig rig;
    public final PageTables tables;

    private PagedRig(Rig rig) {
        this.rig = rig;
        this.tables = new PageTables(rig.memory, PD);
    }

    /** Boots {@code code} at 0x100, writes the base tables and switches to paging in supervisor mode. */
    public static PagedRig supervisor(int... code) {
        return boot(new Rig(SZ).trapToHalt(), code, Psw.S | Psw.P);
    }

    public static PagedRig user(int... code) {
        return boot(new Rig(SZ).trapToHalt(), code, Psw.P);
    }

    public static PagedRig withTlb(Tlb tlb, int... code) {
        return boot(new Rig(SZ, tlb, new byte[0]).trapToHalt(), code, Psw.S | Psw.P);
    }

    static PagedRig boot(Rig rig, int[] code, int flags) {
        rig.code(code).boot();
        PagedRig p = new PagedRig(rig);
        p.tables.map(0, PT0, P | W | U, 0, P | W | U);
        p.tables.setPte(0x400, 0x400, P | W).setPte(0x800, 0x800, P | W).setPte(0xC00, 0xC00, P | W);
        rig.cpu.setPtbr(PD);
        rig.psw(flags, 0, FLAT, Rig.CODE);
        rig.tlb.hits = rig.tlb.misses = rig.tlb.flushes = rig.tlb.invlpgs = 0;
        return p;
    }

    /** Maps the page of {@code la} (in directory entry 0, through PT0) to a frame. */
    public PagedRig map(int la, int frameAddress, int pteBits) {
        tables.setPte(la, frameAddress, pteBits);
        return this;
    }

    public PagedRig reg(int index, int value) {
        rig.reg(index, value);
        return this;
    }

    public PagedRig run() {
        rig.run();
        return this;
    }

    public int word(int pa) {
        return rig.word(pa);
    }
}
