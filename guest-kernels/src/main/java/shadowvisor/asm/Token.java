package shadowvisor.asm;

import java.math.BigInteger;

/**
 * One lexical token of a source line. Tokens remember where they stand in the line so that
 * every diagnostic can point at a column, and so that a macro argument can be recovered as the
 * exact text it spans.
 *
 * @param kind  what the token is
 * @param text  the source spelling; for {@link Kind#STRING} the decoded contents
 * @param start index of the first character in the line (0-based)
 * @param end   index one past the last character
 * @param value the numeric value of a {@link Kind#NUMBER} (numbers and character literals), else null
 */
record Token(Kind kind, String text, int start, int end, BigInteger value) {

    /** Token kinds. Operators keep their spelling in {@link #text()}. */
    enum Kind {
        /** A name: symbol, mnemonic, register, macro. */
        IDENTIFIER,
        /** A name with a leading dot: {@code .word}. */
        DIRECTIVE,
        /** A number or a character literal. */
        NUMBER,
        /** A double-quoted string. */
        STRING,
        /** {@code .} alone: the current address. */
        DOT,
        /** {@code + - * / % << >> & | ^ ~}. */
        OPERATOR,
        COMMA,
        LEFT_PAREN,
        RIGHT_PAREN,
        COLON,
        EQUALS
    }

    /** The 1-based column used in diagnostics. */
    int column() {
        return start + 1;
    }

    boolean is(Kind k) {
        return kind == k;
    }

    boolean isOperator(String spelling) {
        return kind == Kind.OPERATOR && text.equals(spelling);
    }

    /** How the token reads in a message. */
    String describe() {
        return switch (kind) {
            case STRING -> "string";
            default -> "'" + text + "'";
        };
    }
}
