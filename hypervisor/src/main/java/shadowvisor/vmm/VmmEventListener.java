package shadowvisor.vmm;

/**
 * Receives a VMM's decisions as they happen ({@code run --events}, the debugger's event log and
 * its {@code break event}). A VMM with no listener builds no event: the cost of observing is
 * paid only by a run that observes.
 */
@FunctionalInterface
public interface VmmEventListener {
    void event(VmmEvent event);
}
