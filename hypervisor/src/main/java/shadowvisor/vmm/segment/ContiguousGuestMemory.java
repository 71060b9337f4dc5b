package shadowvisor.vmm.segment;

import java.util.Objects;
import shadowvisor.machine.cpu.Machine;
import shadowvisor.vmm.GuestMemory;

/**
 * A VM's memory as Popek and Goldberg's allocator gives it: the one contiguous host range
 * {@code [addr0, addr0 + memsize)}, guest-physical address {@code gpa} at host-physical
 * {@code addr0 + gpa}. Every access is bounds-checked against memsize: a VMM bug shows as an
 * exception here, never as a write into a neighbour.
 */
public final class ContiguousGuestMemory implements GuestMemory {
    private final Machine host;
    private final int addr0;
    private final int memsize;

    /**
     * @throws IllegalArgumentException when the range does not lie in the host's memory
     */
    public ContiguousGuestMemory(Machine host, int addr0, int memsize) {
        if (addr0 < 0 || memsize < 0 || (long) addr0 + memsize > host.memorySize()) {
            throw new IllegalArgumentException("guest range [" + addr0 + ", " + ((long) addr0 + memsize)
                    + ") is not inside host memory of " + host.memorySize() + " words");
        }
        this.host = host;
        this.addr0 = addr0;
        this.memsize = memsize;
    }

    /** Where the range starts in host memory. */
    public int addr0() {
        return addr0;
    }

    @Override
    public int size() {
        return memsize;
    }

    @Override
    public int hpa(int gpa) {
        return addr0 + Objects.checkIndex(gpa, memsize);
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
