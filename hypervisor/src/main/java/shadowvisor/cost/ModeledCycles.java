package shadowvisor.cost;

import java.util.List;
import shadowvisor.machine.TrapCause;
import shadowvisor.result.RunReport;
import shadowvisor.result.VmmLevel;
import shadowvisor.result.VmmCounter;
import shadowvisor.result.VmmCounters;

/**
 * What a run costs on a cost model: for each {@link CostTerm}, how many events the run had and
 * the cycles they are priced at, and the total. The counts are the report's own counters, so the
 * total is exactly the sum of counters times constants, and changing one constant changes one
 * term:
 *
 * <ul>
 *   <li>{@code instruction}: retired guest instructions the hardware ran, i.e. all of them minus
 *   those the innermost VMM emulated or interpreted, which are priced as {@code emulate} and
 *   {@code interpret} instead;</li>
 *   <li>{@code walk_reference}: two per hardware TLB miss (the PDE and the PTE);</li>
 *   <li>{@code trap_delivery}: natively, every trap the hardware delivered; under a VMM none
 *   (the guest's traps are exits, then reflections);</li>
 *   <li>every VMM term, summed over the levels of a stack: {@code exit} (every exit, slice ends
 *   included), {@code emulate} (by mnemonic), {@code reflect}, {@code hidden_fault}, {@code sync}
 *   ({@code syncs}), {@code drop} ({@code shadow_pages_dropped}), {@code write_protect}
 *   ({@code pt_writes_emulated}), {@code interpret}, {@code forward} ({@code forwarded}).</li>
 * </ul>
 */
public final class ModeledCycles {
    private final long[] counts = new long[CostTerm.values().length];
    private final long[] cycles = new long[CostTerm.values().length];
    private long total;

    private ModeledCycles() {
    }

    /** The cost of {@code run} on {@code model}. */
    public static ModeledCycles of(RunReport run, CostModel model) {
        ModeledCycles m = new ModeledCycles();
        List<VmmCounters> levels = levels(run);
        long direct = run.instructions();
        if (!levels.isEmpty()) {
            direct -= levels.get(0).totalEmulated() + levels.get(0).get(VmmCounter.INTERPRETED);
        }
        m.add(CostTerm.INSTRUCTION, direct, model);
        m.add(CostTerm.WALK_REFERENCE, 2 * run.tlb().misses(), model);
        long delivered = 0;
        if (levels.isEmpty()) {
            for (TrapCause c : TrapCause.values()) {
                delivered += run.traps(c);
            }
        }
        m.add(CostTerm.TRAP_DELIVERY, delivered, model);
        for (VmmCounters c : levels) {
            m.add(CostTerm.EXIT, c.totalExits() + c.sliceEnds, model);
            for (int op = 0; op < c.emulated.length; op++) {
                if (c.emulated[op] != 0) {
                    m.addPriced(CostTerm.EMULATE, c.emulated[op], model.emulatePrice(op));
                }
            }
            m.add(CostTerm.REFLECT, c.reflected, model);
            m.add(CostTerm.HIDDEN_FAULT, c.get(VmmCounter.HIDDEN_FAULTS), model);
            m.add(CostTerm.SYNC, c.get(VmmCounter.SYNCS), model);
            m.add(CostTerm.DROP, c.get(VmmCounter.SHADOW_PAGES_DROPPED), model);
            m.add(CostTerm.WRITE_PROTECT, c.get(VmmCounter.PT_WRITES_EMULATED), model);
            m.add(CostTerm.INTERPRET, c.get(VmmCounter.INTERPRETED), model);
            m.add(CostTerm.FORWARD, c.get(VmmCounter.FORWARDED), model);
        }
        return m;
    }

    /** The counters of every level, innermost first; empty natively. */
    private static List<VmmCounters> levels(RunReport run) {
        if (run.vmm() == null) {
            return List.of();
        }
        if (run.levels().isEmpty()) {
            return List.of(run.vmm());
        }
        return run.levels().stream().map(VmmLevel::counters).toList();
    }

    private void add(CostTerm term, long count, CostModel model) {
        addPriced(term, count, model.price(term));
    }

    private void addPriced(CostTerm term, long count, long price) {
        counts[term.ordinal()] += count;
        long c = Math.multiplyHigh(count, price) == 0 ? count * price : Long.MAX_VALUE;
        cycles[term.ordinal()] = saturatingAdd(cycles[term.ordinal()], c);
        total = saturatingAdd(total, c);
    }

    private static long saturatingAdd(long a, long b) {
        long s = a + b;
        return s < 0 ? Long.MAX_VALUE : s;
    }

    /** The events of {@code term} the run had. */
    public long count(CostTerm term) {
        return counts[term.ordinal()];
    }

    /** The cycles {@code term} contributes. */
    public long cycles(CostTerm term) {
        return cycles[term.ordinal()];
    }

    /** Every term's cycles together. */
    public long total() {
        return total;
    }

    /** {@code total / other.total}, the modeled ratio (NaN when other costs nothing). */
    public double ratioTo(ModeledCycles other) {
        return other.total == 0 ? Double.NaN : (double) total / other.total;
    }
}
