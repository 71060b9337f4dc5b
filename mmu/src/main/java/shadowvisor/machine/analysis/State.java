package shadowvisor.machine.analysis;

import java.util.ArrayList;
import java.util.List;
import shadowvisor.machine.Psw;

/**
 * One state of Popek and Goldberg's model (P = 0) in which the analyzer executes an instruction
 * (spec section 8.1): the mode, the segment (B, L), the timer-interrupt enable I, the timer count
 * and a pending tick, {@code ptbr}, whether the TLB holds an entry, and whether the console has
 * input left. What the program itself sees (registers, the PC, the segment's contents) is the
 * {@link Bench}'s and the same in every state; the contents move with B.
 *
 * <p>{@link #BASE} lists the states every encoding is run in; {@link #variations()} the states a
 * VMM could present as the same virtual machine.
 *
 * @param supervisor   M = s
 * @param b            the segment base B
 * @param l            the segment limit L
 * @param interrupts   I
 * @param timer        the timer count
 * @param tickPending  a TIMER tick is pending (only ever with I = 0, so that no state delivers it,
 *                     and with the count at 0, the only way the hardware leaves one pending)
 * @param ptbr         control register 0
 * @param tlbEntry     the TLB holds an entry (for linear page 0, which the registers reach)
 * @param consoleInput the console has input left (else it is at end of input)
 */
