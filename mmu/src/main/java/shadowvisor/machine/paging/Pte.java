package shadowvisor.machine.paging;

/**
 * Page-directory and page-table entry bits (spec section 3.1), one word each:
 *
 * <pre>
 *  31                      10 9     5  4   3   2   1   0
 * +--------------------------+-------+---+---+---+---+---+
 * |          frame           | soft  | D | A | U | W | P |
 * +--------------------------+-------+---+---+---+---+---+
 * </pre>
 *
 * A linear address under paging is 30 bits: {@code la[29:20]} directory index,
 * {@code la[19:10]} table index, {@code la[9:0]} offset in a 1024-word page.
 */
public final class Pte {
    private Pte() {
    }

    public static final int P = 1;
    public static final int W = 2;
    public static final int U = 4;
    public static final int A = 8;
    public static final int D = 16;

    /** Words in a page. */
    public static final int PAGE_WORDS = 1024;
    /** log2 of {@link #PAGE_WORDS}. */
    public static final int PAGE_SHIFT = 10;
    /** Linear addresses under paging are below this (2^30). */
    public static final int LINEAR_LIMIT = 1 << 30;

    /** The frame's physical address, {@code frame << 10} (unsigned; may exceed memory). */
    public static int frameAddress(int entry) {
        return entry & ~0x3FF;
    }

    public static int directoryIndex(int la) {
        return (la >>> 20) & 0x3FF;
    }

    public static int tableIndex(int la) {
        return (la >>> 10) & 0x3FF;
    }

    public static int offset(int la) {
        return la & 0x3FF;
    }
}
