package shadowvisor.machine.cpu;

import java.io.ByteArrayOutputStream;
import java.util.BitSet;

/**
 * The machine of spec sections 1 to 5 written as literally as possible, for differential tests
 * of {@link Cpu}: one instruction at a time, every access translated from scratch (no TLB, no
 * caches), no attention to speed. It also watches the TLB discipline of section 3.3 from the
 * outside: {@link #disciplineKept} turns false when a page-table word that a successful walk
 * read since the last full flush is overwritten (by {@code st} or by a trap delivery), after
 * which a CPU with a TLB may legitimately differ from this one.
 */
final class ReferenceMachine {
    static final int BUDGET = 0, HALT = 2, POWEROFF = 3, SHUTDOWN = 4;
    private static final int CONTINUE = -1;

    final int[] m;
    final int sz;
    final int[] r = new int[16];
    int flags, b, l, pc, ptbr, timer;
    boolean pending;
    long retired;
    final long[] traps = new long[9];
    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    int powerValue;
    boolean disciplineKept = true;

    private final byte[] input;
    private int inputPos;
    private boolean window;                  // the first instruction after a delivery has not retired yet
    private final BitSet walkedWords;        // table words read by successful walks since the last flush
    private int fCause, fValue, fDetail;     // the fault of the last failed translation

    ReferenceMachine(int[] memory, byte[] input) {
        this.m = memory;
        this.sz = memory.length;
        this.input = input;
        this.walkedWords = new BitSet(sz);
    }

    void setPsw(int f, int nb, int nl, int npc) {
        flags = f & 7;
        b = nb;
        l = nl;
        pc = npc;
    }

    int run(long limit) {
        for (;;) {
            if (retired >= limit) {
                return BUDGET;
            }
            if (pending && (flags & 4) != 0) {                // section 5: before each fetch
                pending = false;
                deliver(8, 0, 0);
                continue;
            }
            int e = step();
            if (e != CONTINUE) {
                return e;
            }
        }
    }

    // ---- section 4

    private int trap(int cause, int value, int detail) {
        if (window) {
            return SHUTDOWN;                                    // double fault: nothing written, not counted
        }
        deliver(cause, value, detail);
        return CONTINUE;
    }

    private void deliver(int cause, int value, int detail) {
        int[] words = {flags, b, l, pc, m[4], m[5], m[6], m[7], cause, value, detail};
        for (int i : new int[] {0, 1, 2, 3, 8, 9, 10}) {
            hardwareWrite(i, words[i]);
        }
        traps[cause]++;
        setPsw(m[4], m[5], m[6], m[7]);
        window = true;
    }

    private void hardwareWrite(int pa, int word) {
        if (walkedWords.get(pa) && m[pa] != word) {
            disciplineKept = false;
        }
        m[pa] = word;
    }

    private void retire(boolean countDown) {
        retired++;
        window = false;
        if (countDown && timer != 0 && --timer == 0) {
            pending = true;
        }
    }

    // ---- section 3

