package shadowvisor.asm;

import java.util.List;

/**
 * One error found by the assembler, at a place in a source file (spec section 6, "Errors").
 * A diagnostic in an included file or a macro expansion also carries the chain that led there,
 * innermost first, so that the user can find the line that caused it.
 *
 * @param file    the file name as the user named it (includes relative to their includer)
 * @param line    1-based line, or 0 when the problem is with the file as a whole
 * @param column  1-based column (a tab counts as one), or 0 with line 0
 * @param message what is wrong, in one line
 * @param chain   lines such as {@code included from main.s:3:1} or
 *                {@code in expansion of macro 'foo' at main.s:10:5}, without indentation
 */
public record Diagnostic(String file, int line, int column, String message, List<String> chain) {

    public Diagnostic {
        chain = List.copyOf(chain);
    }

    /**
     * The diagnostic as printed: {@code file:line:column: error: message}, then each chain entry
     * on its own line indented by two spaces. A whole-file problem (line 0) prints as
     * {@code file: error: message}. Control and invisible characters that came from the source
     * (a NUL byte, an escape sequence) are shown as {@code <U+XXXX>}, and a runaway message is
     * cut in the middle, so that each part stays one readable line.
     */
    public String format() {
        StringBuilder s = new StringBuilder(Printable.line(file));
        if (line > 0) {
            s.append(':').append(line).append(':').append(column);
        }
        s.append(": error: ").append(Printable.line(message));
        for (String link : chain) {
            s.append("\n  ").append(Printable.line(link));
        }
        return s.toString();
    }
}
