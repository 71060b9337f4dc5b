package shadowvisor.result;

import org.eclipse.collections.api.list.primitive.LongList;
import org.eclipse.collections.api.list.primitive.MutableLongList;
import org.eclipse.collections.impl.list.mutable.primitive.LongArrayList;

/**
 * How a run's costs grew over guest time: one sample at the end of every time slice (natively,
 * every {@link #NATIVE_INTERVAL} retired instructions, the default slice, so the two line up),
 * each the running totals at that point of retired guest instructions, exits, hidden faults,
 * shadow pages held and TLB flushes. The HTML report plots them; nothing compares them, so a
 * timeline is not part of equivalence. Columns are primitive lists: a sample is taken on the
 * VMM's warm path, once a slice, and costs no boxing.
 */
public final class Timeline {
    /** Native samples every this many retired instructions: the VMMs' default time slice. */
    public static final long NATIVE_INTERVAL = 100_000;

    private final MutableLongList retired = new LongArrayList();
    private final MutableLongList exits = new LongArrayList();
    private final MutableLongList hiddenFaults = new LongArrayList();
    private final MutableLongList shadowPages = new LongArrayList();
    private final MutableLongList tlbFlushes = new LongArrayList();

    /** Appends a sample of running totals; a sample at the same retired count as the last replaces it. */
    public void sample(long retiredNow, long exitsNow, long hiddenNow, long shadowPagesNow, long flushesNow) {
        int last = retired.size() - 1;
        if (last >= 0 && retired.get(last) == retiredNow) {
            retired.removeAtIndex(last);
            exits.removeAtIndex(last);
            hiddenFaults.removeAtIndex(last);
            shadowPages.removeAtIndex(last);
            tlbFlushes.removeAtIndex(last);
        }
        retired.add(retiredNow);
        exits.add(exitsNow);
        hiddenFaults.add(hiddenNow);
        shadowPages.add(shadowPagesNow);
        tlbFlushes.add(flushesNow);
    }

    /** The number of samples. */
    public int size() {
        return retired.size();
    }

    /** Retired guest instructions at each sample: the x axis. */
    public LongList retired() {
        return retired;
    }

    /** Exits taken so far (every hardware trap the VMM took, slice ends included); 0 natively. */
    public LongList exits() {
        return exits;
    }

    /** Hidden page faults so far (the shadow modes); 0 elsewhere. */
    public LongList hiddenFaults() {
        return hiddenFaults;
    }

    /** Shadow page tables held at the sample (built minus dropped); 0 outside the shadow modes. */
    public LongList shadowPages() {
        return shadowPages;
    }

    /** Hardware TLB flushes so far. */
    public LongList tlbFlushes() {
        return tlbFlushes;
    }
}
