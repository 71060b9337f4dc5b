package shadowvisor.machine.paging;

import shadowvisor.machine.TrapCause;
import shadowvisor.machine.memory.PhysicalView;

/**
 * The one implementation of the two-level walk of spec section 3.1. The CPU calls it on a TLB
 * miss over host memory; the shadow VMMs call it over a VM's guest-physical space to decide
 * whether a hardware fault is hidden or true and to emulate {@code lpsw} under guest paging.
 * Because one piece of code computes every fault, a reflected fault has the native value and
 * detail by construction.
 *
 * <p>A walk fills the fields of this object instead of allocating a result (it runs on every
 * TLB miss). Like KVM's walker it remembers the addresses of the entries it visited, so the
 * A/D write-back needs no second walk and a shadow VMM knows which guest words it read.
 *
 * <pre>
 *  la:  29      20 19      10 9        0
 *      +----------+----------+----------+
 *      | dir idx  | tbl idx  |  offset  |
 *      +----------+----------+----------+
 *  pde = MEM[ptbr + dir]   pte = MEM[pde.frame &lt;&lt; 10 + tbl]   pa = pte.frame &lt;&lt; 10 | offset
 * </pre>
 */
public final class PageWalker {
    /** The physical address (before the caller's {@code pa < SZ} check). Valid after success. */
    public int pa;
    /** Effective rights after success: the AND of both levels, as {@link Pte#U} and {@link Pte#W} bits. */
    public int rights;
    /** The PTE's D bit after the walk (set when this walk was a write). */
    public boolean dirty;
    /** Physical addresses of the PDE and PTE read (the PTE's is -1 when the walk stopped at the PDE). */
    public int pdeAddress;
    public int pteAddress;
    /** The entries as they are after the walk (A and D included). */
    public int pde;
    public int pte;
    /** On failure: {@link TrapCause#PAGE} or {@link TrapCause#MEMORY} code, and the detail word. */
    public int faultCause;
    public int faultDetail;

    /**
     * Walks the tables rooted at {@code ptbr} for linear address {@code la}.
     *
     * @param access the access bits of the detail word: {@link TrapCause#ACC_W}, {@link TrapCause#ACC_U},
     *               {@link TrapCause#ACC_F}; U means the access is checked as a user-mode one
     * @param setBits whether a successful walk sets A (and D on a write); false only for a probe
     * @return true on success; on failure {@link #faultCause} and {@link #faultDetail} say why
     *         (the fault value is always {@code la})
     */
    public boolean walk(PhysicalView mem, int ptbr, int la, int access, boolean setBits) {
        pteAddress = -1;
        pdeAddress = -1;
        if (Integer.compareUnsigned(la, Pte.LINEAR_LIMIT) >= 0) {
            return fail(TrapCause.PAGE.code(), access);
        }
        int size = mem.size();
        int pdeAt = (ptbr & ~0x3FF) + Pte.directoryIndex(la);
        if (Integer.compareUnsigned(pdeAt, size) >= 0) {
            return fail(TrapCause.MEMORY.code(), access);
        }
        pdeAddress = pdeAt;
        int pdeWord = mem.read(pdeAt);
        pde = pdeWord;
        if ((pdeWord & Pte.P) == 0) {
            return fail(TrapCause.PAGE.code(), access);
        }
        int pteAt = Pte.frameAddress(pdeWord) + Pte.tableIndex(la);
        if (Integer.compareUnsigned(pteAt, size) >= 0) {
            return fail(TrapCause.MEMORY.code(), access);
        }
        pteAddress = pteAt;
        int pteWord = mem.read(pteAt);
        pte = pteWord;
        if ((pteWord & Pte.P) == 0) {
            return fail(TrapCause.PAGE.code(), access);
        }
        int eff = pdeWord & pteWord & (Pte.U | Pte.W);
        boolean write = (access & TrapCause.ACC_W) != 0;
        if (((access & TrapCause.ACC_U) != 0 && (eff & Pte.U) == 0) || (write && (eff & Pte.W) == 0)) {
            return fail(TrapCause.PAGE.code(), access | TrapCause.ACC_P);
        }
        if (setBits) {
            if ((pdeWord & Pte.A) == 0) {
                pdeWord |= Pte.A;
                mem.write(pdeAt, pdeWord);
                pde = pdeWord;
            }
            int newPte = pteWord | Pte.A | (write ? Pte.D : 0);
            if (newPte != pteWord) {
                mem.write(pteAt, newPte);
                pteWord = newPte;
                pte = newPte;
            }
        }
        rights = eff;
        dirty = (pteWord & Pte.D) != 0;
        pa = Pte.frameAddress(pteWord) | Pte.offset(la);
        return true;
    }

    private boolean fail(int cause, int detail) {
        faultCause = cause;
        faultDetail = detail;
        return false;
    }
}
