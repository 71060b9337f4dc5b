package shadowvisor.machine.analysis;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import shadowvisor.machine.TrapCause;
import shadowvisor.machine.isa.Opcode;
import shadowvisor.machine.isa.Profile;

/**
 * The virtualizability analyzer (spec section 8.1): it classifies every defined instruction of a
 * profile by executing it on the machine, a real CPU of that profile, in a set of states, never
 * by reading the class column, and gives the verdicts of Popek and Goldberg's Theorems 1 and 3.
 *
 * <p>Where the definitions of 8.1 live:
 * <ul>
 * <li>"the machine", "a set of states": {@link Bench#execute}, {@link State#BASE};</li>
 * <li>"valid encoding": {@link Encodings#candidates}, less those that trap ILLEGAL in every
 * state ({@link Trial#refusedAtDecode});</li>
 * <li>"result", "changes the system state": {@link Result}, {@link Outcome#change};</li>
 * <li>"variation": {@link State#variations};</li>
 * <li>privileged, user-sensitive, supervisor-sensitive, caught: {@link Evidence#examine},
 * {@link Evidence#examineUser}, {@link Evidence#examineSupervisor}, {@link Evidence#finding};</li>
 * <li>the theorems: {@link Analysis#theorem1Holds}, {@link Analysis#theorem3Holds}.</li>
 * </ul>
 */
public final class Analyzer {
    private Analyzer() {
    }

    /** Classifies every instruction {@code profile} defines, in opcode order. */
    public static Analysis analyze(Profile profile) {
        Bench bench = new Bench(profile);
        List<Finding> findings = new ArrayList<>();
        for (Opcode op : profile.instructions()) {
            Evidence evidence = new Evidence(op);
            for (int word : Encodings.candidates(op)) {
                Trial trial = new Trial(bench, op, word);
                if (!trial.refusedAtDecode()) {
                    evidence.examine(trial);
                }
            }
            findings.add(evidence.finding());
        }
        return new Analysis(profile, findings);
    }

    /** One encoding on the bench, with the outcome of every state it was run in. */
    private static final class Trial {
        private final Bench bench;
        private final Opcode op;
        private final int word;
        private final Map<State, Outcome> outcomes = new HashMap<>();

        Trial(Bench bench, Opcode op, int word) {
            this.bench = bench;
            this.op = op;
            this.word = word;
        }

        Outcome outcome(State s) {
            return outcomes.computeIfAbsent(s, state -> bench.execute(word, state));
        }

        /**
         * A valid encoding is one that does not trap ILLEGAL at decode. Decode-time ILLEGAL comes
         * before everything else (spec 4), so it shows as ILLEGAL in every state of both modes;
         * the only other way to get that is an {@code lpsw} whose words are never a PSW, which
         * never retires either way.
         */
        boolean refusedAtDecode() {
            for (State s : State.BASE) {
                if (!outcome(s).result().trapped(TrapCause.ILLEGAL)) {
                    return false;
                }
            }
            return true;
        }

        /** {@code ld r7, 0(r2) in M=s B=0x400 ...: what}. */
        String witness(State s, String what) {
            return Encodings.spell(op, word) + " in " + s.describe() + ": " + what;
        }
    }

    /** What the states of every valid encoding showed about one instruction. */
    private static final class Evidence {
        private final Opcode op;
        private int validEncodings;
        private boolean privileged = true;
        private boolean retiredSomewhere;
        private final TreeSet<String> trapCauses = new TreeSet<>();
        /** A state with M = u in which it retires and changes the system state or varies. */
        private String userWitness;
        /** A state with M = s in which it is sensitive. */
        private String supervisorWitness;
        /** Whether {@link #supervisorWitness} shows a change or a variation, not only the M = u comparison. */
        private boolean supervisorWitnessShowsEffect;
        /** A state in which it is sensitive with M = s while the same state with M = u retires. */
        private String silentWitness;
        /** The causes with which the M = u twins of the states sensitive with M = s trapped. */
        private final TreeSet<String> caughtBy = new TreeSet<>();

        Evidence(Opcode op) {
            this.op = op;
        }

