package shadowvisor.result;

import shadowvisor.machine.TrapCause;
import shadowvisor.machine.isa.Opcode;

/**
 * What a VMM did for one VM, reported under {@code vmm} in {@code --json} (spec section 9): the
 * hardware traps it took by cause ({@code exits}), the privileged instructions it emulated by
 * mnemonic, the traps it reflected into the guest, and each mode's own figures (hidden and
 * true faults, shadow pages built and dropped, syncs, ...) by name. Efficiency is measured
 * from these, not assumed.
 */
public final class VmmCounters {
    /** Hardware traps taken, indexed by cause code. */
    public final long[] exits = new long[TrapCause.CODES];
    /** Exits that were not guest traps: the end of a time slice. */
    public long sliceEnds;
    /** Emulated instructions, indexed by opcode number. */
    public final long[] emulated = new long[128];
    /** Traps reflected into the guest. */
    public long reflected;
    /** The mode's own counters, indexed by {@link VmmCounter#ordinal()}. */
    private final long[] counts = new long[VmmCounter.values().length];
    /** Which of them the mode reports (declared, or counted at least once). */
    private final boolean[] declared = new boolean[counts.length];

    /** Adds {@code n} to the mode's counter {@code c}, declaring it. */
    public void add(VmmCounter c, long n) {
        counts[c.ordinal()] += n;
        declared[c.ordinal()] = true;
    }

    /** Adds one to {@code c}: the event-counting path, an array increment. */
    public void count(VmmCounter c) {
        counts[c.ordinal()]++;
        declared[c.ordinal()] = true;
    }

    /** Declares a mode counter so it is reported even while zero. */
    public void declare(VmmCounter c) {
        declared[c.ordinal()] = true;
    }

    /** The value of counter {@code c} (0 when never counted). */
    public long get(VmmCounter c) {
        return counts[c.ordinal()];
    }

    /** The value of the counter whose JSON key is {@code name} (0 when unknown or never counted). */
    public long get(String name) {
        VmmCounter c = VmmCounter.byJsonName(name);
        return c == null ? 0 : counts[c.ordinal()];
    }

    /** The JSON keys of the counters this mode reports, in {@link VmmCounter} order. */
    public java.util.List<String> extraNames() {
        java.util.List<String> names = new java.util.ArrayList<>();
        for (VmmCounter c : VmmCounter.values()) {
            if (declared[c.ordinal()]) {
                names.add(c.jsonName());
            }
        }
        return names;
    }

    /** Total exits. */
    public long totalExits() {
        long n = 0;
        for (long e : exits) {
            n += e;
        }
        return n;
    }

    /** Total emulated instructions. */
    public long totalEmulated() {
        long n = 0;
        for (long e : emulated) {
            n += e;
        }
        return n;
    }

    /** Emulations by mnemonic, non-zero only, in opcode order. */
    public java.util.Map<String, Long> emulatedByMnemonic() {
        java.util.Map<String, Long> m = new java.util.LinkedHashMap<>();
        for (int op = 0; op < 128; op++) {
            if (emulated[op] != 0) {
                Opcode o = Opcode.byCode(op);
                m.put(o == null ? "op" + op : o.mnemonic(), emulated[op]);
            }
        }
        return m;
    }
}
