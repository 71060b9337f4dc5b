package shadowvisor.vmm.shadow;

import shadowvisor.machine.cpu.Machine;
import shadowvisor.machine.memory.PhysicalView;
import shadowvisor.machine.paging.Pte;

/**
 * A VM's guest-physical memory as the shadow VMMs see it: guest frame {@code gfn} lives in host
 * frame {@code hfn(gfn)}, frame by frame and deliberately not contiguous, so a VMM that forgets
 * the map fails at once. Guest-physical addresses at or above memsize have no host frame. As a
 * {@link PhysicalView} it is what the page walker reads when it walks the guest's own tables.
 */
public final class GuestPhysicalMap implements PhysicalView {
    private final Machine host;
    private final int memsize;
    /** Host frame number of each guest frame. */
    private final int[] hostFrame;

    /**
     * @param host       the machine whose physical memory backs the guest
     * @param hostFrames host frame numbers, one per guest frame, in guest-frame order
     */
    public GuestPhysicalMap(Machine host, int[] hostFrames) {
        this.host = host;
        this.hostFrame = hostFrames.clone();
        this.memsize = hostFrames.length * Pte.PAGE_WORDS;
    }

    @Override
    public int size() {
        return memsize;
    }

    /** Number of guest frames. */
    public int frames() {
        return hostFrame.length;
    }

    /** The host frame number backing guest frame {@code gfn} (which must be below {@link #frames()}). */
    public int hfn(int gfn) {
        return hostFrame[gfn];
    }

    /** The host-physical address of a guest-physical address below memsize. */
    public int hpa(int gpa) {
        return hostFrame[gpa >>> Pte.PAGE_SHIFT] << Pte.PAGE_SHIFT | (gpa & (Pte.PAGE_WORDS - 1));
    }

    @Override
    public int read(int gpa) {
        return host.readPhysical(hpa(gpa));
    }

    @Override
    public void write(int gpa, int word) {
        host.writePhysical(hpa(gpa), word);
    }
}
