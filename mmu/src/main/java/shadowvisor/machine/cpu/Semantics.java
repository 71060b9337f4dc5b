package shadowvisor.machine.cpu;

import static shadowvisor.machine.isa.Opcode.*;

import shadowvisor.machine.Fault;
import shadowvisor.machine.Psw;
import shadowvisor.machine.TrapCause;
import shadowvisor.machine.isa.InstructionClass;
import shadowvisor.machine.isa.Opcode;
import shadowvisor.machine.isa.Profile;

/**
 * Every instruction's semantics (spec sections 2 to 5 and 8), written once and driven by a
 * {@link Profile}'s table: which opcodes are defined, which trap PRIVILEGED in user mode. It
 * executes one instruction against an {@link ExecutionState}, the physical machine's or a
 * VM's, so the CPU (for everything outside its burst), a VMM emulating a privileged
 * instruction, a VMM interpreting vm-supervisor code or a {@code kseg} access, and the
 * analyzer all run the same code.
 *
 * <p>The order of checks is the spec's priority (section 4): the fetch fault (in {@link #step}),
 * decode-time ILLEGAL (undefined opcode, unknown control register or PSW field), PRIVILEGED,
 * then the instruction's own traps and operand accesses in program order. A trapping
 * instruction changes nothing: the result is {@link #TRAP} with {@link #cause}, {@link #value},
 * {@link #detail} set and the state untouched (but for A and D bits a successful walk set).
 * Retiring is the caller's: it counts the instruction and the timer's countdown, because the
 * CPU and a VMM keep time in different places.
 */
public final class Semantics {
    /** The instruction retired; the timer counts down. */
    public static final int RETIRED = 0;
    /** {@code mtcr timer} retired: it does not count its own new count down. */
    public static final int RETIRED_TIMER_SET = 1;
    /** The instruction trapped: see {@link #cause}, {@link #value}, {@link #detail}. */
    public static final int TRAP = 2;
    /** {@code halt} retired: the machine stops. */
    public static final int HALT = 3;
    /** An {@code out} to the power port retired: the machine is off. */
    public static final int POWEROFF = 4;
    /** The state's owner refused the PSW an instruction would load and ended the run; nothing took effect. */
    public static final int REFUSED = 5;
    /** On a guarded host, a user-mode instruction made innocuous would act on the machine: stopped before it acts. */
    public static final int HOST_ACTION = 6;

    private static final int PRIVILEGED_CAUSE = TrapCause.PRIVILEGED.code(), ILLEGAL = TrapCause.ILLEGAL.code(),
            SVC_CAUSE = TrapCause.SVC.code(), ARITH = TrapCause.ARITH.code(), SEGMENT = TrapCause.SEGMENT.code(),
            MEMORY = TrapCause.MEMORY.code();

    private final Profile profile;
    /** Per opcode: 0 undefined, 1 innocuous or trap, 2 privileged. */
    private final byte[] classes = new byte[128];
    private final int[] lpswWords = new int[4];

    /** The trap of the last {@link #TRAP} result. */
    public int cause, value, detail;
    /** The word {@link #step} fetched, or -1 when the fetch faulted. */
    public long fetched = -1;

    public Semantics(Profile profile) {
        this.profile = profile;
        for (int op = 0; op < 128; op++) {
            InstructionClass c = profile.classOf(op);
            classes[op] = (byte) (c == null ? 0 : c == InstructionClass.PRIVILEGED ? 2 : 1);
        }
    }

    public Profile profile() {
        return profile;
    }

    /**
     * Fetches the instruction at the state's PC (a fetch fault is the trap) and executes it.
     * {@link #fetched} tells whether the fetch succeeded and what it read.
     */
    public int step(ExecutionState s) {
        fetched = -1;
        int access = TrapCause.ACC_F | ((s.pswFlags() & Psw.S) == 0 ? TrapCause.ACC_U : 0);
        int pa = s.translate(s.pc(), access);
        if (pa < 0) {
            return trap(s.fault());
        }
        int w = s.read(pa);
        fetched = Integer.toUnsignedLong(w);
        return execute(s, w);
    }

