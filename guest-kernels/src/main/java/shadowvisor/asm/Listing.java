package shadowvisor.asm;

import java.util.List;

/**
 * The assembly listing: every source line in program order (includes and macro expansions in
 * place), each emitted word as {@code address word} in hexadecimal, the line's text beside its
 * first word. A line without words shows its text, indented to the same column. A statement
 * with more than {@link #MAX_WORDS_PER_LINE} words (a large {@code .space}) lists that many and
 * then a count, so that reserving memory does not make a listing of millions of lines.
 */
final class Listing {
    static final int MAX_WORDS_PER_LINE = 1024;
    private static final String BLANK = " ".repeat(20);
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private Listing() {
    }

    static String of(List<Statement> program) {
        StringBuilder out = new StringBuilder(program.size() * 48);
        for (Statement s : program) {
            String text = s.source().text();
            int[] words = s.words;
            if (words == null || words.length == 0) {
                out.append(BLANK).append(text).append('\n');
                continue;
            }
            int shown = Math.min(words.length, MAX_WORDS_PER_LINE);
            for (int i = 0; i < shown; i++) {
                hex(out, s.address + i);
                out.append("  ");
                hex(out, words[i]);
                if (i == 0) {
                    out.append("  ").append(text);
                }
                out.append('\n');
            }
            if (shown < words.length) {
                out.append(BLANK).append("... ").append(words.length - shown).append(" more words\n");
            }
        }
        return out.toString();
    }

    private static void hex(StringBuilder out, long value) {
        for (int shift = 28; shift >= 0; shift -= 4) {
            out.append(HEX[(int) (value >>> shift) & 0xF]);
        }
    }
}
