package shadowvisor.asm;

import java.util.List;

/**
 * Builds an {@link Expression} from tokens by precedence climbing, with C's precedence, from
 * loosest to tightest: {@code |}, {@code ^}, {@code &}, {@code << >>}, {@code + -},
 * {@code * / %}, then the unary {@code - ~ +}. Every operator is left-associative. The whole
 * token range must be one expression; anything left over is a syntax error.
 */
final class ExpressionParser {
    /**
     * The most parentheses and unary operators one operand may nest (together): the parser
     * recurses once per level (a few frames each), so this bounds its depth on the Java stack.
     */
    static final int MAX_NESTING = 200;
    /**
     * The most binary operators in one expression. Chains of them are parsed with a loop (only
     * nesting recurses) and evaluation never recurses, so this bounds the time one expression
     * can take, not the depth of the stack.
     */
    static final int MAX_OPERATORS = 10_000;

    private final List<Token> tokens;
    private final int end;
    private final int from;
    private final int fallbackColumn;
    private int pos;
    private int depth;
    private int operators;

    private ExpressionParser(List<Token> tokens, int from, int to, int fallbackColumn) {
        this.tokens = tokens;
        this.from = from;
        this.pos = from;
        this.end = to;
        this.fallbackColumn = fallbackColumn;
    }

    /** The expression spanning all of {@code tokens}. */
    static Expression parse(List<Token> tokens, int fallbackColumn) {
        return parse(tokens, 0, tokens.size(), fallbackColumn);
    }

    /**
     * The expression spanning {@code tokens[from, to)}.
     *
     * @param fallbackColumn where to point when the range is empty
     */
    static Expression parse(List<Token> tokens, int from, int to, int fallbackColumn) {
        ExpressionParser p = new ExpressionParser(tokens, from, to, fallbackColumn);
        Expression e = p.binary(0);
        if (p.pos < to) {
            Token t = tokens.get(p.pos);
            throw new SourceError(t.column(), "unexpected " + t.describe() + " in expression");
        }
        return e;
    }

    /** Binding strength of a binary operator, or -1 when the token is not one. */
    private static int precedence(Token t) {
        if (t.kind() != Token.Kind.OPERATOR) {
            return -1;
        }
        return switch (t.text()) {
            case "|" -> 1;
            case "^" -> 2;
            case "&" -> 3;
            case "<<", ">>" -> 4;
            case "+", "-" -> 5;
            case "*", "/", "%" -> 6;
            default -> -1;
        };
    }

    private Expression binary(int minPrecedence) {
        Expression left = unary();
        while (pos < end) {
            Token op = tokens.get(pos);
            int p = precedence(op);
            if (p < minPrecedence) {
                break;
            }
            pos++;
            if (++operators > MAX_OPERATORS) {
                throw new SourceError(op.column(), "expression has more than " + MAX_OPERATORS + " operators");
            }
            Expression right = binary(p + 1);
            left = new Expression.Binary(op.text(), left, right, op.column());
        }
        return left;
    }

    private Expression unary() {
        if (pos >= end) {
            // Point just after the last token read (an operator missing its operand), if any.
            int column = pos > from ? tokens.get(pos - 1).end() + 1 : fallbackColumn;
            throw new SourceError(column, "expected an expression");
        }
        Token t = tokens.get(pos);
        if (t.isOperator("-") || t.isOperator("~") || t.isOperator("+")) {
            pos++;
            if (++depth > MAX_NESTING) {
                throw new SourceError(t.column(), "more than " + MAX_NESTING + " unary operators in a row");
            }
            Expression operand = unary();
            depth--;
            return new Expression.Unary(t.text().charAt(0), operand, t.column());
        }
        return primary();
    }

    private Expression primary() {
        Token t = tokens.get(pos++);
        switch (t.kind()) {
            case NUMBER:
                return new Expression.Literal(t.value(), t.column());
            case DOT:
                return new Expression.Dot(t.column());
            case IDENTIFIER:
                if (Registers.number(t.text()) >= 0) {
                    throw new SourceError(t.column(), "register '" + t.text() + "' where an expression is expected");
                }
                return new Expression.Symbol(t.text(), t.column());
            case LEFT_PAREN: {
                // A bound on nesting keeps a pathological line from exhausting the Java stack.
                if (++depth > MAX_NESTING) {
                    throw new SourceError(t.column(), "expression nested more than " + MAX_NESTING + " parentheses deep");
                }
                Expression inner = binary(0);
                depth--;
                if (pos >= end || tokens.get(pos).kind() != Token.Kind.RIGHT_PAREN) {
                    throw new SourceError(pos < end ? tokens.get(pos).column() : t.column(),
                            pos < end ? "expected ')', found " + tokens.get(pos).describe() : "unbalanced '('");
                }
                pos++;
                return inner;
            }
            default:
                throw new SourceError(t.column(), "unexpected " + t.describe() + " in expression");
        }
    }
}
