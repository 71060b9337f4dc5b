package shadowvisor.machine.isa;

/**
 * An ISA profile (spec section 8): for each of the 128 opcode numbers, whether it is defined
 * and its class. The CPU reads the profile's tables instead of hard-coding classes, so a
 * profile that breaks Theorem 1 (an instruction made innocuous that should be privileged) is
 * a new table, not a new CPU. Only {@link #PG}, the virtualizable base, exists today.
 */
public final class Profile {
    /** The base profile: every sensitive instruction privileged. */
    public static final Profile PG = fromOpcodeTable("pg");

    private final String name;
    private final Opcode[] defined = new Opcode[128];
    private final InstructionClass[] classes = new InstructionClass[128];

    private Profile(String name) {
        this.name = name;
    }

    private static Profile fromOpcodeTable(String name) {
        Profile p = new Profile(name);
        for (Opcode op : Opcode.values()) {
            p.defined[op.code()] = op;
            p.classes[op.code()] = op.instructionClass();
        }
        return p;
    }

    public String name() {
        return name;
    }

    /** The instruction defined at this opcode number, or null. */
    public Opcode opcode(int code) {
        return code >= 0 && code < 128 ? defined[code] : null;
    }

    /** The class of the opcode number, or null when undefined. */
    public InstructionClass classOf(int code) {
        return code >= 0 && code < 128 ? classes[code] : null;
    }

    /** A fresh table, indexed by opcode number, that is true where the instruction traps in user mode. */
    public boolean[] privilegedTable() {
        boolean[] t = new boolean[128];
        for (int i = 0; i < 128; i++) {
            t[i] = classes[i] == InstructionClass.PRIVILEGED;
        }
        return t;
    }
}
