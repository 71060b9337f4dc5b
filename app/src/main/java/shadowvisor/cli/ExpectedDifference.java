package shadowvisor.cli;

import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import shadowvisor.machine.analysis.Analysis;
import shadowvisor.machine.analysis.Finding;
import shadowvisor.machine.isa.Opcode;
import shadowvisor.mode.Mode;
import shadowvisor.mode.ModeStack;

/**
 * Why a mode may end differently from native on the run's profile (spec section 9,
 * {@code compare}): the profile breaks the theorem the mode's VMM relies on, as the analyzer
 * finds (section 8.1). {@code segment} and the shadow modes run vm-supervisor code on the
 * hardware and learn of it only through traps, so a <em>silent</em> Theorem 1 violation (a
 * sensitive instruction that is not privileged and does not trap in user mode where it matters)
 * acts on the hardware's state instead of the VM's; {@code hybrid} interprets vm-supervisor
 * code, so only a Theorem 3 violation (a user-sensitive instruction that is not privileged) can
 * make it differ. A mode whose run differs and that has an expected difference is reported as
 * such, and does not fail {@code compare}.
 *
 * @param theorem      1 or 3
 * @param instructions the violations that explain the difference, in opcode order, never empty
 */
record ExpectedDifference(int theorem, List<Opcode> instructions) {

    ExpectedDifference {
        instructions = List.copyOf(instructions);
    }

    /**
     * The difference {@code analysis}'s profile makes expected in {@code mode}, or null when the
     * profile gives the mode no reason to differ: a trap-and-emulate VMM needs Theorem 1 (its
     * silent violations show), the hybrid VMM only Theorem 3 (every user-sensitive instruction
     * privileged).
     */
    static ExpectedDifference of(Mode mode, Analysis analysis) {
        return switch (mode) {
            case NATIVE -> null;
            case SEGMENT, SHADOW_TRACE, SHADOW_VTLB -> of(1, silent(analysis, analysis.theorem1Violations()));
            case HYBRID -> of(3, analysis.theorem3Violations());
        };
    }

    /**
     * The difference {@code analysis}'s profile makes expected under {@code mode}, a kind alone or
     * a stack of VMMs (spec 7.6). For a stack it is the union of what each level runs on the
     * hardware makes expected. The innermost level runs the guest: all of its code under
     * {@code segment} and the shadow modes (silent Theorem 1 violations show), its vm-user code
     * under {@code hybrid} (Theorem 3 violations show), exactly as that kind alone. Every outer
     * level runs only the vm-user code of the VM it gives the level inside (a VMM resumes its VMs
     * with M' = u, spec 7.2), so all an outer level can add is the Theorem 3 violations. Those are
     * already in the innermost level's set: a user-sensitive instruction is never caught
     * (section 8.1), so every Theorem 3 violation is a silent Theorem 1 violation. The union is
     * therefore the innermost kind's, with its theorem: {@code hybrid/segment} expects what
     * {@code hybrid} does, {@code segment/hybrid} what {@code segment} does.
     */
    static ExpectedDifference of(ModeStack mode, Analysis analysis) {
        ExpectedDifference inner = of(mode.innermost(), analysis);
        if (!mode.stacked()) {
            return inner;
        }
        Set<Opcode> union = new TreeSet<>(Comparator.comparingInt(Opcode::code));
        if (inner != null) {
            union.addAll(inner.instructions());
        }
        union.addAll(analysis.theorem3Violations());
        int theorem = mode.innermost() == Mode.HYBRID ? 3 : 1;
        return of(theorem, List.copyOf(union));
    }

    private static ExpectedDifference of(int theorem, List<Opcode> violations) {
        return violations.isEmpty() ? null : new ExpectedDifference(theorem, violations);
    }

    /** The violations a trap-and-emulate VMM does not see (caught ones cost exits, not equivalence). */
    private static List<Opcode> silent(Analysis analysis, List<Opcode> violations) {
        return violations.stream().filter(op -> {
            Finding f = analysis.finding(op);
            return f != null && Boolean.FALSE.equals(f.caught());
        }).toList();
    }

    /** The mnemonics, as {@code --json} lists them. */
    List<String> mnemonics() {
        return instructions.stream().map(Opcode::mnemonic).toList();
    }

    /** {@code Theorem 1 violation: jrstu (silent)}, {@code Theorem 3 violations: smsw, mrs}. */
    String text() {
        String marked = String.join(", ", theorem == 1
                ? instructions.stream().map(op -> op.mnemonic() + " (silent)").toList() : mnemonics());
        return "Theorem " + theorem + " violation" + (instructions.size() == 1 ? "" : "s") + ": " + marked;
    }
}