    /** pa, or -1 with the fault in fCause/fValue/fDetail. acc: W=2, U=4, F=8. */
    private long translate(int va, int acc) {
        if (Integer.compareUnsigned(va, l) >= 0 || Integer.toUnsignedLong(b) + Integer.toUnsignedLong(va) > 0xFFFFFFFFL) {
            return fault(4, va, acc);
        }
        int la = b + va;
        if ((flags & 2) == 0) {
            return Integer.compareUnsigned(la, sz) >= 0 ? fault(5, la, acc) : la;
        }
        if (Integer.compareUnsigned(la, 1 << 30) >= 0) {
            return fault(6, la, acc);
        }
        long pdeAt = (ptbr & 0xFFFFFC00L) + ((la >>> 20) & 0x3FF);
        if (pdeAt >= sz) {
            return fault(5, la, acc);
        }
        int pde = m[(int) pdeAt];
        if ((pde & 1) == 0) {
            return fault(6, la, acc);
        }
        long pteAt = (pde & 0xFFFFFC00L) + ((la >>> 10) & 0x3FF);
        if (pteAt >= sz) {
            return fault(5, la, acc);
        }
        int pte = m[(int) pteAt];
        if ((pte & 1) == 0) {
            return fault(6, la, acc);
        }
        boolean u = (pde & pte & 4) != 0, w = (pde & pte & 2) != 0;
        if (((acc & 4) != 0 && !u) || ((acc & 2) != 0 && !w)) {
            return fault(6, la, acc | 1);
        }
        m[(int) pdeAt] |= 8;
        m[(int) pteAt] |= 8 | ((acc & 2) != 0 ? 16 : 0);
        walkedWords.set((int) pdeAt);
        walkedWords.set((int) pteAt);
        long pa = (pte & 0xFFFFFC00L) | (la & 0x3FF);
        return pa >= sz ? fault(5, la, acc) : pa;
    }

    private long fault(int cause, int value, int detail) {
        fCause = cause;
        fValue = value;
        fDetail = detail;
        return -1;
    }

    private void flush() {
        walkedWords.clear();
    }

    // ---- section 2

    private static final boolean[] DEFINED = new boolean[128];
    private static final boolean[] PRIVILEGED = new boolean[128];

    static {
        for (int op : new int[] {0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x0E, 0x0F,
            0x10, 0x11, 0x12, 0x13, 0x14, 0x15, 0x16, 0x17, 0x18, 0x19, 0x1A, 0x1B, 0x20, 0x21, 0x22, 0x23, 0x24, 0x25,
            0x26, 0x27, 0x30}) {
            DEFINED[op] = true;
        }
        for (int op = 0x40; op <= 0x48; op++) {
            DEFINED[op] = true;
            PRIVILEGED[op] = true;
        }
    }

