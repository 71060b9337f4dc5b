package shadowvisor.machine.analysis;

import java.util.List;
import shadowvisor.machine.isa.Opcode;
import shadowvisor.machine.isa.Profile;

/**
 * The analyzer's answer for one profile (spec section 8.1): a {@link Finding} per defined
 * instruction, in opcode order, and the verdicts of Popek and Goldberg's Theorems 1 and 3.
 *
 * @param profile  the profile analysed
 * @param findings one per defined instruction, in opcode order
 */
public record Analysis(Profile profile, List<Finding> findings) {

    public Analysis {
        findings = List.copyOf(findings);
    }

    /** Theorem 1: a trap-and-emulate VMM may be built when every sensitive instruction is privileged. */
    public boolean theorem1Holds() {
        return theorem1Violations().isEmpty();
    }

    /** The sensitive instructions that are not privileged, in opcode order. */
    public List<Opcode> theorem1Violations() {
        return findings.stream().filter(f -> f.sensitive() && !f.privileged()).map(Finding::opcode).toList();
    }

    /** Theorem 3: a hybrid VMM may be built when every user-sensitive instruction is privileged. */
    public boolean theorem3Holds() {
        return theorem3Violations().isEmpty();
    }

    /** The user-sensitive instructions that are not privileged, in opcode order. */
    public List<Opcode> theorem3Violations() {
        return findings.stream().filter(f -> f.userSensitive() && !f.privileged()).map(Finding::opcode).toList();
    }

    /** The finding for {@code op}, or null when the profile does not define it. */
    public Finding finding(Opcode op) {
        return findings.stream().filter(f -> f.opcode() == op).findFirst().orElse(null);
    }
}
