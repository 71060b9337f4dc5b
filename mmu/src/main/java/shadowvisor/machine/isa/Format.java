package shadowvisor.machine.isa;

/**
 * Operand formats of the pg encoding (spec section 2.1). A format fixes which fields of the
 * instruction word an instruction reads and how the assembler spells its operands; the
 * assembler, disassembler and listing all dispatch on it, so a new instruction of an existing
 * format needs no code outside the opcode table.
 */
public enum Format {
    /** {@code rd, rs1, rs2}: rd=A, rs1=B, rs2=C. */
    R3("rd, rs1, rs2"),
    /** {@code rd, rs1, imm16}, imm sign-extended: rd=A, rs1=B. */
    RI_SIGNED("rd, rs1, imm16"),
    /** {@code rd, rs1, imm16}, imm zero-extended: rd=A, rs1=B. */
    RI_UNSIGNED("rd, rs1, imm16"),
    /** {@code rd, rs1, imm5}: shift by imm16 mod 32. */
    SHIFT_IMM("rd, rs1, imm5"),
    /** {@code rd, imm16}: rd=A. */
    LUI("rd, imm16"),
    /** {@code rd, imm16(rs1)}: rd=A, rs1=B. */
    LOAD("rd, imm16(rs1)"),
    /** {@code rs2, imm16(rs1)}: rs2=A, rs1=B. */
    STORE("rs2, imm16(rs1)"),
    /** {@code rs1, rs2, label}: rs1=A, rs2=B, off17. */
    BRANCH("rs1, rs2, label"),
    /** {@code rd, label}: rd=A, off21. */
    JAL("rd, label"),
    /** {@code rd, rs1, imm16}: rd=A, rs1=B, imm sign-extended. */
    JALR("rd, rs1, imm16"),
    /** {@code imm16} zero-extended. */
    SVC("imm16"),
    /** {@code imm16(rs1)}: rs1=B. */
    LPSW("imm16(rs1)"),
    /** {@code rd, field}: rd=A, imm=field. */
    RDPSW("rd, field"),
    /** {@code cr, rs}: rs=B, imm=cr. */
    MTCR("cr, rs"),
    /** {@code rd, cr}: rd=A, imm=cr. */
    MFCR("rd, cr"),
    /** {@code rs}: rs=B. */
    INVLPG("rs"),
    /** {@code rs, port}: rs=B, imm=port. */
    OUT("rs, port"),
    /** {@code rd, port}: rd=A, imm=port. */
    IN("rd, port"),
    /** {@code rd}: rd=A. */
    RD("rd"),
    /** No operands. */
    NONE("");

    private final String syntax;

    Format(String syntax) {
        this.syntax = syntax;
    }

    /** The operand syntax as the spec's instruction table writes it. */
    public String syntax() {
        return syntax;
    }
}
