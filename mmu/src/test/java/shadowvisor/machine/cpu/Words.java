package shadowvisor.machine.cpu;

import static shadowvisor.machine.isa.Opcode.*;

import shadowvisor.machine.isa.Encoding;
import shadowvisor.machine.isa.Opcode;

/**
 * Hand encoders of pg instruction words (spec section 2.1), built on {@link Encoding} only, so
 * that the CPU tests do not depend on the assembler. Operand order follows the assembly syntax:
 * {@code ld(rd, imm, rs1)} is {@code ld rd, imm(rs1)}.
 */
public final class Words {
    private Words() {
    }

    public static final int NOP = addi(0, 0, 0);

    public static int r3(Opcode op, int rd, int rs1, int rs2) {
        return Encoding.encode(op.code(), rd, rs1, rs2, 0);
    }

    /** The immediate and shift-immediate formats: {@code op rd, rs1, imm}. */
    public static int ri(Opcode op, int rd, int rs1, int imm) {
        return Encoding.encode(op.code(), rd, rs1, 0, imm);
    }

    public static int addi(int rd, int rs1, int imm) {
        return ri(ADDI, rd, rs1, imm);
    }

    public static int lui(int rd, int imm) {
        return Encoding.encode(LUI.code(), rd, 0, 0, imm);
    }

    /** {@code li rd, value} as the two words {@code lui} + {@code ori}. */
    public static int[] li(int rd, int value) {
        return new int[] {lui(rd, value >>> 16), ri(ORI, rd, rd, value & 0xFFFF)};
    }

    public static int ld(int rd, int imm, int rs1) {
        return Encoding.encode(LD.code(), rd, rs1, 0, imm);
    }

    public static int st(int rs2, int imm, int rs1) {
        return Encoding.encode(ST.code(), rs2, rs1, 0, imm);
    }

    public static int branch(Opcode op, int rs1, int rs2, int off) {
        return Encoding.encodeBranch(op.code(), rs1, rs2, off);
    }

    public static int jal(int rd, int off) {
        return Encoding.encodeJal(JAL.code(), rd, off);
    }

    public static int jalr(int rd, int rs1, int imm) {
        return Encoding.encode(JALR.code(), rd, rs1, 0, imm);
    }

    public static int svc(int imm) {
        return Encoding.encode(SVC.code(), 0, 0, 0, imm);
    }

    public static int lpsw(int imm, int rs1) {
        return Encoding.encode(LPSW.code(), 0, rs1, 0, imm);
    }

    public static int rdpsw(int rd, int field) {
        return Encoding.encode(RDPSW.code(), rd, 0, 0, field);
    }

    public static int mtcr(int cr, int rs) {
        return Encoding.encode(MTCR.code(), 0, rs, 0, cr);
    }

    public static int mfcr(int rd, int cr) {
        return Encoding.encode(MFCR.code(), rd, 0, 0, cr);
    }

    public static int invlpg(int rs) {
        return Encoding.encode(INVLPG.code(), 0, rs, 0, 0);
    }

    public static int tlbflush() {
        return Encoding.encode(TLBFLUSH.code(), 0, 0, 0, 0);
    }

    public static int out(int rs, int port) {
        return Encoding.encode(OUT.code(), 0, rs, 0, port);
    }

    public static int in(int rd, int port) {
        return Encoding.encode(IN.code(), rd, 0, 0, port);
    }

    public static int halt() {
        return Encoding.encode(HALT.code(), 0, 0, 0, 0);
    }

    /** Concatenates words and word arrays ({@code int} or {@code int[]} arguments). */
    public static int[] seq(Object... parts) {
        int n = 0;
        for (Object p : parts) {
            n += p instanceof int[] a ? a.length : 1;
        }
        int[] out = new int[n];
        int i = 0;
        for (Object p : parts) {
            if (p instanceof int[] a) {
                System.arraycopy(a, 0, out, i, a.length);
                i += a.length;
            } else {
                out[i++] = (Integer) p;
            }
        }
        return out;
    }

    public static int jrstu(int imm, int rs1) {
        return Encoding.encode(JRSTU.code(), 0, rs1, 0, imm);
    }

    public static int popf(int rs) {
        return Encoding.encode(POPF.code(), 0, rs, 0, 0);
    }

    public static int smsw(int rd, int field) {
        return Encoding.encode(SMSW.code(), rd, 0, 0, field);
    }

    public static int mrs(int rd) {
        return Encoding.encode(MRS.code(), rd, 0, 0, 0);
    }
}