    /** Executes the instruction word {@code w}, fetched from the state's PC. */
    public int execute(ExecutionState s, int w) {
        int op = w >>> 25;
        int cls = classes[op];
        int imm = w & 0xFFFF;
        if (cls == 0 || illegalOperand(op, imm)) {
            return trap(ILLEGAL, w, 0);
        }
        int flags = s.pswFlags();
        boolean user = (flags & Psw.S) == 0;
        if (user && cls == 2) {
            return trap(PRIVILEGED_CAUSE, w, 0);
        }
        if (user && op != OP_LPSW && s.guardsHost() && Opcode.byCode(op).actsOnMachine()) {
            return HOST_ACTION; // lpsw first reads its words: their faults come before
        }
        int uacc = user ? TrapCause.ACC_U : 0;
        int a = (w >>> 21) & 15;
        int b = (w >>> 17) & 15;
        int pc = s.pc();
        switch (op) {
            case OP_ADD, OP_SUB, OP_AND, OP_OR, OP_XOR, OP_MUL, OP_SHL, OP_SHR, OP_SAR, OP_DIV, OP_REM, OP_DIVU,
                    OP_REMU, OP_SLT, OP_SLTU -> {
                int y = s.register((w >>> 13) & 15);
                if (y == 0 && Alu.divides(op)) {
                    return trap(ARITH, w, 0);
                }
                s.setRegister(a, Alu.r3(op, s.register(b), y));
            }
            case OP_ADDI, OP_SLTI, OP_SLTIU, OP_ANDI, OP_ORI, OP_XORI, OP_SHLI, OP_SHRI, OP_SARI, OP_LUI ->
                    s.setRegister(a, Alu.imm(op, s.register(b), w));
            case OP_LD -> {
                int pa = s.translate(s.register(b) + (short) w, uacc);
                if (pa < 0) {
                    return trap(s.fault());
                }
                s.setRegister(a, s.read(pa));
            }
            case OP_ST -> {
                int pa = s.translate(s.register(b) + (short) w, TrapCause.ACC_W | uacc);
                if (pa < 0) {
                    return trap(s.fault());
                }
                s.write(pa, s.register(a));
            }
            case OP_BEQ, OP_BNE, OP_BLT, OP_BGE, OP_BLTU, OP_BGEU -> {
                s.setPc(Alu.taken(op, s.register(a), s.register(b)) ? pc + Alu.branchOffset(w) : pc + 1);
                return RETIRED;
            }
            case OP_JAL -> {
                s.setRegister(a, pc + 1);
                s.setPc(pc + Alu.jalOffset(w));
                return RETIRED;
            }
            case OP_JALR -> {
                int t = s.register(b) + (short) w;
                s.setRegister(a, pc + 1);
                s.setPc(t);
                return RETIRED;
            }
            case OP_SVC -> {
                return trap(SVC_CAUSE, imm, 0);
            }
            case OP_LPSW -> {
                return lpsw(s, w, uacc);
            }
            case OP_RDPSW, OP_SMSW -> s.setRegister(a, imm == 0 ? flags : imm == 1 ? s.pswB() : s.pswL());
            case OP_MRS -> s.setRegister(a, flags);
            case OP_MTCR -> {
                s.setPc(pc + 1);
                if (imm == 0) {
                    s.setPtbr(s.register(b));
                    return RETIRED;
                }
                s.setTimer(s.register(b));
                return RETIRED_TIMER_SET;
            }
            case OP_MFCR -> s.setRegister(a, imm == 0 ? s.ptbr() : s.timer());
            case OP_INVLPG -> s.invalidatePage(s.register(b));
            case OP_TLBFLUSH -> s.flushTlb();
            case OP_OUT -> {
                s.setPc(pc + 1);
                return s.out(imm, s.register(b)) ? POWEROFF : RETIRED;
            }
            case OP_IN -> s.setRegister(a, s.in(imm));
            case OP_HALT -> {
                s.setPc(pc + 1);
                return HALT;
            }
            case OP_JRSTU -> {
                // JRST 1: the jump, then the drop to user mode; the next fetch is a user one.
                int t = s.register(b) + (short) w;
                if (user) {
                    s.setPc(t);
                    return RETIRED;
                }
                return s.loadPsw(flags & ~Psw.S, s.pswB(), s.pswL(), t) ? RETIRED : REFUSED;
            }
            case OP_POPF -> {
                // POPF: I follows bit 2 of rs in supervisor mode; in user mode the change is silently dropped.
                if (user) {
                    break;
                }
                int next = (flags & ~Psw.I) | (s.register(b) & Psw.I);
                if (!s.loadPsw(next, s.pswB(), s.pswL(), pc + 1)) {
                    return REFUSED;
                }
                return RETIRED;
            }
            default -> throw new IllegalStateException("opcode 0x" + Integer.toHexString(op) + " is defined in profile "
                    + profile.name() + " but has no semantics");
        }
        s.setPc(pc + 1);
        return RETIRED;
    }

    /** Decode-time ILLEGAL of an operand: an unknown control register or PSW field. */
    private static boolean illegalOperand(int op, int imm) {
        return switch (op) {
            case OP_RDPSW, OP_SMSW -> imm >= 3;
            case OP_MTCR, OP_MFCR -> imm >= 2;
            default -> false;
        };
    }

    /** {@code lpsw}: four translated reads in order, then ILLEGAL for reserved flag bits, then the owner's consent. */
    private int lpsw(ExecutionState s, int w, int uacc) {
        int base = s.register((w >>> 17) & 15) + (short) w;
        int[] words = lpswWords;
        for (int i = 0; i < 4; i++) {
            int pa = s.translate(base + i, uacc);
            if (pa < 0) {
                return trap(s.fault());
            }
            words[i] = s.read(pa);
        }
        if ((words[0] & ~Psw.DEFINED_FLAGS) != 0) {
            return trap(ILLEGAL, w, 0);
        }
        if (uacc != 0 && s.guardsHost()) {
            return HOST_ACTION;
        }
        return s.loadPsw(words[0], words[1], words[2], words[3]) ? RETIRED : REFUSED;
    }

    private int trap(int c, int v, int d) {
        cause = c;
        value = v;
        detail = d;
        return TRAP;
    }

    private int trap(Fault f) {
        return trap(f.cause(), f.value(), f.detail());
    }

    /**
     * The {@code kseg} window's rule (spec section 8), for a {@code va} at or above {@link
     * Profile#KSEG_BASE} on a profile that has it: in supervisor mode {@code pa = va - base}, a
     * MEMORY fault with value pa at or above {@code size}; in user mode a SEGMENT fault with
     * value va. Every translator calls this before its segment check.
     *
     * @return the physical address, or -1 after filling {@code fault}
     */
    public static int kseg(int va, int access, int size, Fault fault) {
        if ((access & TrapCause.ACC_U) != 0) {
            return fault.set(SEGMENT, va, access);
        }
        int pa = va - Profile.KSEG_BASE;
        return Integer.compareUnsigned(pa, size) < 0 ? pa : fault.set(MEMORY, pa, access);
    }

    /** Whether {@code va} lies in the {@code kseg} window (when the profile has it). */
    public static boolean inKseg(int va) {
        return Integer.compareUnsigned(va, Profile.KSEG_BASE) >= 0;
    }
}