record State(boolean supervisor, int b, int l, boolean interrupts, int timer, boolean tickPending, int ptbr,
             boolean tlbEntry, boolean consoleInput) {

    /** Values of B: every one keeps the segment's contents ({@link Bench#CONTENT_WORDS}) inside memory. */
    static final int[] B_VALUES = {0, 0x400, 0x800};
    /** Values of L a variation may take: above every address the bench's in-segment operands use. */
    static final int[] L_VALUES = {0x400, 0x800, 0x10000};
    static final int[] TIMER_VALUES = {0, 1, 3};
    static final int[] PTBR_VALUES = {0, 0x400};

    /** The state most base states differ from in one respect. */
    static final State DEFAULT = new State(true, 0x400, 0x400, false, 0, false, 0, true, true);

    /**
     * The states every valid encoding is executed in: both modes of the default and of each
     * departure from it (other B, other L, I on, the timer running or about to tick, a pending
     * tick, no TLB entry, the console at end of input).
     */
    static final List<State> BASE = base();

    private static List<State> base() {
        List<State> one = List.of(DEFAULT, DEFAULT.withB(0), DEFAULT.withB(0x800), DEFAULT.withL(0x800),
                DEFAULT.withB(0x800).withL(0x800), DEFAULT.withInterrupts(true), DEFAULT.withTimer(3),
                DEFAULT.withTimer(1), DEFAULT.withInterrupts(true).withTimer(1), DEFAULT.withTickPending(true),
                DEFAULT.withTlbEntry(false), DEFAULT.withConsoleInput(false));
        List<State> all = new ArrayList<>();
        for (State s : one) {
            all.add(s);
            all.add(s.withSupervisor(false));
        }
        return List.copyOf(all);
    }

    /** A state that a VMM could present as the same virtual machine, and how it differs. */
    record Variation(String what, State state) {
    }

    /**
     * The variations of this state (spec 8.1), for an instruction that retired in it:
     * <ul>
     * <li>B changed, the segment's contents moved along, the moved segment inside memory;</li>
     * <li>L changed but above every address the segment check applies to: the instruction
     * retired, so every address it checked lay below L, and any larger L keeps them below it
     * (a smaller L is never tried: it might cut one off);</li>
     * <li>I changed, where no tick is pending;</li>
     * <li>the timer changed, where no tick is pending;</li>
     * <li>a pending tick added or removed, with I = 0 (and the count at 0);</li>
     * <li>{@code ptbr} changed;</li>
     * <li>the TLB's contents changed (its entry present or not).</li>
     * </ul>
     * The devices are not varied: a VMM gives each VM its own, so they are state, never a variation.
     */
    List<Variation> variations() {
        List<Variation> v = new ArrayList<>();
        if (segmentInsideMemory(b, l)) {
            for (int b2 : B_VALUES) {
                if (b2 != b && segmentInsideMemory(b2, l)) {
                    v.add(new Variation("B=" + hex(b2) + " (the segment moved along)", withB(b2)));
                }
            }
        }
        for (int l2 : L_VALUES) {
            if (Integer.compareUnsigned(l2, l) > 0) {
                v.add(new Variation("L=" + hex(l2), withL(l2)));
            }
        }
        if (!tickPending) {
            v.add(new Variation("I=" + (interrupts ? 0 : 1), withInterrupts(!interrupts)));
            for (int t2 : TIMER_VALUES) {
                if (t2 != timer) {
                    v.add(new Variation("timer=" + t2, withTimer(t2)));
                }
            }
        }
        if (!interrupts && timer == 0) {
            v.add(new Variation(tickPending ? "no tick pending" : "a tick pending", withTickPending(!tickPending)));
        }
        for (int p2 : PTBR_VALUES) {
            if (p2 != ptbr) {
                v.add(new Variation("ptbr=" + hex(p2), withPtbr(p2)));
            }
        }
        v.add(new Variation(tlbEntry ? "the TLB empty" : "a TLB entry present", withTlbEntry(!tlbEntry)));
        return v;
    }

    private static boolean segmentInsideMemory(int b, int l) {
        return Integer.toUnsignedLong(b) + Integer.toUnsignedLong(l) <= Bench.MEMORY_WORDS;
    }

    /** The PSW's flags word for this state (P = 0). */
    int flags() {
        return (supervisor ? Psw.S : 0) | (interrupts ? Psw.I : 0);
    }

    State withSupervisor(boolean m) {
        return new State(m, b, l, interrupts, timer, tickPending, ptbr, tlbEntry, consoleInput);
    }

    State withB(int b2) {
        return new State(supervisor, b2, l, interrupts, timer, tickPending, ptbr, tlbEntry, consoleInput);
    }

    State withL(int l2) {
        return new State(supervisor, b, l2, interrupts, timer, tickPending, ptbr, tlbEntry, consoleInput);
    }

    State withInterrupts(boolean i) {
        return new State(supervisor, b, l, i, timer, tickPending, ptbr, tlbEntry, consoleInput);
    }

    State withTimer(int t) {
        return new State(supervisor, b, l, interrupts, t, tickPending, ptbr, tlbEntry, consoleInput);
    }

    State withTickPending(boolean pending) {
        return new State(supervisor, b, l, interrupts, timer, pending, ptbr, tlbEntry, consoleInput);
    }

    State withPtbr(int p) {
        return new State(supervisor, b, l, interrupts, timer, tickPending, p, tlbEntry, consoleInput);
    }

    State withTlbEntry(boolean entry) {
        return new State(supervisor, b, l, interrupts, timer, tickPending, ptbr, entry, consoleInput);
    }

    State withConsoleInput(boolean input) {
        return new State(supervisor, b, l, interrupts, timer, tickPending, ptbr, tlbEntry, input);
    }

    /** One line: {@code M=s B=0x400 L=0x400 I=0 timer=0 ptbr=0x0 TLB=entry console=input}. */
    String describe() {
        return "M=" + (supervisor ? "s" : "u") + " B=" + hex(b) + " L=" + hex(l) + " I=" + (interrupts ? 1 : 0)
                + " timer=" + timer + (tickPending ? " tick-pending" : "") + " ptbr=" + hex(ptbr)
                + " TLB=" + (tlbEntry ? "entry" : "empty") + " console=" + (consoleInput ? "input" : "eof");
    }

    static String hex(int v) {
        return "0x" + Integer.toHexString(v);
    }
}
