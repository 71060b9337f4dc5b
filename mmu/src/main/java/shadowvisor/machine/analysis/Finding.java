package shadowvisor.machine.analysis;

import shadowvisor.machine.isa.Opcode;

/**
 * What the analyzer found about one instruction of a profile (spec section 8.1), by executing
 * it, never by reading its class.
 *
 * @param opcode              the instruction
 * @param privileged          every valid encoding, in every state, traps PRIVILEGED with M = u
 *                            and does not with M = s
 * @param userSensitive       in some state with M = u where it retires, it changes the system
 *                            state, or a variation of that state gives a different result
 * @param supervisorSensitive the same with M = s, or the same state with M = u gives a
 *                            different result
 * @param caught              null unless sensitive and not privileged; then true when it is not
 *                            user-sensitive and wherever it is sensitive with M = s the same
 *                            state with M = u traps, so that a trap-and-emulate VMM sees every
 *                            use; false (silent) otherwise
 * @param witness             one line: the encoding, the state and what changed; for an
 *                            instruction that is not sensitive, why
 */
public record Finding(Opcode opcode, boolean privileged, boolean userSensitive, boolean supervisorSensitive,
                      Boolean caught, String witness) {

    public Finding {
        if ((caught != null) != ((userSensitive || supervisorSensitive) && !privileged)) {
            throw new IllegalArgumentException("caught is given exactly for a sensitive instruction that is not "
                    + "privileged: " + opcode.mnemonic());
        }
    }

    /** User- or supervisor-sensitive. */
    public boolean sensitive() {
        return userSensitive || supervisorSensitive;
    }
}
