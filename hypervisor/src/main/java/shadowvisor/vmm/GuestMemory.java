package shadowvisor.vmm;

import shadowvisor.machine.memory.PhysicalView;

/**
 * A VM's guest-physical memory, words {@code [0, memsize)}, as its VMM allocated it in host
 * memory. As a {@link PhysicalView} it is what the VMM reads and writes when it reflects a trap
 * into the guest's trap area, emulates {@code lpsw}, loads the boot image and digests the final
 * memory, and what the one page walker reads when a shadow VMM walks the guest's own tables.
 * The segment VMM backs it with one contiguous host range, the shadow VMMs with scattered host
 * frames: either way no guest-physical address at or above memsize reaches host memory.
 */
public interface GuestMemory extends PhysicalView {
    /** The host-physical address backing {@code gpa}, which the caller has checked is below {@link #size()}. */
    int hpa(int gpa);
}
