package shadowvisor.machine.memory;

/**
 * A physical address space as the page walker sees it: words {@code [0, size)}. Host memory is
 * one implementation (the CPU walking its own tables on a TLB miss); a VM's guest-physical map
 * is another (a shadow VMM walking the guest's tables), so that one walker computes every
 * translation and every fault.
 */
public interface PhysicalView {
    /** Number of words; addresses at or above it do not exist. */
    int size();

    /** The word at {@code pa}; callers check {@code pa < size()} first (unsigned). */
    int read(int pa);

    /** Stores a word at {@code pa}; callers check {@code pa < size()} first (unsigned). */
    void write(int pa, int word);
}
