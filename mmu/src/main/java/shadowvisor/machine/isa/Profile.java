package shadowvisor.machine.isa;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An ISA profile (spec section 8): the machine with a different instruction table. For each of
 * the 128 opcode numbers it says whether the instruction is defined and its class, and whether
 * the {@code kseg} window of MIPS is on. The CPU, the VMMs' emulation and the analyzer all read
 * these tables, so a machine that breaks Theorem 1 is a new table, not a new CPU.
 *
 * <p>The base {@link #PG} satisfies Theorem 1; {@link #PDP10}, {@link #X86}, {@link #ARM} and
 * {@link #MIPS} add the rows that model the violations of the paper and of later ISAs. A user's
 * profile file derives from one of them ({@link #derive}).
 */
public final class Profile {
    /** First virtual address of the {@code kseg} window (spec section 8). */
    public static final int KSEG_BASE = 0xC0000000;

    /** The base profile: every sensitive instruction privileged. */
    public static final Profile PG = base("pg");
    /** PDP-10: {@code jrstu}, like JRST 1, leaves supervisor mode without trapping. */
    public static final Profile PDP10 = with("pdp10", Opcode.JRSTU);
    /** x86: {@code popf} fails silently in user mode, {@code smsw} reads the PSW in either mode. */
    public static final Profile X86 = with("x86", Opcode.POPF, Opcode.SMSW);
    /** ARM: {@code mrs} reads the PSW's flags in either mode. */
    public static final Profile ARM = with("arm", Opcode.MRS);
    /** MIPS: the {@code kseg} window bypasses the segment and paging in supervisor mode. */
    public static final Profile MIPS = base("mips").withKseg(true);

    private static final Map<String, Profile> BUILT_IN = new LinkedHashMap<>();

    static {
        for (Profile p : List.of(PG, PDP10, X86, ARM, MIPS)) {
            BUILT_IN.put(p.name, p);
        }
    }

    private final String name;
    private final Opcode[] defined = new Opcode[128];
    private final InstructionClass[] classes = new InstructionClass[128];
    private boolean kseg;

    private Profile(String name) {
        this.name = name;
    }

    private static Profile base(String name) {
        Profile p = new Profile(name);
        for (Opcode op : Opcode.values()) {
            if (op.inBase()) {
                p.define(op, op.instructionClass());
            }
        }
        return p;
    }

    private static Profile with(String name, Opcode... added) {
        Profile p = base(name);
        for (Opcode op : added) {
            p.define(op, op.instructionClass());
        }
        return p;
    }

    private Profile withKseg(boolean on) {
        kseg = on;
        return this;
    }

    private void define(Opcode op, InstructionClass c) {
        defined[op.code()] = op;
        classes[op.code()] = c;
    }

    /** The built-in profiles, {@code pg} first. */
    public static Collection<Profile> builtIns() {
        return BUILT_IN.values();
    }

    /** The built-in profile named {@code name}, or null. */
    public static Profile builtIn(String name) {
        return BUILT_IN.get(name);
    }

    /**
     * A user's profile (a profile file, spec section 8): {@code base} with the profile-only
     * instructions {@code define}d and {@code undefine}d, the {@code innocuous} ones executing
     * in user mode with their supervisor semantics, the {@code privileged} ones trapping in user
     * mode, and the window switched when {@code kseg} is not null.
     *
     * @throws IllegalArgumentException naming the mnemonic when one is unknown, not one of the
     *                                  four profile-only instructions in a defined/undefined list,
     *                                  not defined by the result, {@code svc}, or listed twice
     */
    public static Profile derive(String name, Profile base, Collection<String> define, Collection<String> undefine,
                                 Collection<String> innocuous, Collection<String> privileged, Boolean kseg) {
        Profile p = new Profile(name);
        System.arraycopy(base.defined, 0, p.defined, 0, 128);
        System.arraycopy(base.classes, 0, p.classes, 0, 128);
        p.kseg = kseg != null ? kseg : base.kseg;
        Set<String> seen = new HashSet<>();
        for (Opcode op : mnemonics("defined", define, seen, false)) {
            p.define(op, op.instructionClass());
        }
        for (Opcode op : mnemonics("undefined", undefine, seen, false)) {
            p.defined[op.code()] = null;
            p.classes[op.code()] = null;
        }
        seen.clear();
        for (String list : new String[] {"innocuous", "privileged"}) {
            boolean priv = list.equals("privileged");
            for (Opcode op : mnemonics(list, priv ? privileged : innocuous, seen, true)) {
                if (p.defined[op.code()] == null) {
                    throw new IllegalArgumentException("\"" + list + "\" names " + op.mnemonic() + ", which profile "
                            + name + " does not define");
                }
                p.classes[op.code()] = priv ? InstructionClass.PRIVILEGED : InstructionClass.INNOCUOUS;
            }
        }
        return p;
    }

    private static List<Opcode> mnemonics(String list, Collection<String> names, Set<String> seen, boolean any) {
        List<Opcode> ops = new ArrayList<>();
        if (names == null) {
            return ops;
        }
        for (String m : names) {
            Opcode op = m == null ? null : Opcode.byMnemonic(m);
            if (op == null) {
                throw new IllegalArgumentException("\"" + list + "\" names an unknown instruction: " + m);
            }
            if (op == Opcode.SVC) {
                throw new IllegalArgumentException("\"" + list + "\" names svc, which always traps in every profile");
            }
            if (!any && op.inBase()) {
                throw new IllegalArgumentException("\"" + list + "\" names " + m + ": only jrstu, popf, smsw and mrs "
                        + "can be defined or undefined");
            }
            if (!seen.add(m)) {
                throw new IllegalArgumentException("\"" + list + "\" names " + m + " a second time");
            }
            ops.add(op);
        }
        return ops;
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

    /** Whether the profile defines {@code op}. */
    public boolean defines(Opcode op) {
        return defined[op.code()] != null;
    }

    /** Whether {@code op} is defined and traps PRIVILEGED in user mode. */
    public boolean privileged(Opcode op) {
        return classes[op.code()] == InstructionClass.PRIVILEGED;
    }

    /** Whether the {@code kseg} window is on. */
    public boolean kseg() {
        return kseg;
    }

    /** The defined instructions in opcode order. */
    public List<Opcode> instructions() {
        List<Opcode> ops = new ArrayList<>();
        for (Opcode op : defined) {
            if (op != null) {
                ops.add(op);
            }
        }
        return ops;
    }

    @Override
    public String toString() {
        return name;
    }
}
