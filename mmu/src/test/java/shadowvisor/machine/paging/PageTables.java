package shadowvisor.machine.paging;

import shadowvisor.machine.memory.PhysicalView;

/**
 * Writes two-level page tables (spec section 3.1) into a physical view for tests: a directory
 * at {@code ptbr}, tables wherever a PDE points. Addresses are word addresses; frames are given
 * by their address ({@code frame << 10}).
 */
public final class PageTables {
    private final PhysicalView mem;
    private final int ptbr;

    public PageTables(PhysicalView mem, int ptbr) {
        this.mem = mem;
        this.ptbr = ptbr & ~0x3FF;
    }

    public int ptbr() {
        return ptbr;
    }

    /** The physical address of the PDE for {@code la}. */
    public int pdeAddress(int la) {
        return ptbr + Pte.directoryIndex(la);
    }

    /** The physical address of the PTE for {@code la}, through the PDE's frame as it is in memory. */
    public int pteAddress(int la) {
        return Pte.frameAddress(mem.read(pdeAddress(la))) + Pte.tableIndex(la);
    }

    public int pde(int la) {
        return mem.read(pdeAddress(la));
    }

    public int pte(int la) {
        return mem.read(pteAddress(la));
    }

    /** Writes the PDE for {@code la}: a table at {@code tableAddress} with these low bits. */
    public PageTables setPde(int la, int tableAddress, int bits) {
        mem.write(pdeAddress(la), tableAddress & ~0x3FF | bits);
        return this;
    }

    /** Writes the PTE for {@code la} (its PDE must point to a table): a frame at {@code frameAddress}, with bits. */
    public PageTables setPte(int la, int frameAddress, int bits) {
        mem.write(pteAddress(la), frameAddress & ~0x3FF | bits);
        return this;
    }

    /** PDE and PTE for {@code la} in one call. */
    public PageTables map(int la, int tableAddress, int pdeBits, int frameAddress, int pteBits) {
        return setPde(la, tableAddress, pdeBits).setPte(la, frameAddress, pteBits);
    }
}
