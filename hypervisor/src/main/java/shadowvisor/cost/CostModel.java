package shadowvisor.cost;

import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import shadowvisor.machine.isa.Opcode;

/**
 * The price of every event in modeled cycles: one constant per {@link CostTerm}, and for
 * {@link CostTerm#EMULATE} optionally one per mnemonic (emulating {@code lpsw}, four memory
 * reads and a PSW check, costs more than emulating {@code mfcr}). Immutable; {@link #defaults()}
 * are documented with their sources in docs/PAPERS.md, and a user's file replaces any of them.
 */
public final class CostModel {
    private static final CostModel DEFAULTS = new CostModel("default", defaultPrices(), new long[128]);

    private final String name;
    private final long[] prices;
    /** Per opcode, the emulation price, or 0 for the {@link CostTerm#EMULATE} constant. */
    private final long[] emulatePrices;

    private CostModel(String name, long[] prices, long[] emulatePrices) {
        this.name = name;
        this.prices = prices;
        this.emulatePrices = emulatePrices;
    }

    private static long[] defaultPrices() {
        long[] p = new long[CostTerm.values().length];
        for (CostTerm t : CostTerm.values()) {
            p[t.ordinal()] = t.defaultCycles();
        }
        return p;
    }

    /** The documented defaults. */
    public static CostModel defaults() {
        return DEFAULTS;
    }

    /** Where this model came from: {@code default}, or the file it was read from. */
    public String name() {
        return name;
    }

    /** This model named {@code source}. */
    public CostModel named(String source) {
        return new CostModel(source, prices, emulatePrices);
    }

    /** The price of {@code term}. */
    public long price(CostTerm term) {
        return prices[term.ordinal()];
    }

    /** The price of emulating the instruction with opcode number {@code opcode}. */
    public long emulatePrice(int opcode) {
        long p = emulatePrices[opcode];
        return p != 0 ? p : prices[CostTerm.EMULATE.ordinal()];
    }

    /** This model with {@code term} priced {@code cycles}. */
    public CostModel with(CostTerm term, long cycles) {
        requireCycles(term.key(), cycles);
        long[] p = prices.clone();
        p[term.ordinal()] = cycles;
        return new CostModel(name, p, emulatePrices);
    }

    /**
     * This model with the emulation of {@code mnemonic} priced {@code cycles}.
     *
     * @throws IllegalArgumentException for an unknown mnemonic
     */
    public CostModel withEmulate(String mnemonic, long cycles) {
        requireCycles("emulate." + mnemonic, cycles);
        Opcode op = Opcode.byMnemonic(mnemonic);
        if (op == null) {
            throw new IllegalArgumentException("emulate." + mnemonic + ": no instruction " + mnemonic);
        }
        long[] e = emulatePrices.clone();
        e[op.code()] = cycles;
        return new CostModel(name, prices, e);
    }

    private static void requireCycles(String key, long cycles) {
        if (cycles < 0 || cycles > 1_000_000_000L) {
            throw new IllegalArgumentException(key + ": a price must be from 0 to 1000000000 cycles, got " + cycles);
        }
    }

    /** Every price by key, per-mnemonic emulation prices as {@code emulate.MNEMONIC}: what reports print. */
    public Map<String, Long> prices() {
        Map<String, Long> m = new TreeMap<>();
        for (CostTerm t : CostTerm.values()) {
            m.put(t.key(), price(t));
        }
        for (int op = 0; op < emulatePrices.length; op++) {
            if (emulatePrices[op] != 0) {
                m.put("emulate." + Objects.requireNonNull(Opcode.byCode(op)).mnemonic(), emulatePrices[op]);
            }
        }
        return m;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CostModel m && Arrays.equals(prices, m.prices) && Arrays.equals(emulatePrices, m.emulatePrices);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(prices) + Arrays.hashCode(emulatePrices);
    }
}
