package shadowvisor.machine.isa;

/**
 * The opcode table: every instruction of every built-in profile declared once, with its opcode
 * number (spec section 2.1), mnemonic, operand format, class and a one-line summary of its
 * semantics. The CPU, the assembler, the disassembler, the listing and the analyzer all read
 * this table; which of them a machine defines, and with which class, is a {@link Profile}'s
 * business. The last four rows exist only in the profiles that model the theorem's violations.
 */
public enum Opcode {
    ADD(0x01, "add", Format.R3, InstructionClass.INNOCUOUS, "rd <- rs1 + rs2"),
    SUB(0x02, "sub", Format.R3, InstructionClass.INNOCUOUS, "rd <- rs1 - rs2"),
    AND(0x03, "and", Format.R3, InstructionClass.INNOCUOUS, "rd <- rs1 & rs2"),
    OR(0x04, "or", Format.R3, InstructionClass.INNOCUOUS, "rd <- rs1 | rs2"),
    XOR(0x05, "xor", Format.R3, InstructionClass.INNOCUOUS, "rd <- rs1 ^ rs2"),
    MUL(0x06, "mul", Format.R3, InstructionClass.INNOCUOUS, "rd <- low 32 bits of rs1 * rs2"),
    SHL(0x07, "shl", Format.R3, InstructionClass.INNOCUOUS, "rd <- rs1 << (rs2 mod 32)"),
    SHR(0x08, "shr", Format.R3, InstructionClass.INNOCUOUS, "rd <- rs1 >>> (rs2 mod 32), logical"),
    SAR(0x09, "sar", Format.R3, InstructionClass.INNOCUOUS, "rd <- rs1 >> (rs2 mod 32), arithmetic"),
    DIV(0x0A, "div", Format.R3, InstructionClass.INNOCUOUS, "rd <- rs1 / rs2 signed, toward zero; 0 traps ARITH"),
    REM(0x0B, "rem", Format.R3, InstructionClass.INNOCUOUS, "rd <- rs1 % rs2 signed, dividend's sign; 0 traps ARITH"),
    DIVU(0x0C, "divu", Format.R3, InstructionClass.INNOCUOUS, "rd <- rs1 / rs2 unsigned; 0 traps ARITH"),
    REMU(0x0D, "remu", Format.R3, InstructionClass.INNOCUOUS, "rd <- rs1 % rs2 unsigned; 0 traps ARITH"),
    SLT(0x0E, "slt", Format.R3, InstructionClass.INNOCUOUS, "rd <- rs1 < rs2 signed"),
    SLTU(0x0F, "sltu", Format.R3, InstructionClass.INNOCUOUS, "rd <- rs1 < rs2 unsigned"),
    ADDI(0x10, "addi", Format.RI_SIGNED, InstructionClass.INNOCUOUS, "rd <- rs1 + sext(imm)"),
    SLTI(0x11, "slti", Format.RI_SIGNED, InstructionClass.INNOCUOUS, "rd <- rs1 < sext(imm) signed"),
    SLTIU(0x12, "sltiu", Format.RI_SIGNED, InstructionClass.INNOCUOUS, "rd <- rs1 < sext(imm) unsigned"),
    ANDI(0x13, "andi", Format.RI_UNSIGNED, InstructionClass.INNOCUOUS, "rd <- rs1 & zext(imm)"),
    ORI(0x14, "ori", Format.RI_UNSIGNED, InstructionClass.INNOCUOUS, "rd <- rs1 | zext(imm)"),
    XORI(0x15, "xori", Format.RI_UNSIGNED, InstructionClass.INNOCUOUS, "rd <- rs1 ^ zext(imm)"),
    SHLI(0x16, "shli", Format.SHIFT_IMM, InstructionClass.INNOCUOUS, "rd <- rs1 << imm"),
    SHRI(0x17, "shri", Format.SHIFT_IMM, InstructionClass.INNOCUOUS, "rd <- rs1 >>> imm"),
    SARI(0x18, "sari", Format.SHIFT_IMM, InstructionClass.INNOCUOUS, "rd <- rs1 >> imm"),
    LUI(0x19, "lui", Format.LUI, InstructionClass.INNOCUOUS, "rd <- imm << 16"),
    LD(0x1A, "ld", Format.LOAD, InstructionClass.INNOCUOUS, "rd <- MEM[rs1 + sext(imm)]"),
    ST(0x1B, "st", Format.STORE, InstructionClass.INNOCUOUS, "MEM[rs1 + sext(imm)] <- rs2"),
    BEQ(0x20, "beq", Format.BRANCH, InstructionClass.INNOCUOUS, "branch if rs1 == rs2"),
    BNE(0x21, "bne", Format.BRANCH, InstructionClass.INNOCUOUS, "branch if rs1 != rs2"),
    BLT(0x22, "blt", Format.BRANCH, InstructionClass.INNOCUOUS, "branch if rs1 < rs2 signed"),
    BGE(0x23, "bge", Format.BRANCH, InstructionClass.INNOCUOUS, "branch if rs1 >= rs2 signed"),
    BLTU(0x24, "bltu", Format.BRANCH, InstructionClass.INNOCUOUS, "branch if rs1 < rs2 unsigned"),
    BGEU(0x25, "bgeu", Format.BRANCH, InstructionClass.INNOCUOUS, "branch if rs1 >= rs2 unsigned"),
    JAL(0x26, "jal", Format.JAL, InstructionClass.INNOCUOUS, "rd <- PC+1; PC <- PC + off21"),
    JALR(0x27, "jalr", Format.JALR, InstructionClass.INNOCUOUS, "t <- rs1 + sext(imm); rd <- PC+1; PC <- t"),
    SVC(0x30, "svc", Format.SVC, InstructionClass.TRAP, "trap SVC with value imm"),
    LPSW(0x40, "lpsw", Format.LPSW, InstructionClass.PRIVILEGED, "PSW <- the 4 words at rs1 + sext(imm)"),
    RDPSW(0x41, "rdpsw", Format.RDPSW, InstructionClass.PRIVILEGED, "rd <- PSW field (0 flags, 1 B, 2 L)"),
    MTCR(0x42, "mtcr", Format.MTCR, InstructionClass.PRIVILEGED, "cr <- rs (0 ptbr flushes the TLB, 1 timer)"),
    MFCR(0x43, "mfcr", Format.MFCR, InstructionClass.PRIVILEGED, "rd <- cr"),
    INVLPG(0x44, "invlpg", Format.INVLPG, InstructionClass.PRIVILEGED, "drop the TLB entry for linear address rs"),
    TLBFLUSH(0x45, "tlbflush", Format.NONE, InstructionClass.PRIVILEGED, "drop every TLB entry"),
    OUT(0x46, "out", Format.OUT, InstructionClass.PRIVILEGED, "write rs to a device port"),
    IN(0x47, "in", Format.IN, InstructionClass.PRIVILEGED, "read a device port into rd"),
    HALT(0x48, "halt", Format.NONE, InstructionClass.PRIVILEGED, "stop the machine"),
    // Defined only in the profiles of spec section 8; the class is the one those profiles give.
    JRSTU(0x50, "jrstu", Format.LPSW, InstructionClass.INNOCUOUS, "PC <- rs1 + sext(imm); then M <- u (pdp10, like JRST 1)"),
    POPF(0x51, "popf", Format.INVLPG, InstructionClass.INNOCUOUS, "if M = s: I <- bit 2 of rs; in user mode nothing (x86, like POPF)"),
    SMSW(0x52, "smsw", Format.RDPSW, InstructionClass.INNOCUOUS, "rd <- PSW field (0 flags, 1 B, 2 L), either mode (x86, like SMSW)"),
    MRS(0x53, "mrs", Format.RD, InstructionClass.INNOCUOUS, "rd <- PSW flags, either mode (arm, like MRS CPSR)");

