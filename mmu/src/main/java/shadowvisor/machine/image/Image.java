package shadowvisor.machine.image;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * A boot image: runs of words at physical word addresses and the entry address (spec section
 * 1.2). The assembler produces it, {@code asm -o} writes it in the format of {@link ImageFile},
 * and a machine or a VM boots from it by placing every word at its address.
 *
 * @param entry  the boot PC
 * @param chunks runs of consecutive words, sorted by address, never overlapping
 */
public record Image(int entry, List<Chunk> chunks) {

    /** A run of consecutive words starting at a word address (unsigned 32-bit). */
    public record Chunk(long address, int[] words) {
        public Chunk {
            Objects.requireNonNull(words);
            if (address < 0 || address + words.length > 0x1_0000_0000L) {
                throw new IllegalArgumentException("chunk outside the 32-bit address space: " + address);
            }
        }

        /** One past the last address of the run. */
        public long end() {
            return address + words.length;
        }
    }

    public Image {
        List<Chunk> sorted = new ArrayList<>(chunks);
        sorted.sort(Comparator.comparingLong(Chunk::address));
        for (int i = 1; i < sorted.size(); i++) {
            if (sorted.get(i).address() < sorted.get(i - 1).end()) {
                throw new IllegalArgumentException("image chunks overlap at " + sorted.get(i).address());
            }
        }
        chunks = List.copyOf(sorted);
    }

    /** One past the highest address that holds a word (0 for an empty image). */
    public long extent() {
        long end = 0;
        for (Chunk c : chunks) {
            end = Math.max(end, c.end());
        }
        return end;
    }

    /** Total number of words carried. */
    public long wordCount() {
        long n = 0;
        for (Chunk c : chunks) {
            n += c.words().length;
        }
        return n;
    }

    /**
     * Copies every word into {@code memory} at its address.
     *
     * @throws IllegalArgumentException when a word lies at or beyond {@code memory.length}
     */
    public void loadInto(int[] memory) {
        loadInto(memory, 0);
    }

    /** Copies every word into {@code memory} at {@code base + address}, checking the image fits below memsize words. */
    public void loadInto(int[] memory, int base, int memsize) {
        if (extent() > memsize) {
            throw new IllegalArgumentException("the image needs " + extent() + " words of memory, only " + memsize + " given");
        }
        loadInto(memory, base);
    }

    private void loadInto(int[] memory, int base) {
        if (extent() + base > memory.length) {
            throw new IllegalArgumentException("the image needs " + extent() + " words of memory, only " + (memory.length - base) + " given");
        }
        for (Chunk c : chunks) {
            System.arraycopy(c.words(), 0, memory, (int) (base + c.address()), c.words().length);
        }
    }
}
