package shadowvisor.vmm.shadow;

import java.util.Random;
import org.eclipse.collections.api.list.primitive.MutableIntList;
import org.eclipse.collections.impl.list.mutable.primitive.IntArrayList;

/**
 * Host frames handed out by a shadow VMM: guest memory frames and the frames that hold shadow
 * page tables. Frames come out in a shuffled order fixed by a seed, so guest memory is never
 * contiguous in host memory and every run is reproducible.
 */
public final class HostFramePool {
    private final MutableIntList free = new IntArrayList();

    /**
     * @param firstFrame the first host frame the pool owns (frames below belong to the VMM)
     * @param frames     how many frames it owns
     * @param seed       the shuffle seed
     */
    public HostFramePool(int firstFrame, int frames, long seed) {
        int[] order = new int[frames];
        for (int i = 0; i < frames; i++) {
            order[i] = firstFrame + i;
        }
        Random random = new Random(seed);
        for (int i = frames - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        // Allocation takes from the end of the list: reverse so the first frame taken is order[0].
        for (int i = frames - 1; i >= 0; i--) {
            free.add(order[i]);
        }
    }

    /** Frames still free. */
    public int available() {
        return free.size();
    }

    /** Takes a frame, or returns -1 when none is left. */
    public int take() {
        return free.isEmpty() ? -1 : free.removeAtIndex(free.size() - 1);
    }

    /** Takes {@code n} frames. */
    public int[] take(int n) {
        if (n > free.size()) {
            throw new IllegalStateException("host frame pool exhausted: " + n + " frames wanted, " + free.size() + " left");
        }
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            out[i] = take();
        }
        return out;
    }

    /** Returns a frame to the pool. */
    public void give(int frame) {
        free.add(frame);
    }
}