    /** Opcode numbers as int constants, for the CPU's switch (a switch on an enum would box through ordinal lookups). */
    public static final int OP_ADD = 0x01, OP_SUB = 0x02, OP_AND = 0x03, OP_OR = 0x04, OP_XOR = 0x05,
            OP_MUL = 0x06, OP_SHL = 0x07, OP_SHR = 0x08, OP_SAR = 0x09, OP_DIV = 0x0A, OP_REM = 0x0B,
            OP_DIVU = 0x0C, OP_REMU = 0x0D, OP_SLT = 0x0E, OP_SLTU = 0x0F, OP_ADDI = 0x10, OP_SLTI = 0x11,
            OP_SLTIU = 0x12, OP_ANDI = 0x13, OP_ORI = 0x14, OP_XORI = 0x15, OP_SHLI = 0x16, OP_SHRI = 0x17,
            OP_SARI = 0x18, OP_LUI = 0x19, OP_LD = 0x1A, OP_ST = 0x1B, OP_BEQ = 0x20, OP_BNE = 0x21,
            OP_BLT = 0x22, OP_BGE = 0x23, OP_BLTU = 0x24, OP_BGEU = 0x25, OP_JAL = 0x26, OP_JALR = 0x27,
            OP_SVC = 0x30, OP_LPSW = 0x40, OP_RDPSW = 0x41, OP_MTCR = 0x42, OP_MFCR = 0x43,
            OP_INVLPG = 0x44, OP_TLBFLUSH = 0x45, OP_OUT = 0x46, OP_IN = 0x47, OP_HALT = 0x48,
            OP_JRSTU = 0x50, OP_POPF = 0x51, OP_SMSW = 0x52, OP_MRS = 0x53;

