package shadowvisor.machine.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static shadowvisor.machine.cpu.Words.*;
import static shadowvisor.machine.paging.Pte.P;
import static shadowvisor.machine.paging.Pte.U;
import static shadowvisor.machine.paging.Pte.W;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.statistics.Statistics;
import shadowvisor.machine.cpu.Machine;
import shadowvisor.machine.Psw;
import shadowvisor.machine.TrapCause;
import shadowvisor.machine.isa.Opcode;
import shadowvisor.machine.paging.Tlb;

/**
 * Spec section 3.3, last sentence: the TLB's size and organisation are never guest-visible to
 * a guest that keeps the TLB discipline. Random page tables and random access sequences
 * (supervisor and user loads and stores, PTE and PDE rewrites each followed by invlpg,
 * tlbflush or a ptbr reload, address-space switches, reads of the entries' A/D bits) run on
 * CPUs with TLBs of 1 entry (1 way), 16 (4 ways) and 1024 (4 ways), once more with a trace
 * attached (one instruction per burst), and once stepped with a flush before every instruction
 * (no translation cache at all, the oracle): values read, faults, retired count and the whole
 * final memory (A/D bits included) must be the same.
 *
 * <pre>
 *  frame 0      trap area, LOGIDX at 0x30, the handler at 0x40, the program from 0x100   (P W U)
 *  frame 1      the program, continued                                                  (P W U)
 *  frame 2      RES (0x800: one word per load), LOG (0xA00), PSW table (0xE00)           (P W U)
 *  frame 3, 4   page directories A and B                                                (P W)
 *  frame 5      PT0: entries 0..7 identity, 8..11 data pages                           (P W)
 *  frame 6, 7   PT1a, PT1b: entries 0..3 data pages of directory entry 1               (P W)
 *  frames 8..15 data frames; frame 16 has only 100 words; frame 40 is beyond SZ
 * </pre>
 * The handler logs cause, value, detail and the old flags, skips the trapping instruction, and
 * after an svc returns in supervisor mode: so a user access is "lpsw into user; access; svc".
 */
class TlbSizeInvisibilityTest {
    static final int SZ = 16 * 1024 + 100;
    static final int LOGIDX = 0x30, RES = 0x800, LOG = 0xA00, PSWS = 0xE00;
    static final int PD_A = 0xC00, PD_B = 0x1000, PT0 = 0x1400, PT1A = 0x1800, PT1B = 0x1C00;
    static final int FLAT = 1 << 30;

    // ---- the generated scenario

    sealed interface Op permits Load, Store, RemapPte, RemapPde, Switch, ReadEntry {
    }

    /** {@code page}: 0..3 PT0 entries 8..11, 4..7 directory entry 1, 8 directory entry 2 (absent), 9 beyond L. */
    record Load(int page, int offset, boolean user) implements Op {
    }

    record Store(int page, int offset, int value, boolean user) implements Op {
    }

    /** {@code table}: 0 PT0, 1 PT1a, 2 PT1b; {@code flush}: 0 invlpg, 1 tlbflush, 2 ptbr reload. */
    record RemapPte(int table, int index, int pte, int flush) implements Op {
    }

    record RemapPde(boolean dirB, int pde, boolean viaPtbr) implements Op {
    }

    record Switch(boolean toB) implements Op {
    }

    /** Reads a data PTE or a directory-1 PDE into RES: the A/D bits the hardware set so far. */
    record ReadEntry(int address) implements Op {
    }

    record Scenario(List<Integer> ptes, int pdeA, int pdeB, List<Op> ops) {
    }

    static int la(int page) {
        return page < 4 ? (8 + page) << 10 : page < 8 ? 0x100000 | (page - 4) << 10 : page == 8 ? 0x200000 : FLAT;
    }

