package shadowvisor.cli;

import java.util.List;
import shadowvisor.machine.analysis.Analysis;
import shadowvisor.machine.analysis.Finding;
import shadowvisor.machine.isa.Opcode;
import shadowvisor.run.Mode;

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
