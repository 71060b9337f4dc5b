package shadowvisor.machine.image;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import shadowvisor.machine.isa.Profile;

/**
 * A boot image: runs of words at physical word addresses, the entry address (spec section
 * 1.2) and the profile the source asked for with {@code .profile} (spec section 8). The
 * assembler produces it, {@code asm -o} writes it in the format of {@link ImageFile}, and a
 * machine or a VM boots from it by placing every word at its address ({@link Boot}). The profile is only a
 * record of the source's wish: which profile a run uses is the command line's decision
 * ({@code run --profile} overrides it, a {@code --load}ed image's is ignored).
 *
 * @param entry   the boot PC
 * @param chunks  runs of consecutive words, sorted by address, never overlapping
 * @param profile the name of a built-in profile ({@link Profile#builtIn}), or null when the
 *                source has no {@code .profile}
 */
public record Image(int entry, List<Chunk> chunks, String profile) {

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

    /** An image without a {@code .profile}. */
    public Image(int entry, List<Chunk> chunks) {
        this(entry, chunks, null);
    }

    public Image {
        if (profile != null && Profile.builtIn(profile) == null) {
            throw new IllegalArgumentException("unknown profile '" + profile + "' (known: " + knownProfiles() + ")");
        }
        List<Chunk> sorted = new ArrayList<>(chunks);
        sorted.sort(Comparator.comparingLong(Chunk::address));
        for (int i = 1; i < sorted.size(); i++) {
            if (sorted.get(i).address() < sorted.get(i - 1).end()) {
                throw new IllegalArgumentException("image chunks overlap at " + sorted.get(i).address());
            }
        }
        chunks = List.copyOf(sorted);
    }

    /** The same words and entry, recording {@code profile} (null for none) instead. */
    public Image withProfile(String profile) {
        return new Image(entry, chunks, profile);
    }

    /** The names of the built-in profiles, as messages list them: {@code pg, pdp10, x86, arm, mips}. */
    public static String knownProfiles() {
        StringBuilder names = new StringBuilder();
        for (Profile p : Profile.builtIns()) {
            names.append(names.isEmpty() ? "" : ", ").append(p.name());
        }
        return names.toString();
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
}