    static Arbitrary<Integer> pte() {
        Arbitrary<Integer> frame = Arbitraries.frequencyOf(Tuple.of(8, Arbitraries.integers().between(8, 15)),
                Tuple.of(1, Arbitraries.just(16)), Tuple.of(1, Arbitraries.just(40)));
        Arbitrary<Integer> bits = Arbitraries.integers().between(0, 0x3FF)
                .map(b -> b | (b % 10 != 0 ? P : 0));           // present 90% of the time
        return Combinators.combine(frame, bits).as((f, b) -> f << 10 | b);
    }

    static Arbitrary<Integer> pde() {
        Arbitrary<Integer> table = Arbitraries.of(PT1A, PT1B);
        Arbitrary<Integer> bits = Arbitraries.integers().between(0, 0x3FF).map(b -> b | (b % 10 != 0 ? P : 0))
                .map(b -> b % 3 != 0 ? b | W | U : b);
        return Combinators.combine(table, bits).as((t, b) -> t | b);
    }

    static Arbitrary<Integer> offset() {
        return Arbitraries.frequencyOf(Tuple.of(3, Arbitraries.integers().between(0, 127)),
                Tuple.of(1, Arbitraries.integers().between(0, 1023)));
    }

    static Arbitrary<Op> op() {
        Arbitrary<Integer> page = Arbitraries.frequencyOf(Tuple.of(18, Arbitraries.integers().between(0, 7)),
                Tuple.of(1, Arbitraries.of(8, 9)));
        Arbitrary<Boolean> user = Arbitraries.integers().between(0, 3).map(i -> i == 0);
        Arbitrary<Op> load = Combinators.combine(page, offset(), user).as(Load::new);
        Arbitrary<Op> store = Combinators.combine(page, offset(), Arbitraries.integers(), user).as(Store::new);
        Arbitrary<Op> remapPte = Combinators.combine(Arbitraries.integers().between(0, 2), Arbitraries.integers().between(0, 3),
                pte(), Arbitraries.integers().between(0, 2)).as(RemapPte::new);
        Arbitrary<Op> remapPde = Combinators.combine(Arbitraries.of(false, true), pde(), Arbitraries.of(false, true))
                .as(RemapPde::new);
        Arbitrary<Op> sw = Arbitraries.of(false, true).map(Switch::new);
        Arbitrary<Op> read = Arbitraries.oneOf(Arbitraries.integers().between(0, 3).map(i -> PT0 + 8 + i),
                Arbitraries.integers().between(0, 3).map(i -> PT1A + i), Arbitraries.integers().between(0, 3).map(i -> PT1B + i),
                Arbitraries.of(PD_A + 1, PD_B + 1)).map(ReadEntry::new);
        return Arbitraries.frequencyOf(Tuple.of(6, load), Tuple.of(5, store), Tuple.of(3, remapPte), Tuple.of(1, remapPde),
                Tuple.of(1, sw), Tuple.of(2, read));
    }

    @Provide
    Arbitrary<Scenario> scenarios() {
        return Combinators.combine(pte().list().ofSize(12), pde(), pde(), op().list().ofMinSize(1).ofMaxSize(60))
                .as(Scenario::new);
    }

    // ---- the program

