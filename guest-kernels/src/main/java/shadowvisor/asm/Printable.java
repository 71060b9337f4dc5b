package shadowvisor.asm;

import java.math.BigInteger;
import java.util.Locale;

/**
 * How source text and values are shown in a diagnostic, which must stay one readable line
 * whatever the input: control and invisible characters are written {@code U+XXXX} instead of
 * being echoed raw to the terminal, and huge numbers and runaway messages are abbreviated.
 */
final class Printable {
    /** Decimal values longer than this many characters are abbreviated. */
    static final int MAX_NUMBER_CHARS = 40;
    /** Messages longer than this many characters are cut in the middle. */
    static final int MAX_MESSAGE_CHARS = 500;

    private Printable() {
    }

    /** A value in decimal, abbreviated to its first and last digits when it is huge. */
    static String number(BigInteger value) {
        String digits = value.abs().toString();
        String sign = value.signum() < 0 ? "-" : "";
        if (digits.length() <= MAX_NUMBER_CHARS) {
            return sign + digits;
        }
        return sign + shorten(digits) + " (" + digits.length() + " digits)";
    }

    /** A spelling (of a number, say) cut to its first and last characters when it is long. */
    static String shorten(String text) {
        if (text.length() <= MAX_NUMBER_CHARS) {
            return text;
        }
        return text.substring(0, boundary(text, 20)) + "..." + text.substring(boundary(text, text.length() - 10));
    }

    /** One character as a message quotes it: {@code 'x'}, or {@code U+0000} when it would not show. */
    static String character(int codePoint) {
        return visible(codePoint) ? "'" + new String(Character.toChars(codePoint)) + "'" : codePoint(codePoint);
    }

    /**
     * A message made safe for one terminal line: characters that would not show or would move
     * the cursor become {@code <U+XXXX>}, and a message longer than {@link #MAX_MESSAGE_CHARS}
     * loses its middle.
     */
    static String line(String text) {
        StringBuilder out = null;
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            int next = i + Character.charCount(cp);
            if (unsafe(cp)) {
                if (out == null) {
                    out = new StringBuilder(text.length() + 16).append(text, 0, i);
                }
                out.append('<').append(codePoint(cp)).append('>');
            } else if (out != null) {
                out.append(text, i, next);
            }
            i = next;
        }
        String s = out == null ? text : out.toString();
        if (s.length() <= MAX_MESSAGE_CHARS) {
            return s;
        }
        int head = boundary(s, 300);
        int tail = boundary(s, s.length() - 150);
        return s.substring(0, head) + "[... " + (tail - head) + " characters ...]" + s.substring(tail);
    }

    /** {@code index}, moved back off the low half of a surrogate pair. */
    private static int boundary(String s, int index) {
        return index > 0 && Character.isLowSurrogate(s.charAt(index)) && Character.isHighSurrogate(s.charAt(index - 1))
                ? index - 1 : index;
    }

    private static String codePoint(int cp) {
        return String.format(Locale.ROOT, "U+%04X", cp);
    }

    /** Characters that must never reach the terminal raw: controls, invisible formatting, lone surrogates. */
    private static boolean unsafe(int cp) {
        if (Character.isISOControl(cp)) {
            return true;
        }
        int type = Character.getType(cp);
        return type == Character.FORMAT || type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR
                || type == Character.SURROGATE;
    }

    /** Characters shown between quotes as themselves; spaces other than ' ' and unassigned ones are not. */
    private static boolean visible(int cp) {
        if (unsafe(cp)) {
            return false;
        }
        int type = Character.getType(cp);
        return cp == ' ' || type != Character.SPACE_SEPARATOR && type != Character.UNASSIGNED
                && type != Character.PRIVATE_USE;
    }
}
