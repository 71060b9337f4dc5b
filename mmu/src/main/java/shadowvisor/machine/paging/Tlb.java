package shadowvisor.machine.paging;

/**
 * The translation lookaside buffer (spec section 3.3): a set-associative cache of successful
 * walks, keyed by linear page number, holding the frame address, the effective U and W rights
 * and whether the PTE's D bit was set. Size and associativity are parameters that a guest
 * keeping the TLB discipline cannot observe. It is not coherent with memory: only
 * {@link #invalidate}, {@link #flush} (and the CPU's {@code mtcr ptbr}) drop entries.
 *
 * <p>Each entry is packed in one int as the PTE layout: frame address | U | W | D. Replacement
 * within a set is round-robin, so the machine stays deterministic.
 */
public final class Tlb {
    /** Default number of entries. */
    public static final int DEFAULT_ENTRIES = 256;
    /** Default associativity. */
    public static final int DEFAULT_WAYS = 4;

    private static final int EMPTY = -1;

    private final int ways;
    private final int setMask;
    private final int[] tags;
    private final int[] entries;
    private final int[] victim;

    /** Counters reported under {@code tlb} in {@code --json}. */
    public long hits;
    public long misses;
    public long flushes;
    public long invlpgs;

    /**
     * @param entries total entries, a power of two (1 or more)
     * @param ways    associativity, a power of two dividing {@code entries}
     */
    public Tlb(int entries, int ways) {
        if (entries < 1 || Integer.bitCount(entries) != 1 || ways < 1 || Integer.bitCount(ways) != 1 || ways > entries) {
            throw new IllegalArgumentException("TLB entries and ways must be powers of two with ways <= entries: "
                    + entries + "/" + ways);
        }
        this.ways = ways;
        int sets = entries / ways;
        this.setMask = sets - 1;
        this.tags = new int[entries];
        this.entries = new int[entries];
        this.victim = new int[sets];
        java.util.Arrays.fill(tags, EMPTY);
    }

    public Tlb() {
        this(DEFAULT_ENTRIES, DEFAULT_WAYS);
    }

    public int capacity() {
        return tags.length;
    }

    public int ways() {
        return ways;
    }

    /**
     * The cached entry for linear page {@code lpn} ({@code la >>> 10}), or -1 on a miss. Counts a
     * hit or a miss.
     */
    public int lookup(int lpn) {
        int base = (lpn & setMask) * ways;
        for (int i = base, end = base + ways; i < end; i++) {
            if (tags[i] == lpn) {
                hits++;
                return entries[i];
            }
        }
        misses++;
        return -1;
    }

    /**
     * Caches a successful walk, replacing any entry for the same page.
     *
     * @return whether the insertion evicted another page's entry: a cache in front of the TLB
     *     (the CPU's micro-caches) must then forget what it took from the TLB, so that the TLB's
     *     size is its real capacity
     */
    public boolean insert(int lpn, int entry) {
        int base = (lpn & setMask) * ways;
        for (int i = base, end = base + ways; i < end; i++) {
            if (tags[i] == lpn) {
                entries[i] = entry;
                return false;
            }
        }
        int set = lpn & setMask;
        int i = base + victim[set];
        victim[set] = (victim[set] + 1) & (ways - 1);
        boolean evicted = tags[i] != EMPTY;
        tags[i] = lpn;
        entries[i] = entry;
        return evicted;
    }

    /**
     * A hit whose entry did not grant the access (rights, or a write through a clean entry): the
     * entry is dropped and the lookup counted as a miss, since memory is walked again.
     */
    public void refuse(int lpn) {
        hits--;
        misses++;
        drop(lpn);
    }

    /** Drops any entry for linear page {@code lpn} without counting it as an {@code invlpg}. */
    public void drop(int lpn) {
        int base = (lpn & setMask) * ways;
        for (int i = base, end = base + ways; i < end; i++) {
            if (tags[i] == lpn) {
                tags[i] = EMPTY;
            }
        }
    }

    /** {@code invlpg}: drops the entry of the page holding linear address {@code la}. */
    public void invalidate(int la) {
        invlpgs++;
        drop(la >>> Pte.PAGE_SHIFT);
    }

    /** {@code tlbflush} or {@code mtcr ptbr}: drops every entry. */
    public void flush() {
        flushes++;
        java.util.Arrays.fill(tags, EMPTY);
    }

    /**
     * One valid entry, as an observer sees it (the debugger's {@code tlb}).
     *
     * @param linearPage   the linear page number ({@code la >>> 10})
     * @param frameAddress the physical address of the frame it maps
     * @param user         the effective U right of the walk it caches
     * @param writable     the effective W right
     * @param dirty        whether the PTE's D bit was set (a write through a clean entry re-walks)
     */
    public record Entry(int linearPage, int frameAddress, boolean user, boolean writable, boolean dirty) {
    }

    /**
     * The valid entries, set by set and way by way, read without counting a hit or a miss or
     * moving a victim pointer: looking at the TLB does not change what it will do.
     */
    public java.util.List<Entry> entries() {
        java.util.List<Entry> valid = new java.util.ArrayList<>();
        for (int i = 0; i < tags.length; i++) {
            if (tags[i] != EMPTY) {
                int e = entries[i];
                valid.add(new Entry(tags[i], Pte.frameAddress(e), (e & Pte.U) != 0, (e & Pte.W) != 0,
                        (e & Pte.D) != 0));
            }
        }
        return valid;
    }
}