    private int step() {
        boolean user = (flags & 1) == 0;
        int uacc = user ? 4 : 0;
        long fpa = translate(pc, 8 | uacc);
        if (fpa < 0) {
            return trap(fCause, fValue, fDetail);
        }
        int w = m[(int) fpa];
        int op = w >>> 25, a = (w >>> 21) & 15, rb = (w >>> 17) & 15, rc = (w >>> 13) & 15, imm = w & 0xFFFF;
        int simm = (short) w;
        int x = r[rb], y = r[rc];
        boolean illegal = !DEFINED[op] || (op == 0x41 && imm >= 3) || ((op == 0x42 || op == 0x43) && imm >= 2);
        if (illegal) {
            return trap(2, w, 0);
        }
        if (user && PRIVILEGED[op]) {
            return trap(1, w, 0);
        }
        int next = pc + 1;
        switch (op) {
            case 0x01 -> set(a, x + y);
            case 0x02 -> set(a, x - y);
            case 0x03 -> set(a, x & y);
            case 0x04 -> set(a, x | y);
            case 0x05 -> set(a, x ^ y);
            case 0x06 -> set(a, (int) ((long) x * (long) y));
            case 0x07 -> set(a, x << (y & 31));
            case 0x08 -> set(a, x >>> (y & 31));
            case 0x09 -> set(a, x >> (y & 31));
            case 0x0A, 0x0B, 0x0C, 0x0D -> {
                if (y == 0) {
                    return trap(7, w, 0);
                }
                long sx = x, sy = y, ux = Integer.toUnsignedLong(x), uy = Integer.toUnsignedLong(y);
                long q = op == 0x0A ? sx / sy : op == 0x0B ? sx % sy : op == 0x0C ? ux / uy : ux % uy;
                set(a, (int) q);                                // MIN / -1 = 2^31, low 32 bits: MIN
            }
            case 0x0E -> set(a, x < y ? 1 : 0);
            case 0x0F -> set(a, Integer.toUnsignedLong(x) < Integer.toUnsignedLong(y) ? 1 : 0);
            case 0x10 -> set(a, x + simm);
            case 0x11 -> set(a, x < simm ? 1 : 0);
            case 0x12 -> set(a, Integer.toUnsignedLong(x) < Integer.toUnsignedLong(simm) ? 1 : 0);
            case 0x13 -> set(a, x & imm);
            case 0x14 -> set(a, x | imm);
            case 0x15 -> set(a, x ^ imm);
            case 0x16 -> set(a, x << (imm % 32));
            case 0x17 -> set(a, x >>> (imm % 32));
            case 0x18 -> set(a, x >> (imm % 32));
            case 0x19 -> set(a, imm << 16);
            case 0x1A -> {
                long pa = translate(x + simm, uacc);
                if (pa < 0) {
                    return trap(fCause, fValue, fDetail);
                }
                set(a, m[(int) pa]);
            }
            case 0x1B -> {
                long pa = translate(x + simm, 2 | uacc);
                if (pa < 0) {
                    return trap(fCause, fValue, fDetail);
                }
                if (walkedWords.get((int) pa) && m[(int) pa] != r[a]) {
                    disciplineKept = false;
                }
                m[(int) pa] = r[a];
            }
            case 0x20, 0x21, 0x22, 0x23, 0x24, 0x25 -> {
                int s1 = r[a], s2 = r[rb];
                long u1 = Integer.toUnsignedLong(s1), u2 = Integer.toUnsignedLong(s2);
                boolean taken = switch (op) {
                    case 0x20 -> s1 == s2;
                    case 0x21 -> s1 != s2;
                    case 0x22 -> s1 < s2;
                    case 0x23 -> s1 >= s2;
                    case 0x24 -> u1 < u2;
                    default -> u1 >= u2;
                };
                if (taken) {
                    next = pc + ((w << 15) >> 15);
                }
            }
            case 0x26 -> {
                set(a, pc + 1);
                next = pc + ((w << 11) >> 11);
            }
            case 0x27 -> {
                int t = x + simm;
                set(a, pc + 1);
                next = t;
            }
            case 0x30 -> {
                return trap(3, imm, 0);
            }
            case 0x40 -> {
                int[] words = new int[4];
                for (int i = 0; i < 4; i++) {
                    long pa = translate(x + simm + i, 0);
                    if (pa < 0) {
                        return trap(fCause, fValue, fDetail);
                    }
                    words[i] = m[(int) pa];
                }
                if ((words[0] & ~7) != 0) {
                    return trap(2, w, 0);
                }
                retire(true);
                setPsw(words[0], words[1], words[2], words[3]);
                return CONTINUE;
            }
            case 0x41 -> set(a, imm == 0 ? flags : imm == 1 ? b : l);
            case 0x42 -> {
                if (imm == 0) {
                    ptbr = x & ~0x3FF;
                    flush();
                } else {
                    timer = x;
                    pending = false;
                    pc = next;
                    retire(false);
                    return CONTINUE;
                }
            }
            case 0x43 -> set(a, imm == 0 ? ptbr : timer);
            case 0x44 -> {
                // invlpg: the reference has no TLB; the watched words stay watched (conservative).
            }
            case 0x45 -> flush();
            case 0x46 -> {
                if (imm == 0) {
                    out.write(x & 0xFF);
                } else if (imm == 1) {
                    powerValue = x;
                    pc = next;
                    retire(true);
                    return POWEROFF;
                }
            }
            case 0x47 -> set(a, imm == 0 ? (inputPos < input.length ? input[inputPos++] & 0xFF : -1) : 0);
            case 0x48 -> {
                pc = next;
                retire(true);
                return HALT;
            }
            default -> throw new IllegalStateException("unreachable: " + op);
        }
        pc = next;
        retire(true);
        return CONTINUE;
    }

    private void set(int rd, int value) {
        if (rd != 0) {
            r[rd] = value;
        }
    }
}