    /** Emits the program and its data into a rig (not booted). */
    static void build(Scenario s, Rig rig) {
        rig.put(LOGIDX, LOG);
        rig.trapTo(Psw.S, 0, SZ, Rig.HANDLER);
        rig.put(Rig.HANDLER,
                ld(13, LOGIDX, 0),
                ld(12, 8, 0), st(12, 0, 13), ld(12, 9, 0), st(12, 1, 13), ld(12, 10, 0), st(12, 2, 13),
                ld(12, 0, 0), st(12, 3, 13),
                addi(13, 13, 4), st(13, LOGIDX, 0),
                ld(12, 3, 0), addi(12, 12, 1), st(12, 3, 0),                    // skip the trapping instruction
                ld(12, 8, 0), addi(12, 12, -3), branch(Opcode.BNE, 12, 0, 3),  // after an svc:
                addi(12, 0, Psw.S | Psw.P), st(12, 0, 0),                       //   back in supervisor mode
                lpsw(0, 0));
        // Tables: identity pages 0..7, data PTEs, directories.
        int[] ident = {P | W | U, P | W | U, P | W | U, P | W, P | W, P | W, P | W, P | W};
        for (int i = 0; i < 8; i++) {
            rig.put(PT0 + i, i << 10 | ident[i]);
        }
        for (int i = 0; i < 4; i++) {
            rig.put(PT0 + 8 + i, s.ptes().get(i));
            rig.put(PT1A + i, s.ptes().get(4 + i));
            rig.put(PT1B + i, s.ptes().get(8 + i));
        }
        rig.put(PD_A, PT0 | P | W | U, s.pdeA());
        rig.put(PD_B, PT0 | P | W | U, s.pdeB());
        // Data frames: a pattern, so that every word read says where it came from.
        for (int pa = 8 << 10; pa < SZ; pa++) {
            rig.put(pa, pa * 0x9E3779B1);
        }
        // Boot: ptbr = A, paging on, then the ops.
        rig.code(seq(li(10, PD_A), mtcr(0, 10), li(11, PSWS), lpsw(0, 11)));
        int bootPsw = PSWS;
        int pswSlot = 1;
        rig.put(bootPsw, Psw.S | Psw.P, 0, FLAT, rig.here());
        int res = 0;
        for (Op op : s.ops()) {
            if (op instanceof Load l) {
                int slot = l.user() ? enterUser(rig, pswSlot++) : 0;
                rig.code(seq(li(10, la(l.page()) + l.offset()), ld(1, 0, 10), st(1, RES + res++, 0)));
                leaveUser(rig, l.user(), slot);
            } else if (op instanceof Store w) {
                int slot = w.user() ? enterUser(rig, pswSlot++) : 0;
                rig.code(seq(li(10, la(w.page()) + w.offset()), li(2, w.value()), st(2, 0, 10)));
                leaveUser(rig, w.user(), slot);
            } else if (op instanceof RemapPte r) {
                int table = r.table() == 0 ? PT0 + 8 : r.table() == 1 ? PT1A : PT1B;
                int page = r.table() == 0 ? r.index() : 4 + r.index();
                rig.code(seq(li(10, table + r.index()), li(2, r.pte()), st(2, 0, 10)));
                rig.code(r.flush() == 0 ? seq(li(10, la(page)), invlpg(10))
                        : r.flush() == 1 ? new int[] {tlbflush()} : new int[] {mfcr(10, 0), mtcr(0, 10)});
            } else if (op instanceof RemapPde r) {
                rig.code(seq(li(10, (r.dirB() ? PD_B : PD_A) + 1), li(2, r.pde()), st(2, 0, 10)));
                rig.code(r.viaPtbr() ? new int[] {mfcr(10, 0), mtcr(0, 10)} : new int[] {tlbflush()});
            } else if (op instanceof Switch sw) {
                rig.code(seq(li(10, sw.toB() ? PD_B : PD_A), mtcr(0, 10)));
            } else if (op instanceof ReadEntry r) {
                rig.code(seq(li(10, r.address()), ld(1, 0, 10), st(1, RES + res++, 0)));
            }
        }
        rig.code(halt());
    }

    /** lpsw into user mode at the next instruction; returns the PSW slot used. */
    static int enterUser(Rig rig, int slot) {
        int at = PSWS + 4 * slot;
        rig.code(seq(li(11, at), lpsw(0, 11)));
        rig.put(at, Psw.P, 0, FLAT, rig.here());
        return slot;
    }

    static void leaveUser(Rig rig, boolean user, int slot) {
        if (user) {
            rig.code(svc(slot));
        }
    }

    record Outcome(int exit, long retired, long[] traps, int[] registers, int[] memory, Psw psw) {
    }

