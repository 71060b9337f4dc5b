package shadowvisor.asm;

import java.util.List;
import shadowvisor.machine.isa.Format;

/**
 * How each operand {@link Format} is written and where each written operand goes in the word
 * (spec section 2.1, "operand placement"). The assembler parses and places operands by these
 * slots and the disassembler prints them by the same slots, so a new instruction of an existing
 * format needs nothing outside the opcode table. The switch has no default: a new format does
 * not compile until it is described here.
 */
final class OperandSyntax {

    /** The instruction field a written operand fills. {@link #MEMORY} fills imm16 and B. */
    enum Field { A, B, C, IMM, MEMORY }

    /** One written operand: what it accepts and where it goes. */
    record Slot(OperandKind kind, Field field) {
    }

    private static final Slot RD = new Slot(OperandKind.REGISTER, Field.A);
    private static final Slot RS1 = new Slot(OperandKind.REGISTER, Field.B);
    private static final Slot RS2 = new Slot(OperandKind.REGISTER, Field.C);
    private static final Slot MEM = new Slot(OperandKind.MEMORY, Field.MEMORY);

    private OperandSyntax() {
    }

    /** The operands of a format, in the order they are written. */
    static List<Slot> slots(Format format) {
        return switch (format) {
            case R3 -> List.of(RD, RS1, RS2);
            case RI_SIGNED, JALR -> List.of(RD, RS1, new Slot(OperandKind.SIGNED16, Field.IMM));
            case RI_UNSIGNED -> List.of(RD, RS1, new Slot(OperandKind.UNSIGNED16, Field.IMM));
            case SHIFT_IMM -> List.of(RD, RS1, new Slot(OperandKind.SHIFT, Field.IMM));
            case LUI -> List.of(RD, new Slot(OperandKind.UNSIGNED16, Field.IMM));
            case LOAD -> List.of(RD, MEM);
            case STORE -> List.of(new Slot(OperandKind.REGISTER, Field.A), MEM);
            case BRANCH -> List.of(new Slot(OperandKind.REGISTER, Field.A), new Slot(OperandKind.REGISTER, Field.B),
                    new Slot(OperandKind.BRANCH_TARGET, Field.IMM));
            case JAL -> List.of(RD, new Slot(OperandKind.JUMP_TARGET, Field.IMM));
            case SVC -> List.of(new Slot(OperandKind.UNSIGNED16, Field.IMM));
            case LPSW -> List.of(MEM);
            case RDPSW -> List.of(RD, new Slot(OperandKind.PSW_FIELD, Field.IMM));
            case MTCR -> List.of(new Slot(OperandKind.CONTROL_REGISTER, Field.IMM), RS1);
            case MFCR -> List.of(RD, new Slot(OperandKind.CONTROL_REGISTER, Field.IMM));
            case INVLPG -> List.of(RS1);
            case OUT -> List.of(RS1, new Slot(OperandKind.PORT, Field.IMM));
            case IN -> List.of(RD, new Slot(OperandKind.PORT, Field.IMM));
            case RD -> List.of(RD);
            case NONE -> List.of();
        };
    }
}
