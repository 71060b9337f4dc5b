package shadowvisor.machine.isa;

/**
 * The pg instruction word layout (spec section 2.1): field extraction for decoders and field
 * packing for encoders. Bits a format does not use are ignored on decode and zero on encode.
 *
 * <pre>
 *  31      25 24  21 20  17 16  13 12          0
 * +----------+------+------+------+-------------+
 * |  opcode  |  A   |  B   |  C   |             |
 * +----------+------+------+------+-------------+
 *                          |<------ imm16 (15..0)
 *                         |<------- off17 (16..0)
 *                   |<------------- off21 (20..0)
 * </pre>
 */
public final class Encoding {
    private Encoding() {
    }

    public static int opcode(int word) {
        return word >>> 25;
    }

    public static int a(int word) {
        return (word >>> 21) & 0xF;
    }

    public static int b(int word) {
        return (word >>> 17) & 0xF;
    }

    public static int c(int word) {
        return (word >>> 13) & 0xF;
    }

    /** imm16 zero-extended. */
    public static int imm16(int word) {
        return word & 0xFFFF;
    }

    /** imm16 sign-extended. */
    public static int simm16(int word) {
        return (short) word;
    }

    /** off17 sign-extended. */
    public static int off17(int word) {
        return (word << 15) >> 15;
    }

    /** off21 sign-extended. */
    public static int off21(int word) {
        return (word << 11) >> 11;
    }

    /** Packs opcode and fields; each value is masked to its field width. */
    public static int encode(int opcode, int a, int b, int c, int imm16) {
        return (opcode & 0x7F) << 25 | (a & 0xF) << 21 | (b & 0xF) << 17 | (c & 0xF) << 13 | (imm16 & 0xFFFF);
    }

    /** A branch word: rs1=A, rs2=B, off17. */
    public static int encodeBranch(int opcode, int rs1, int rs2, int off17) {
        return (opcode & 0x7F) << 25 | (rs1 & 0xF) << 21 | (rs2 & 0xF) << 17 | (off17 & 0x1FFFF);
    }

    /** A jal word: rd=A, off21. */
    public static int encodeJal(int opcode, int rd, int off21) {
        return (opcode & 0x7F) << 25 | (rd & 0xF) << 21 | (off21 & 0x1FFFFF);
    }

    /** Smallest and largest off17 (branches), in words. */
    public static final int OFF17_MIN = -(1 << 16), OFF17_MAX = (1 << 16) - 1;
    /** Smallest and largest off21 (jal), in words. */
    public static final int OFF21_MIN = -(1 << 20), OFF21_MAX = (1 << 20) - 1;
}
