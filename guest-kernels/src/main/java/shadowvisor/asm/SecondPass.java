package shadowvisor.asm;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.List;
import shadowvisor.machine.isa.Opcode;

/**
 * The second pass: produces the words. With every symbol now known, it evaluates each operand
 * the first pass parsed, checks it against its {@link OperandKind}'s range, places it in its
 * field by the {@link OperandSyntax} of the instruction's format (or through the
 * {@link Pseudo} expansion) and stores the words on the statement at the address the first
 * pass gave it. A statement with an error emits nothing and the run goes on.
 */
final class SecondPass {
    private final SymbolTable symbols;
    private final Diagnostics diagnostics;

    SecondPass(SymbolTable symbols, Diagnostics diagnostics) {
        this.symbols = symbols;
        this.diagnostics = diagnostics;
    }

    void run(List<Statement> program) {
        for (Statement s : program) {
            if (s.failed || s.definitionText || s.operation == null || s.macro != null) {
                continue;
            }
            try {
                s.words = words(s);
            } catch (SourceError e) {
                s.failed = true;
                if (!(e instanceof SourceError.AlreadyReported)) {
                    diagnostics.error(s, e);
                }
            }
        }
    }

    /**
     * The boot address given by {@code .entry}, or null when its statement failed.
     */
    Integer entry(Statement entry) {
        if (entry.failed) {
            return null;
        }
        try {
            Operand.Value v = (Operand.Value) entry.operands.get(0);
            BigInteger value = v.expression().evaluate(symbols, entry.dot);
            if (value.signum() < 0 || value.bitLength() > 32) {
                throw new SourceError(v.column(), ".entry address " + Printable.number(value) + " out of range 0..4294967295");
            }
            return value.intValue();
        } catch (SourceError e) {
            if (!(e instanceof SourceError.AlreadyReported)) {
                diagnostics.error(entry, e);
            }
            return null;
        }
    }

    private int[] words(Statement s) {
        if (s.opcode != null) {
            return new int[] {instruction(s.opcode, s)};
        }
        if (s.pseudo != null) {
            return pseudo(s);
        }
        return switch (s.directive) {
            case WORD -> {
                int[] w = new int[s.size];
                for (int i = 0; i < w.length; i++) {
                    // Every "." in .word is the address of the first word (spec section 6).
                    w[i] = value(s.operands.get(i), OperandKind.VALUE32, s.dot);
                }
                yield w;
            }
            case SPACE -> {
                int[] w = new int[s.size];
                if (!s.operands.isEmpty()) {
                    Arrays.fill(w, value(s.operands.get(0), OperandKind.VALUE32, s.dot));
                }
                yield w;
            }
            case STRING, ASCII -> text(s);
            default -> null;
        };
    }

    /** A real instruction: each operand goes to the field its slot names. */
    private int instruction(Opcode opcode, Statement s) {
        List<OperandSyntax.Slot> slots = OperandSyntax.slots(opcode.format());
        int a = 0;
        int b = 0;
        int c = 0;
        int imm = 0;
        for (int i = 0; i < slots.size(); i++) {
            OperandSyntax.Slot slot = slots.get(i);
            Operand operand = s.operands.get(i);
            switch (slot.field()) {
                case A -> a = value(operand, slot.kind(), s.dot);
                case B -> b = value(operand, slot.kind(), s.dot);
                case C -> c = value(operand, slot.kind(), s.dot);
                case IMM -> imm = value(operand, slot.kind(), s.dot);
                case MEMORY -> {
                    Operand.Memory m = (Operand.Memory) operand;
                    imm = OperandKind.MEMORY.fieldValue(m.offset().evaluate(symbols, s.dot), s.dot, m.offset().column());
                    b = m.base();
                }
            }
        }
        return Instruction.of(opcode, a, b, c, imm).encode();
    }

    private int[] pseudo(Statement s) {
        List<OperandKind> kinds = s.pseudo.operands();
        int[] v = new int[kinds.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = value(s.operands.get(i), kinds.get(i), s.dot);
        }
        List<Instruction> expansion = s.pseudo.expand(v, s.longForm);
        int[] w = new int[expansion.size()];
        for (int i = 0; i < w.length; i++) {
            w[i] = expansion.get(i).encode();
        }
        return w;
    }

    /** The field value of a register or expression operand, range-checked. */
    private int value(Operand operand, OperandKind kind, long dot) {
        if (operand instanceof Operand.Register r) {
            return r.number();
        }
        Expression e = ((Operand.Value) operand).expression();
        return kind.fieldValue(e.evaluate(symbols, dot), dot, e.column());
    }

    /** {@code .string} and {@code .ascii}: one word per code point, .string adds a 0 after each. */
    private static int[] text(Statement s) {
        int[] w = new int[s.size];
        int i = 0;
        for (List<Token> operand : s.operandTokens) {
            String text = operand.get(0).text();
            for (int k = 0; k < text.length(); ) {
                int cp = text.codePointAt(k);
                w[i++] = cp;
                k += Character.charCount(cp);
            }
            if (s.directive == Directive.STRING) {
                w[i++] = 0;
            }
        }
        return w;
    }
}
