package shadowvisor.debug;

import shadowvisor.machine.Fault;
import shadowvisor.machine.Psw;
import shadowvisor.machine.TrapCause;
import shadowvisor.machine.cpu.Semantics;
import shadowvisor.machine.isa.Profile;
import shadowvisor.machine.memory.PhysicalView;
import shadowvisor.machine.paging.PageWalker;

/**
 * How a guest's own MMU would translate one virtual address (spec section 3), found without side
 * effects: the {@code kseg} window of a profile that has one, the segment check
 * ({@link Psw#segmentLimit}, the one formula every translator uses), then {@code la} itself with
 * P = 0 or the one {@link PageWalker}'s walk with P = 1, asked not to set A or D. The debugger's
 * {@code x} reads memory through it and {@code pt} prints it whole.
 *
 * @param va         the virtual address
 * @param access     the detail bits of the access probed (U for a user-mode one, W, F)
 * @param kseg       whether {@code va} went through the {@code kseg} window (no segment, no paging)
 * @param la         the linear address {@code B + va}, when the segment passed
 * @param segmentOk  whether {@code va} passed the segment check (or went through the window)
 * @param paging     the PSW's P
 * @param ptbr       the page directory walked, when paging
 * @param pdeAddress the physical address of the PDE read, or -1
 * @param pde        the PDE as read
 * @param pteAddress the physical address of the PTE read, or -1
 * @param pte        the PTE as read
 * @param rights     the effective U and W rights of a successful walk ({@code Pte.U | Pte.W} bits)
 * @param pa         the physical (guest-physical under a VMM) address, or -1 on a fault
 * @param fault      the fault the guest would take, cause, value and detail, or null
 */
public record GuestTranslation(int va, int access, boolean kseg, int la, boolean segmentOk, boolean paging, int ptbr,
                               int pdeAddress, int pde, int pteAddress, int pte, int rights, int pa,
                               Fault fault) {

    /** Whether the access would succeed. */
    public boolean ok() {
        return fault == null;
    }

    /** The fault's cause, or null. */
    public TrapCause faultCause() {
        return fault == null ? null : TrapCause.of(fault.cause());
    }

    /**
     * Translates {@code va} under {@code psw} and {@code ptbr} over {@code memory}, as the machine
     * would for an access with the detail bits {@code access}, without writing anything.
     */
    public static GuestTranslation probe(PhysicalView memory, Psw psw, int ptbr, Profile profile, int va, int access) {
        Fault fault = new Fault();
        int size = memory.size();
        if (profile.kseg() && Semantics.inKseg(va)) {
            int pa = Semantics.kseg(va, access, size, fault);
            return new GuestTranslation(va, access, true, 0, true, false, 0, -1, 0, -1, 0, 0, pa,
                    pa < 0 ? fault : null);
        }
        if (Integer.compareUnsigned(va, Psw.segmentLimit(psw.b(), psw.l())) >= 0) {
            fault.set(TrapCause.SEGMENT.code(), va, access);
            return new GuestTranslation(va, access, false, 0, false, psw.paging(), ptbr, -1, 0, -1, 0, 0, -1, fault);
        }
        int la = psw.b() + va;
        if (!psw.paging()) {
            int pa = Integer.compareUnsigned(la, size) < 0 ? la : fault.set(TrapCause.MEMORY.code(), la, access);
            return new GuestTranslation(va, access, false, la, true, false, ptbr, -1, 0, -1, 0, 0, pa,
                    pa < 0 ? fault : null);
        }
        PageWalker walker = new PageWalker();
        int pa;
        if (!walker.walk(memory, ptbr, la, access, false)) {
            pa = fault.set(walker.faultCause, la, walker.faultDetail);
        } else {
            pa = Integer.compareUnsigned(walker.pa, size) < 0 ? walker.pa
                    : fault.set(TrapCause.MEMORY.code(), la, access);
        }
        return new GuestTranslation(va, access, false, la, true, true, ptbr, walker.pdeAddress,
                walker.pdeAddress < 0 ? 0 : walker.pde, walker.pteAddress, walker.pteAddress < 0 ? 0 : walker.pte,
                pa < 0 ? 0 : walker.rights, pa, pa < 0 ? fault : null);
    }
}
