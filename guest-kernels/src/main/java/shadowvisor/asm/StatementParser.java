package shadowvisor.asm;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import shadowvisor.machine.isa.Opcode;

/**
 * Parses one line into a {@link Statement}: an optional {@code label:}, an optional operation
 * (an instruction, pseudo-instruction, directive or macro name) and its operands split at
 * top-level commas; or the assignment {@code name = expr}, which is {@code .equ name, expr}.
 * Operands stay tokens here, because how they parse depends on the operation (a memory operand,
 * a register, a macro argument taken as raw text).
 */
final class StatementParser {
    private StatementParser() {
    }

    /**
     * The statement of {@code line}. A syntax error is reported and the statement comes back
     * failed, keeping its label when the label itself parsed, so that one typo does not also
     * produce "undefined symbol" errors at every use of the label.
     */
    static Statement parse(SourceLine line, int ordinal, Diagnostics diagnostics) {
        Statement s = new Statement(line, ordinal);
        List<Token> tokens;
        try {
            tokens = Lexer.tokenize(line.text());
        } catch (SourceError e) {
            s.failed = true;
            s.label = labelBefore(line.text(), e.column());
            diagnostics.error(s, e);
            return s;
        }
        try {
            parseTokens(s, tokens);
        } catch (SourceError e) {
            s.failed = true;
            s.operation = null;
            s.opcode = null;
            s.pseudo = null;
            s.directive = null;
            diagnostics.error(s, e);
        }
        return s;
    }

    /** The label of a line whose lexing failed at {@code column}, if the text before it starts with one. */
    private static Token labelBefore(String text, int column) {
        try {
            List<Token> prefix = Lexer.tokenize(text.substring(0, column - 1));
            boolean labelled = prefix.size() >= 2 && prefix.get(0).is(Token.Kind.IDENTIFIER) && prefix.get(1).is(Token.Kind.COLON);
            return labelled ? prefix.get(0) : null;
        } catch (SourceError e) {
            return null;
        }
    }

    private static void parseTokens(Statement s, List<Token> tokens) {
        int i = 0;
        int n = tokens.size();
        if (n >= 2 && tokens.get(0).is(Token.Kind.IDENTIFIER) && tokens.get(1).is(Token.Kind.COLON)) {
            s.label = tokens.get(0);
            i = 2;
        }
        if (i == n) {
            return;
        }
        Token op = tokens.get(i);
        if (op.is(Token.Kind.IDENTIFIER) && i + 1 < n && tokens.get(i + 1).is(Token.Kind.EQUALS)) {
            // name = expr is .equ name, expr
            s.operation = tokens.get(i + 1);
            s.directive = Directive.EQU;
            s.operandTokens = List.of(List.of(op), tokens.subList(i + 2, n));
            if (i + 2 == n) {
                throw new SourceError(tokens.get(i + 1).end() + 1, "expected an expression after '='");
            }
            return;
        }
        if (op.is(Token.Kind.IDENTIFIER)) {
            String name = op.text().toLowerCase(Locale.ROOT);
            s.opcode = Opcode.byMnemonic(name);
            if (s.opcode == null) {
                s.pseudo = Pseudo.byMnemonic(name);
            }
        } else if (op.is(Token.Kind.DIRECTIVE)) {
            s.directive = Directive.byName(op.text());
            if (s.directive == null) {
                throw new SourceError(op.column(), "unknown directive '" + op.text() + "'");
            }
        } else if (op.is(Token.Kind.COLON) && i > 0) {
            throw new SourceError(op.column(), "only one label per line");
        } else {
            throw new SourceError(op.column(), "expected a label, mnemonic or directive, found " + op.describe());
        }
        s.operation = op;
        if (i + 1 < n && tokens.get(i + 1).is(Token.Kind.COLON)) {
            throw new SourceError(tokens.get(i + 1).column(), s.label != null ? "only one label per line"
                    : "'" + op.text() + "' cannot be a label");
        }
        s.operandTokens = splitOperands(tokens, i + 1, n);
    }

    /** The operands between {@code from} and {@code to}, split at commas outside parentheses. */
    private static List<List<Token>> splitOperands(List<Token> tokens, int from, int to) {
        if (from == to) {
            return List.of();
        }
        List<List<Token>> operands = new ArrayList<>(3);
        int depth = 0;
        int start = from;
        for (int j = from; j < to; j++) {
            Token t = tokens.get(j);
            if (t.is(Token.Kind.LEFT_PAREN)) {
                depth++;
            } else if (t.is(Token.Kind.RIGHT_PAREN)) {
                depth--;
            } else if (t.is(Token.Kind.COMMA) && depth <= 0) {
                if (j == start) {
                    throw new SourceError(t.column(), "missing operand before ','");
                }
                operands.add(tokens.subList(start, j));
                start = j + 1;
            }
        }
        if (start == to) {
            throw new SourceError(tokens.get(to - 1).column(), "missing operand after ','");
        }
        operands.add(tokens.subList(start, to));
        return operands;
    }
}
