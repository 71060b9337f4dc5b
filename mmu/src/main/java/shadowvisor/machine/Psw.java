package shadowvisor.machine;

/**
 * A program status word (M, P, I, B, L, PC) in its 4-word memory form {@code flags, B, L, PC}
 * (spec section 1.1). The CPU keeps the live PSW in fields; this record is how the PSW crosses
 * interfaces (a VMM's vPSW, a report).
 *
 * @param flags bit 0 M (1 = supervisor), bit 1 P (paging), bit 2 I (timer interrupts)
 * @param b     segment base
 * @param l     segment limit
 * @param pc    virtual address of the next instruction
 */
public record Psw(int flags, int b, int l, int pc) {
    /** Flag bit M: supervisor mode. */
    public static final int S = 1;
    /** Flag bit P: paging enabled. */
    public static final int P = 2;
    /** Flag bit I: timer interrupts enabled. */
    public static final int I = 4;
    /** The flag bits that are defined; the rest are reserved. */
    public static final int DEFINED_FLAGS = S | P | I;

    /**
     * The segment check of spec section 3, step 1, as one bound: {@code va} passes it exactly
     * when {@code va <u segmentLimit(B, L)}, i.e. {@code va <u L} and {@code B + va} does not
     * overflow 32 bits ({@code va <u 2^32 - B}). Every translator uses this one formula.
     */
    public static int segmentLimit(int b, int l) {
        return b == 0 || Integer.compareUnsigned(l, -b) < 0 ? l : -b;
    }

    public boolean supervisor() {
        return (flags & S) != 0;
    }

    public boolean paging() {
        return (flags & P) != 0;
    }

    public boolean interruptsEnabled() {
        return (flags & I) != 0;
    }

    public Psw withPc(int newPc) {
        return new Psw(flags, b, l, newPc);
    }

    /** The four words as stored in memory. */
    public int[] toWords() {
        return new int[] {flags, b, l, pc};
    }

    @Override
    public String toString() {
        return String.format("PSW(%s%s%s B=%08x L=%08x PC=%08x)", supervisor() ? "s" : "u", paging() ? ",P" : "",
                interruptsEnabled() ? ",I" : "", b, l, pc);
    }
}
