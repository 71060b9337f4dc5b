package shadowvisor.machine.analysis;

import static org.junit.jupiter.api.Assertions.assertNull;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import shadowvisor.machine.isa.Opcode;
import shadowvisor.machine.isa.Profile;

/**
 * Theorem 1 for {@code pg} as a property over random instruction words in random states of the
 * analyzer's bench (spec 8.1): whenever an instruction retires with M = u, it changes no system
 * state and every variation of the state gives the same result; whenever it retires with M = s
 * and also retires in the same state with M = u (so it is not privileged there), it is not
 * sensitive there either. So no sensitive instruction of {@code pg} is unprivileged.
 */
class PgTheoremOneProperty {
    private static final Bench BENCH = new Bench(Profile.PG);

    @Property(tries = 3000)
    void noSensitiveInstructionOfPgIsUnprivileged(@ForAll("words") int word, @ForAll("states") State s) {
        Outcome o = BENCH.execute(word, s);
        if (!o.result().retired()) {
            return;
        }
        if (s.supervisor()) {
            Outcome asUser = BENCH.execute(word, s.withSupervisor(false));
            if (!asUser.result().retired()) {
                return; // it traps with M = u here: a trap-and-emulate VMM sees this use
            }
            assertNull(asUser.result().differenceFrom(o.result()), "the same state with M = u");
        }
        assertNull(o.change(), "a retired unprivileged instruction changed the system state");
        for (State.Variation v : s.variations()) {
            assertNull(BENCH.execute(word, v.state()).result().differenceFrom(o.result()), "with " + v.what());
        }
    }

    /** Mostly words of defined instructions (their operand bits random), some of any opcode at all. */
    @Provide
    Arbitrary<Integer> words() {
        Arbitrary<Integer> defined = Combinators.combine(Arbitraries.of(Profile.PG.instructions()),
                Arbitraries.integers().between(0, (1 << 25) - 1)).as((Opcode op, Integer low) -> op.code() << 25 | low);
        return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(9, defined), net.jqwik.api.Tuple.of(1,
                Arbitraries.integers()));
    }

    @Provide
    Arbitrary<State> states() {
        Arbitrary<Boolean> bool = Arbitraries.of(true, false);
        Arbitrary<State> head = Combinators.combine(bool, Arbitraries.of(0, 0x400, 0x800),
                Arbitraries.of(0x400, 0x800), bool, Arbitraries.of(0, 1, 3))
                .as((sup, b, l, i, timer) -> State.DEFAULT.withSupervisor(sup).withB(b).withL(b + l > Bench.MEMORY_WORDS
                        ? 0x400 : l).withInterrupts(i).withTimer(timer));
        return Combinators.combine(head, bool, Arbitraries.of(0, 0x400), bool, bool)
                .as((s, pending, ptbr, tlb, input) -> {
                    State t = s.withPtbr(ptbr).withTlbEntry(tlb).withConsoleInput(input);
                    // A pending tick exists only with I = 0 and the count at 0 (no state delivers it).
                    return pending && !t.interrupts() ? t.withTimer(0).withTickPending(true) : t;
                });
    }
}