        void examine(Trial t) {
            validEncodings++;
            for (State s : State.BASE) {
                Result r = t.outcome(s).result();
                // privileged: traps PRIVILEGED when M = u, and not when M = s.
                boolean trapsPrivileged = r.trapped(TrapCause.PRIVILEGED);
                if (s.supervisor() == trapsPrivileged) {
                    privileged = false;
                }
                if (!r.retired()) {
                    trapCauses.add(String.valueOf(TrapCause.of(r.cause())));
                    continue;
                }
                retiredSomewhere = true;
                if (s.supervisor()) {
                    examineSupervisor(t, s);
                } else {
                    examineUser(t, s);
                }
            }
        }

        /**
         * user-sensitive: in some state with M = u in which it retires, it changes the system
         * state, or some variation of that state gives a different result.
         */
        void examineUser(Trial t, State s) {
            if (userWitness == null) {
                String why = changedOrVaried(t, s);
                if (why != null) {
                    userWitness = t.witness(s, why);
                }
            }
        }

        /**
         * supervisor-sensitive: in some state with M = s in which it retires, it changes the
         * system state, or some variation of that state, or the same state with M = u, gives a
         * different result. For caught: whether the same state with M = u traps wherever it is.
         */
        void examineSupervisor(Trial t, State s) {
            Result result = t.outcome(s).result();
            Result asUser = t.outcome(s.withSupervisor(false)).result();
            if (!asUser.retired()) {
                // Sensitive by the last clause already, and the M = u twin traps, as caught asks.
                caughtBy.add(String.valueOf(TrapCause.of(asUser.cause())));
                if (!supervisorWitnessShowsEffect) {
                    String effect = changedOrVaried(t, s);
                    offerSupervisorWitness(t.witness(s, effect != null ? effect
                            : "with M=u, " + asUser.differenceFrom(result)), effect != null);
                }
                return;
            }
            if (silentWitness != null && supervisorWitnessShowsEffect) {
                return; // nothing left to learn from a state whose M = u twin retires
            }
            String effect = changedOrVaried(t, s);
            String modeDifference = asUser.differenceFrom(result);
            if (effect == null && modeDifference == null) {
                return;
            }
            String witness = t.witness(s, effect != null ? effect : "with M=u, " + modeDifference);
            if (silentWitness == null) {
                silentWitness = witness;
            }
            offerSupervisorWitness(witness, effect != null);
        }

        /** Keeps the first witness, or a later one that shows a change or a variation where the first did not. */
        private void offerSupervisorWitness(String witness, boolean showsEffect) {
            if (supervisorWitness == null || showsEffect && !supervisorWitnessShowsEffect) {
                supervisorWitness = witness;
                supervisorWitnessShowsEffect = showsEffect;
            }
        }

        /** The clauses both sensitivities share: the system state changed, or a variation gives a different result. */
        private static String changedOrVaried(Trial t, State s) {
            Outcome o = t.outcome(s);
            if (o.change() != null) {
                return "changes the system state: " + o.change();
            }
            for (State.Variation v : s.variations()) {
                String d = t.outcome(v.state()).result().differenceFrom(o.result());
                if (d != null) {
                    return "with " + v.what() + ", " + d;
                }
            }
            return null;
        }

        Finding finding() {
            boolean isPrivileged = privileged && validEncodings > 0;
            boolean userSensitive = userWitness != null;
            boolean supervisorSensitive = supervisorWitness != null;
            boolean sensitive = userSensitive || supervisorSensitive;
            Boolean caught = null;
            String witness;
            if (sensitive && !isPrivileged) {
                // caught: not user-sensitive, and every state sensitive with M = s traps with M = u.
                caught = !userSensitive && silentWitness == null;
                if (userSensitive) {
                    witness = userWitness;
                } else if (caught) {
                    witness = supervisorWitness + "; with M=u every such state traps " + String.join("/", caughtBy)
                            + ": caught";
                } else {
                    witness = silentWitness + "; with M=u the same state retires: silent";
                }
            } else if (isPrivileged) {
                witness = "privileged: traps PRIVILEGED with M=u; " + (supervisorSensitive ? supervisorWitness
                        : "never retires with M=s");
            } else if (validEncodings == 0) {
                witness = "every encoding tried traps ILLEGAL at decode";
            } else if (!retiredSomewhere) {
                witness = "never retires (traps " + String.join("/", trapCauses) + " in every state): not sensitive";
            } else {
                witness = "innocuous: the same result in both modes and under every variation, "
                        + "and no change to the system state";
            }
            return new Finding(op, isPrivileged, userSensitive, supervisorSensitive, caught, witness);
        }
    }
}