    /**
     * Runs the scenario. {@code traced}: with a trace attached (one instruction per burst).
     * {@code uncached}: one instruction at a time with a TLB flush before each, the machine
     * without any translation cache, which a guest keeping the discipline cannot tell apart.
     */
    static Outcome run(Scenario s, Tlb tlb, boolean traced, boolean uncached) {
        Rig rig = new Rig(SZ, tlb, new byte[0]);
        build(s, rig);
        rig.boot();
        if (traced) {
            rig.cpu.setTrace(Rig.SINGLE_STEP);
        }
        if (uncached) {
            for (int i = 0; i < 1_000_000 && rig.exit != Machine.EXIT_HALT; i++) {
                rig.tlb.flush();                       // empty the TLB itself, and the CPU's micro-caches
                rig.cpu.setPsw(rig.cpu.psw());         // (reloading the PSW drops them) without cpu.flushTlb
                rig.run(1);
            }
        } else {
            rig.run(1_000_000);
        }
        int[] regs = new int[16];
        for (int i = 0; i < 16; i++) {
            regs[i] = rig.reg(i);
        }
        return new Outcome(rig.exit, rig.cpu.retired(), rig.cpu.trapCounts(), regs, rig.memory.words().clone(), rig.psw());
    }

    @Property(tries = 1000)
    void tlbGeometryIsInvisibleUnderTheDiscipline(@ForAll("scenarios") Scenario s) {
        Outcome one = run(s, new Tlb(1, 1), false, false);
        assertEquals(Machine.EXIT_HALT, one.exit(), "the program ends with its halt");
        for (Outcome other : List.of(run(s, new Tlb(16, 4), false, false), run(s, new Tlb(1024, 4), false, false),
                run(s, new Tlb(16, 4), true, false), run(s, new Tlb(16, 4), false, true))) {
            assertEquals(one.exit(), other.exit(), "exit");
            assertEquals(one.retired(), other.retired(), "retired");
            assertArrayEquals(one.traps(), other.traps(), "traps by cause");
            assertArrayEquals(one.registers(), other.registers(), "registers");
            assertEquals(one.psw(), other.psw(), "psw");
            assertEquals(-1, firstDifference(one.memory(), other.memory()), "first differing memory word (-1: none)");
        }
    }

    static int firstDifference(int[] a, int[] b) {
        for (int i = 0; i < a.length; i++) {
            if (a[i] != b[i]) {
                return i;
            }
        }
        return -1;
    }

    /** The generator reaches what it is meant to: faults of every paging kind, user accesses, remaps. */
    @Property(tries = 300)
    void scenariosExerciseTheMmu(@ForAll("scenarios") Scenario s) {
        Outcome o = run(s, new Tlb(16, 4), false, false);
        assertEquals(Machine.EXIT_HALT, o.exit());
        long[] t = o.traps();
        assertEquals(0, t[TrapCause.ILLEGAL.code()], "no stray ILLEGAL: the encodings are right");
        assertEquals(0, t[TrapCause.PRIVILEGED.code()], "user blocks contain no privileged word");
        for (TrapCause c : List.of(TrapCause.PAGE, TrapCause.MEMORY, TrapCause.SEGMENT, TrapCause.SVC)) {
            Statistics.label(c.name()).collect(t[c.code()] > 0);
            Statistics.label(c.name()).coverage(check -> check.check(true).percentage(p -> p >= 10));
        }
        boolean rightsFault = false;
        for (int at = LOG; at < o.memory()[LOGIDX]; at += 4) {
            rightsFault |= o.memory()[at] == TrapCause.PAGE.code() && (o.memory()[at + 2] & TrapCause.ACC_P) != 0;
        }
        Statistics.label("PAGE with P").collect(rightsFault);
        Statistics.label("PAGE with P").coverage(check -> check.check(true).percentage(p -> p >= 10));
    }
}