    private static final Opcode[] BY_CODE = new Opcode[128];
    private static final java.util.Map<String, Opcode> BY_MNEMONIC = new java.util.HashMap<>();

    static {
        for (Opcode op : values()) {
            BY_CODE[op.code] = op;
            BY_MNEMONIC.put(op.mnemonic, op);
        }
    }

    private final int code;
    private final String mnemonic;
    private final Format format;
    private final InstructionClass instructionClass;
    private final String summary;

    Opcode(int code, String mnemonic, Format format, InstructionClass instructionClass, String summary) {
        this.code = code;
        this.mnemonic = mnemonic;
        this.format = format;
        this.instructionClass = instructionClass;
        this.summary = summary;
    }

    /** The 7-bit opcode number (bits 31..25 of the word). */
    public int code() {
        return code;
    }

    /** The lower-case mnemonic. */
    public String mnemonic() {
        return mnemonic;
    }

    public Format format() {
        return format;
    }

    /** The class in the base profile {@code pg} (for the profile-only rows, in the profiles that define them). */
    public InstructionClass instructionClass() {
        return instructionClass;
    }

    /**
     * Whether the instruction acts on the machine itself (the PSW, a control register, the
     * devices): what a VMM must never let a guest run on the host (spec section 8, "Under a VMM").
     */
    public boolean actsOnMachine() {
        return this == LPSW || this == MTCR || this == OUT || this == IN || this == HALT;
    }

    /** Whether {@code pg} defines the instruction; the rest are the profiles' additions. */
    public boolean inBase() {
        return code < OP_JRSTU;
    }

    /** One line of semantics, for listings and help. */
    public String summary() {
        return summary;
    }

    /** The instruction with this opcode number in any built-in profile, or null when no profile defines it. */
    public static Opcode byCode(int code) {
        return code >= 0 && code < 128 ? BY_CODE[code] : null;
    }

    /** The instruction with this mnemonic (lower case), or null. */
    public static Opcode byMnemonic(String mnemonic) {
        return BY_MNEMONIC.get(mnemonic);
    }
}
