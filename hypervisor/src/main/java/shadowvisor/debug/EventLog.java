package shadowvisor.debug;

import java.util.ArrayList;
import java.util.List;
import shadowvisor.vmm.VmmEvent;

/**
 * The last VMM events of a session, oldest first, in a ring of fixed capacity: the debugger's
 * {@code events N}. Recording is constant time and allocates nothing beyond the event, so a long
 * {@code continue} through millions of exits costs no more than the events themselves.
 */
public final class EventLog {
    private final VmmEvent[] ring;
    private long recorded;

    /** @param capacity the most events kept (1 or more) */
    public EventLog(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("an event log keeps at least 1 event, got " + capacity);
        }
        ring = new VmmEvent[capacity];
    }

    /** Keeps {@code e}, dropping the oldest when full. */
    public void record(VmmEvent e) {
        ring[(int) (recorded % ring.length)] = e;
        recorded++;
    }

    /** Events recorded since the session began, kept or not. */
    public long recorded() {
        return recorded;
    }

    /** The most events this log keeps. */
    public int capacity() {
        return ring.length;
    }

    /** The last {@code n} events kept (fewer when fewer were kept), oldest first. */
    public List<VmmEvent> last(int n) {
        int kept = (int) Math.min(recorded, ring.length);
        int count = Math.max(0, Math.min(n, kept));
        List<VmmEvent> events = new ArrayList<>(count);
        for (long i = recorded - count; i < recorded; i++) {
            events.add(ring[(int) (i % ring.length)]);
        }
        return events;
    }
}
