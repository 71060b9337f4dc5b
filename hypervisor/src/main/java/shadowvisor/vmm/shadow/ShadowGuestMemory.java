package shadowvisor.vmm.shadow;

import shadowvisor.machine.paging.Pte;
import shadowvisor.vmm.GuestMemory;

/**
 * A shadow-paged VM's guest-physical memory as the VMM accesses it on the guest's behalf (trap
 * delivery, emulated stores, the boot image): the {@link GuestPhysicalMap}, plus, when the VMM
 * traces guest page tables, a sync of the shadows after every VMM write into a traced frame.
 * The page walker reads and sets A/D bits through the map directly: A and D never change a
 * translation, so they need no sync.
 */
final class ShadowGuestMemory implements GuestMemory {
    private final GuestPhysicalMap map;
    private ShadowPageTable shadows;

    ShadowGuestMemory(GuestPhysicalMap map) {
        this.map = map;
    }

    void attach(ShadowPageTable shadowPageTable) {
        this.shadows = shadowPageTable;
    }

    GuestPhysicalMap map() {
        return map;
    }

    ShadowPageTable shadows() {
        return shadows;
    }

    @Override
    public int size() {
        return map.size();
    }

    @Override
    public int read(int gpa) {
        return map.read(gpa);
    }

    @Override
    public void write(int gpa, int word) {
        map.write(gpa, word);
        if (shadows != null && shadows.traced(gpa >>> Pte.PAGE_SHIFT)) {
            shadows.guestWrote(gpa);
        }
    }

    @Override
    public int hpa(int gpa) {
        return map.hpa(gpa);
    }
}
