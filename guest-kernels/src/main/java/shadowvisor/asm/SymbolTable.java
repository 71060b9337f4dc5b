package shadowvisor.asm;

import java.math.BigInteger;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The symbols of one assembly run: the predefined names of spec section 6, labels and
 * {@code .equ} names. A name is first <em>declared</em> (which is where duplicates and reserved
 * names are caught, in source order) and then gets its value, at once for a label, possibly only
 * later for an {@code .equ} that refers forward. During the first pass the table holds only
 * what is defined textually earlier, which is what {@code li}'s size rule ("known on the first
 * pass") asks of an expression.
 */
final class SymbolTable implements Expression.Scope {

    /** The predefined symbols of spec section 6. */
    static final Map<String, BigInteger> PREDEFINED;

    static {
        Map<String, BigInteger> m = new LinkedHashMap<>();
        Object[] pairs = {
            "PSW_S", 1, "PSW_P", 2, "PSW_I", 4,
            "OLD_PSW", 0, "NEW_PSW", 4, "TRAP_CAUSE", 8, "TRAP_VALUE", 9, "TRAP_DETAIL", 10,
            "T_PRIVILEGED", 1, "T_ILLEGAL", 2, "T_SVC", 3, "T_SEGMENT", 4, "T_MEMORY", 5, "T_PAGE", 6,
            "T_ARITH", 7, "T_TIMER", 8,
            "ACC_P", 1, "ACC_W", 2, "ACC_U", 4, "ACC_F", 8,
            "PTE_P", 1, "PTE_W", 2, "PTE_U", 4, "PTE_A", 8, "PTE_D", 16,
            "PAGE_SIZE", 1024, "CONSOLE", 0, "POWER", 1,
        };
        for (int i = 0; i < pairs.length; i += 2) {
            m.put((String) pairs[i], BigInteger.valueOf((Integer) pairs[i + 1]));
        }
        PREDEFINED = Collections.unmodifiableMap(m);
    }

    /** A declared symbol: where, and its value once known. */
    private static final class Entry {
        final String where;
        BigInteger value;
        /** Its definition failed with a reported error; uses fail silently. */
        boolean poisoned;

        Entry(String where) {
            this.where = where;
        }
    }

    private final Map<String, Entry> symbols = new HashMap<>();
    /** The labels among the symbols, in source order, with their addresses (a debugger's names for them). */
    private final Map<String, Integer> labels = new LinkedHashMap<>();

    /**
     * Declares a user symbol.
     *
     * @param where {@code file:line:column} of the definition, quoted by a later duplicate
     * @return null, or the error message when the name cannot be declared
     */
    String declare(String name, String where) {
        if (Registers.number(name) >= 0) {
            return "'" + name + "' is a register name and cannot be a symbol";
        }
        if (PREDEFINED.containsKey(name)) {
            return "'" + name + "' is a predefined symbol and cannot be redefined";
        }
        Entry e = symbols.get(name);
        if (e != null) {
            return "duplicate symbol '" + name + "' (first defined at " + e.where + ")";
        }
        symbols.put(name, new Entry(where));
        return null;
    }

    /** Gives a declared symbol its value. */
    void assign(String name, BigInteger value) {
        symbols.get(name).value = value;
    }

    /** Gives a declared label its address, and remembers that it names a location (not an {@code .equ}). */
    void assignLabel(String name, BigInteger address) {
        assign(name, address);
        labels.put(name, address.intValue());
    }

    /** The labels and their addresses, in source order: locations, not {@code .equ} values. */
    Map<String, Integer> labels() {
        return Collections.unmodifiableMap(labels);
    }

    /** Marks a declared symbol whose value could not be computed (the error is reported). */
    void poison(String name) {
        symbols.get(name).poisoned = true;
    }

    /** True when the symbol has a value now. */
    boolean hasValue(String name) {
        if (PREDEFINED.containsKey(name)) {
            return true;
        }
        Entry e = symbols.get(name);
        return e != null && e.value != null;
    }

    @Override
    public BigInteger valueOf(String name, int column) {
        Entry e = symbols.get(name);
        if (e != null) {
            if (e.value != null) {
                return e.value;
            }
            if (e.poisoned) {
                throw new SourceError.AlreadyReported(column);
            }
            throw new SourceError.Undefined(column, name);
        }
        BigInteger predefined = PREDEFINED.get(name);
        if (predefined != null) {
            return predefined;
        }
        throw new SourceError.Undefined(column, name);
    }
}
