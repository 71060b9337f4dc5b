package shadowvisor.asm;

import java.math.BigInteger;
import java.util.List;

/**
 * Turns the tokens of one operand into an {@link Operand}, by the {@link OperandKind} its
 * position expects. The only subtle case is the memory operand: {@code (x)(r1)} and
 * {@code x(r1)} have a base register because the operand ends with {@code ( register )};
 * {@code (x)} alone does not, and is an expression with base r0.
 */
final class OperandParser {
    private OperandParser() {
    }

    /**
     * @param tokens the operand's tokens, never empty
     */
    static Operand parse(OperandKind kind, List<Token> tokens) {
        Token first = tokens.get(0);
        int column = first.column();
        switch (kind) {
            case REGISTER:
                return register(tokens);
            case MEMORY:
                return memory(tokens);
            case CONTROL_REGISTER:
            case PSW_FIELD:
                if (tokens.size() == 1 && first.is(Token.Kind.IDENTIFIER) && kind.namedValue(first.text()) >= 0) {
                    BigInteger v = BigInteger.valueOf(kind.namedValue(first.text()));
                    return new Operand.Value(new Expression.Literal(v, column), column);
                }
                return new Operand.Value(ExpressionParser.parse(tokens, column), column);
            default:
                return new Operand.Value(ExpressionParser.parse(tokens, column), column);
        }
    }

    private static Operand register(List<Token> tokens) {
        Token t = tokens.get(0);
        int r = t.is(Token.Kind.IDENTIFIER) ? Registers.number(t.text()) : -1;
        if (r < 0) {
            throw new SourceError(t.column(), "expected a register, found " + t.describe());
        }
        if (tokens.size() > 1) {
            throw new SourceError(tokens.get(1).column(), "unexpected " + tokens.get(1).describe() + " after register");
        }
        return new Operand.Register(r, t.column());
    }

    private static Operand memory(List<Token> tokens) {
        int n = tokens.size();
        int column = tokens.get(0).column();
        if (n >= 3 && tokens.get(n - 1).is(Token.Kind.RIGHT_PAREN) && tokens.get(n - 3).is(Token.Kind.LEFT_PAREN)
                && tokens.get(n - 2).is(Token.Kind.IDENTIFIER)) {
            int base = Registers.number(tokens.get(n - 2).text());
            if (base >= 0) {
                Expression offset = n == 3 ? new Expression.Literal(BigInteger.ZERO, column)
                        : ExpressionParser.parse(tokens, 0, n - 3, column);
                return new Operand.Memory(offset, base, column);
            }
        }
        return new Operand.Memory(ExpressionParser.parse(tokens, column), 0, column);
    }
}
