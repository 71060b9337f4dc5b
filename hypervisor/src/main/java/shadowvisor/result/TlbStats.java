package shadowvisor.result;

import shadowvisor.machine.paging.Tlb;

/**
 * The {@code tlb} record of a report: hardware TLB hits and misses while the guest ran,
 * {@code flushes} ({@code tlbflush} and {@code mtcr ptbr}) and {@code invlpg}s.
 */
public record TlbStats(long hits, long misses, long flushes, long invlpg) {
    public static TlbStats of(Tlb tlb) {
        return new TlbStats(tlb.hits, tlb.misses, tlb.flushes, tlb.invlpgs);
    }

    /** The difference {@code this - before}, for the share of a TLB one VM used. */
    public TlbStats minus(TlbStats before) {
        return new TlbStats(hits - before.hits, misses - before.misses, flushes - before.flushes, invlpg - before.invlpg);
    }

    public TlbStats plus(TlbStats o) {
        return new TlbStats(hits + o.hits, misses + o.misses, flushes + o.flushes, invlpg + o.invlpg);
    }

    public static final TlbStats ZERO = new TlbStats(0, 0, 0, 0);
}
