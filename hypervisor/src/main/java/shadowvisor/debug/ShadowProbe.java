package shadowvisor.debug;

import shadowvisor.machine.paging.Pte;
import shadowvisor.vmm.Vm;
import shadowvisor.vmm.shadow.GuestPhysicalMap;
import shadowvisor.vmm.shadow.ShadowPageTable;
import shadowvisor.vmm.shadow.ShadowVmm;

/**
 * The shadow side of one guest virtual address under a shadow-paging VMM (spec 7.3), read
 * without side effects: the root the VM runs on for its current guest {@code ptbr} and role
 * (vm-supervisor or vm-user; the physical root when the guest's P = 0), its shadow PDE and PTE
 * for the guest-linear address, and the guest-physical to host-physical step of the VM's
 * {@link GuestPhysicalMap} for the address the guest's own walk gives. "Host" is the machine
 * the VMM runs on: the CPU, or under a stack the VM of the level below.
 *
 * @param guest        the guest's own translation of the address
 * @param rootBuilt    whether the VM has a shadow root for its current ptbr and role (the next
 *                     resume builds a missing one)
 * @param physicalRoot whether that root is the one of a guest with P = 0
 * @param supervisor   the role of the root: vm-supervisor, else vm-user
 * @param active       whether the hardware's ptbr is that root now
 * @param rootAddress  the root's host-physical address (the hardware ptbr that runs it), or -1
 * @param spdeAddress  the shadow PDE's host-physical address, or -1
 * @param spde         the shadow PDE
 * @param spteAddress  the shadow PTE's host-physical address, or -1 when the shadow PDE is not present
 * @param spte         the shadow PTE (0 when absent)
 * @param hpa          where the guest's physical address lives in host memory, or -1 when the
 *                     guest's translation faults
 */
public record ShadowProbe(GuestTranslation guest, boolean rootBuilt, boolean physicalRoot, boolean supervisor,
                          boolean active, int rootAddress, int spdeAddress, int spde, int spteAddress, int spte,
                          int hpa) {

    /** Whether the shadow PTE maps the page (else the next access to it takes a hidden or true fault). */
    public boolean mapped() {
        return spteAddress >= 0 && (spte & Pte.P) != 0;
    }

    /** The host-physical address the shadow PTE gives for the guest-linear address, or -1 when it maps nothing. */
    public int shadowHpa() {
        return mapped() ? Pte.frameAddress(spte) | Pte.offset(guest.la()) : -1;
    }

    /**
     * Looks {@code guest} up in the shadows of {@code vm} under {@code vmm}; before the VM first
     * ran it has no shadows, and the probe says that no root is built.
     */
    public static ShadowProbe of(ShadowVmm vmm, Vm vm, GuestTranslation guest) {
        ShadowPageTable shadows = vmm.shadowsOf(vm);
        GuestPhysicalMap map = vmm.physicalMapOf(vm);
        int hpa = guest.ok() ? map.hpa(guest.pa()) : -1;
        boolean physical = !vm.paging();
        boolean supervisor = vm.supervisor();
        ShadowPageTable.Root root = shadows == null ? null
                : physical ? shadows.findPhysicalRoot() : shadows.find(vm.ptbr(), supervisor);
        if (root == null || !guest.segmentOk() || guest.kseg()) {
            // No root yet, or an address that never reaches the shadows (the segment refuses it, or
            // the kseg window bypasses paging).
            return new ShadowProbe(guest, root != null, physical, supervisor, root != null && root == shadows.activeRoot(),
                    root == null ? -1 : root.ptbr(), -1, 0, -1, 0, hpa);
        }
        int[] entries = shadows.entries(root, guest.la());
        int spdeAddress = root.ptbr() + Pte.directoryIndex(guest.la());
        int spteAddress = (entries[0] & Pte.P) != 0 ? Pte.frameAddress(entries[0]) + Pte.tableIndex(guest.la()) : -1;
        return new ShadowProbe(guest, true, physical, supervisor, root == shadows.activeRoot(), root.ptbr(),
                spdeAddress, entries[0], spteAddress, entries[1], hpa);
    }
}
