package shadowvisor.asm;

import java.util.List;

/**
 * One line as the passes see it, after includes and macro expansion: where it came from and
 * its text (for a macro body line, the text with the arguments substituted).
 *
 * @param file  the file name shown in diagnostics
 * @param line  the 1-based line number in that file
 * @param text  the line's text, without its line terminator
 * @param chain how the line was reached, innermost first, for example
 *              {@code in expansion of macro 'foo' at main.s:10:5} then
 *              {@code included from main.s:3:1}; empty for a line of the main file
 */
record SourceLine(String file, int line, String text, List<String> chain) {

    /** {@code file:line:column}, the way a chain entry names a place. */
    String at(int column) {
        return file + ":" + line + ":" + column;
    }
}
