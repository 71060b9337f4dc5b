package shadowvisor.asm;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits one source line into {@link Token}s, stopping at a {@code ;} comment. It knows the
 * lexical rules of spec section 6: names, directives, decimal, {@code 0x} and {@code 0b}
 * numbers, character literals and strings with the escapes {@code \n \t \0 \\ \' \"}, and the
 * operators of expressions. The first lexical error of a line is thrown as a
 * {@link SourceError}; the rest of that line is not looked at.
 */
final class Lexer {
    /**
     * The most digits a number may have (after its {@code 0x} or {@code 0b}): far more than any
     * value that could fit a word needs, and a bound on the cost of converting it.
     */
    static final int MAX_DIGITS = 100;
    private static final BigInteger[] SMALL = new BigInteger[256];

    static {
        for (int i = 0; i < SMALL.length; i++) {
            SMALL[i] = BigInteger.valueOf(i);
        }
    }

    private final String line;
    private int pos;

    private Lexer(String line) {
        this.line = line;
    }

    /** The tokens of {@code line}, up to its comment. */
    static List<Token> tokenize(String line) {
        return new Lexer(line).run();
    }

    static boolean isNameStart(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_';
    }

    static boolean isNamePart(char c) {
        return isNameStart(c) || c >= '0' && c <= '9';
    }

    private List<Token> run() {
        List<Token> tokens = new ArrayList<>(8);
        int n = line.length();
        while (pos < n) {
            char c = line.charAt(pos);
            if (c == ' ' || c == '\t' || c == '\f' || c == '\u000B' || c == '\r') {
                pos++;
            } else if (c == ';') {
                break;
            } else if (isNameStart(c)) {
                tokens.add(name(Token.Kind.IDENTIFIER, pos));
            } else if (c == '.') {
                if (pos + 1 < n && isNameStart(line.charAt(pos + 1))) {
                    tokens.add(name(Token.Kind.DIRECTIVE, pos));
                } else {
                    tokens.add(single(Token.Kind.DOT));
                }
            } else if (c >= '0' && c <= '9') {
                tokens.add(number());
            } else if (c == '\'') {
                tokens.add(character());
            } else if (c == '"') {
                tokens.add(string());
            } else {
                tokens.add(punctuation(c));
            }
        }
        return tokens;
    }

    private Token name(Token.Kind kind, int start) {
        pos = start + 1;
        while (pos < line.length() && isNamePart(line.charAt(pos))) {
            pos++;
        }
        return new Token(kind, line.substring(start, pos), start, pos, null);
    }

    private Token single(Token.Kind kind) {
        pos++;
        return new Token(kind, line.substring(pos - 1, pos), pos - 1, pos, null);
    }

    private Token number() {
        int start = pos;
        int radix = 10;
        int digitsFrom = pos;
        if (line.charAt(pos) == '0' && pos + 1 < line.length()) {
            char p = Character.toLowerCase(line.charAt(pos + 1));
            if (p == 'x' || p == 'b') {
                radix = p == 'x' ? 16 : 2;
                digitsFrom = pos + 2;
            }
        }
        pos = digitsFrom;
        while (pos < line.length() && isNamePart(line.charAt(pos))) {
            pos++;
        }
        String digits = line.substring(digitsFrom, pos);
        String spelling = line.substring(start, pos);
        if (digits.isEmpty() || !allDigits(digits, radix)) {
            throw new SourceError(start + 1, "malformed number '" + Printable.shorten(spelling) + "'");
        }
        if (digits.length() > MAX_DIGITS) {
            throw new SourceError(start + 1, "number longer than " + MAX_DIGITS + " digits");
        }
        BigInteger value = digits.length() <= 9 && radix == 10 || digits.length() <= 7 && radix == 16
                ? small(Integer.parseInt(digits, radix))
                : new BigInteger(digits, radix);
        return new Token(Token.Kind.NUMBER, spelling, start, pos, value);
    }

    private static boolean allDigits(String digits, int radix) {
        for (int i = 0; i < digits.length(); i++) {
            if (Character.digit(digits.charAt(i), radix) < 0) {
                return false;
            }
        }
        return true;
    }

    private static BigInteger small(int v) {
        return v >= 0 && v < SMALL.length ? SMALL[v] : BigInteger.valueOf(v);
    }

    private Token character() {
        int start = pos;
        pos++;
        if (pos >= line.length() || line.charAt(pos) == '\'') {
            throw new SourceError(start + 1, pos >= line.length() ? "unterminated character literal" : "empty character literal");
        }
        int codePoint = nextCodePoint(start, '\'');
        if (pos >= line.length()) {
            throw new SourceError(start + 1, "unterminated character literal");
        }
        if (line.charAt(pos) != '\'') {
            throw new SourceError(start + 1, "a character literal holds one character (strings are \"...\")");
        }
        pos++;
        return new Token(Token.Kind.NUMBER, line.substring(start, pos), start, pos, small(codePoint));
    }

    private Token string() {
        int start = pos;
        pos++;
        StringBuilder text = new StringBuilder();
        while (true) {
            if (pos >= line.length()) {
                throw new SourceError(start + 1, "unterminated string");
            }
            if (line.charAt(pos) == '"') {
                pos++;
                return new Token(Token.Kind.STRING, text.toString(), start, pos, null);
            }
            text.appendCodePoint(nextCodePoint(start, '"'));
        }
    }

    /** One character of a literal, escapes decoded; a surrogate pair is one code point. */
    private int nextCodePoint(int literalStart, char quote) {
        char c = line.charAt(pos);
        if (c != '\\') {
            int cp = line.codePointAt(pos);
            pos += Character.charCount(cp);
            return cp;
        }
        if (pos + 1 >= line.length()) {
            throw new SourceError(literalStart + 1, quote == '"' ? "unterminated string" : "unterminated character literal");
        }
        char e = line.charAt(pos + 1);
        int value = switch (e) {
            case 'n' -> '\n';
            case 't' -> '\t';
            case '0' -> 0;
            case '\\' -> '\\';
            case '\'' -> '\'';
            case '"' -> '"';
            default -> throw new SourceError(pos + 1, "unknown escape '\\" + e + "' (known: \\n \\t \\0 \\\\ \\' \\\")");
        };
        pos += 2;
        return value;
    }

    private Token punctuation(char c) {
        int start = pos;
        switch (c) {
            case ',':
                return single(Token.Kind.COMMA);
            case '(':
                return single(Token.Kind.LEFT_PAREN);
            case ')':
                return single(Token.Kind.RIGHT_PAREN);
            case ':':
                return single(Token.Kind.COLON);
            case '=':
                return single(Token.Kind.EQUALS);
            case '+': case '-': case '*': case '/': case '%': case '&': case '|': case '^': case '~':
                return single(Token.Kind.OPERATOR);
            case '<': case '>':
                if (pos + 1 < line.length() && line.charAt(pos + 1) == c) {
                    pos += 2;
                    return new Token(Token.Kind.OPERATOR, line.substring(start, pos), start, pos, null);
                }
                throw new SourceError(start + 1, "unexpected '" + c + "' (shifts are written " + c + c + ")");
            case '\\':
                throw new SourceError(start + 1, "unexpected '\\' (not a parameter of the enclosing macro?)");
            default:
                throw new SourceError(start + 1, "unexpected character " + Printable.character(line.codePointAt(pos)));
        }
    }
}
