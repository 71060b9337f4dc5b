package shadowvisor.suite.access;

import java.util.ArrayList;
import java.util.List;

/**
 * One combination of the access permutation suite: the PDE's and the PTE's bits as the guest
 * writes them, the kind of access, the CPU mode that makes it and the state of the TLB before
 * it. It is encoded in one word, so that the guest carries its combinations as a table and
 * echoes each one beside its result (the console line says which combination it speaks of).
 *
 * <pre>
 *  bit  14 13 | 12 | 11 10 | 9 ....... 5 | 4 ...... 0
 *       tlb   | u  | kind  | PTE D A U W P | PDE - A U W P
 * </pre>
 *
 * @param pde  the PDE's low bits: P (1), W (2), U (4), A (8); the PDE has no D (spec 3.1)
 * @param pte  the PTE's low bits: P, W, U, A, D (16)
 * @param kind read, write or fetch
 * @param user whether the access is made in user mode (else supervisor)
 * @param tlb  the TLB state before the access
 */
public record Combination(int pde, int pte, Kind kind, boolean user, TlbState tlb) {
    /** Entry bits of spec section 3.1, as the assembler predefines them ({@code PTE_P} ...). */
    public static final int P = 1;
    public static final int W = 2;
    public static final int U = 4;
    public static final int A = 8;
    public static final int D = 16;

    /** The kinds of access: a data read ({@code ld}), a data write ({@code st}), an instruction fetch. */
    public enum Kind {
        READ, WRITE, FETCH;

        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /**
     * The TLB before the access: empty for the page ({@code invlpg} after the entries were
     * written), or holding the translation of an earlier supervisor read or write made through
     * entries with every right (P W U, A and D clear), after which the guest rewrote the
     * entries to the combination's bits without any flush (spec 3.3: stale).
     */
    public enum TlbState {
        COLD("cold"), WARM_READ("warm-read"), WARM_WRITE("warm-write");

        private final String label;

        TlbState(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    public Combination {
        if ((pde & ~(P | W | U | A)) != 0 || (pte & ~(P | W | U | A | D)) != 0) {
            throw new IllegalArgumentException("bits out of range: pde " + pde + ", pte " + pte);
        }
    }

    /** Every combination of {@code kind} and {@code user}: 16 PDEs x 32 PTEs x 3 TLB states = 1536. */
    public static List<Combination> all(Kind kind, boolean user) {
        List<Combination> list = new ArrayList<>();
        for (TlbState t : TlbState.values()) {
            for (int pte = 0; pte < 32; pte++) {
                for (int pde = 0; pde < 16; pde++) {
                    list.add(new Combination(pde, pte, kind, user, t));
                }
            }
        }
        return list;
    }

    /** The word the guest's table holds (see the class comment). */
    public int encode() {
        return pde | pte << 5 | kind.ordinal() << 10 | (user ? 1 << 12 : 0) | tlb.ordinal() << 13;
    }

    public static Combination decode(int word) {
        return new Combination(word & 0xF, word >>> 5 & 0x1F, Kind.values()[word >>> 10 & 3], (word & 1 << 12) != 0,
                TlbState.values()[word >>> 13 & 3]);
    }

    /** In full, as a failing combination is named: {@code pde=[P W] pte=[P U A] write user tlb=warm-read}. */
    @Override
    public String toString() {
        return "pde=" + bits(pde) + " pte=" + bits(pte) + " " + kind.label() + " " + (user ? "user" : "supervisor")
                + " tlb=" + tlb.label();
    }

    /** The set bits by name, {@code [P W U A D]}, or {@code []}. */
    public static String bits(int word) {
        StringBuilder sb = new StringBuilder("[");
        String[] names = {"P", "W", "U", "A", "D"};
        for (int i = 0; i < names.length; i++) {
            if ((word & 1 << i) != 0) {
                sb.append(sb.length() > 1 ? " " : "").append(names[i]);
            }
        }
        return sb.append(']').toString();
    }
}
