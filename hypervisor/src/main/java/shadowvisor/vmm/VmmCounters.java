package shadowvisor.vmm;

import org.eclipse.collections.api.map.primitive.MutableObjectLongMap;
import org.eclipse.collections.impl.map.mutable.primitive.ObjectLongHashMap;
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
    /** The mode's own counters, in insertion order of first use. */
    private final MutableObjectLongMap<String> extra = new ObjectLongHashMap<>();
    private final java.util.List<String> extraOrder = new java.util.ArrayList<>();

    /** Adds {@code n} to the mode's own counter {@code name}, declaring it on first use. */
    public void add(String name, long n) {
        if (!extra.containsKey(name)) {
            extraOrder.add(name);
        }
        extra.addToValue(name, n);
    }

    /** Declares a mode counter so it is reported even while zero. */
    public void declare(String name) {
        add(name, 0);
    }

    /** The value of the mode's own counter {@code name} (0 when never used). */
    public long get(String name) {
        return extra.get(name);
    }

    /** The names of the mode's own counters, in declaration order. */
    public java.util.List<String> extraNames() {
        return java.util.List.copyOf(extraOrder);
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
