package shadowvisor.machine;

/**
 * The trap causes of spec section 4, with the code the hardware writes to word 8 of the trap
 * area and the name used as a key in {@code --json} counter maps. The access-bit constants are
 * the bits of the detail word (word 10).
 */
public enum TrapCause {
    PRIVILEGED(1), ILLEGAL(2), SVC(3), SEGMENT(4), MEMORY(5), PAGE(6), ARITH(7), TIMER(8);

    /** Number of cause codes plus one, for arrays indexed by code. */
    public static final int CODES = 9;

    /** Detail bit: the page was present, so rights were violated (PAGE only). */
    public static final int ACC_P = 1;
    /** Detail bit: a write. */
    public static final int ACC_W = 2;
    /** Detail bit: made in user mode. */
    public static final int ACC_U = 4;
    /** Detail bit: an instruction fetch. */
    public static final int ACC_F = 8;

    private static final TrapCause[] BY_CODE = new TrapCause[CODES];

    static {
        for (TrapCause c : values()) {
            BY_CODE[c.code] = c;
        }
    }

    private final int code;

    TrapCause(int code) {
        this.code = code;
    }

    /** The code stored in word 8 of the trap area. */
    public int code() {
        return code;
    }

    /** The cause with this code, or null. */
    public static TrapCause of(int code) {
        return code > 0 && code < CODES ? BY_CODE[code] : null;
    }

    /** True for the causes an instruction raises itself (all but TIMER). */
    public boolean synchronous() {
        return this != TIMER;
    }
}
