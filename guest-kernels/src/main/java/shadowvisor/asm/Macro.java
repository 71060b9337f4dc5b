package shadowvisor.asm;

import java.nio.file.Path;
import java.util.List;

/**
 * A macro defined by {@code .macro name [param, ...]} ... {@code .endm}. Its body is kept as
 * raw text, because the text only becomes assembly once {@code \param} and {@code \@} are
 * substituted at each invocation (spec section 6).
 *
 * @param name      as written in the definition
 * @param params    parameter names, in order
 * @param body      the lines between {@code .macro} and {@code .endm}, with their own file and line
 * @param origin    the file that defined it: an {@code .include} in the body is relative to it
 * @param definedAt {@code file:line:column} of the definition, quoted by a duplicate
 */
record Macro(String name, List<String> params, List<SourceLine> body, Path origin, String definedAt) {

    /**
     * A body line with the arguments of one expansion substituted: {@code \name} becomes the
     * argument of parameter {@code name}, {@code \@} the expansion's unique number, and
     * {@code \()} nothing (it separates a parameter from letters that follow it); {@code \\}
     * stays as it is. Any other backslash is left for the lexer, where it is an escape inside
     * quotes and an error outside. Substitution happens inside quotes too, so that
     * {@code .string "\text"} works.
     */
    String substitute(String text, List<String> args, int unique) {
        if (text.indexOf('\\') < 0) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length() + 16);
        int i = 0;
        int n = text.length();
        while (i < n) {
            char c = text.charAt(i);
            if (c != '\\' || i + 1 >= n) {
                out.append(c);
                i++;
                continue;
            }
            char next = text.charAt(i + 1);
            if (next == '\\') {
                // an escaped backslash inside a literal: neither half starts a parameter
                out.append("\\\\");
                i += 2;
            } else if (next == '@') {
                out.append(unique);
                i += 2;
            } else if (next == '(' && i + 2 < n && text.charAt(i + 2) == ')') {
                i += 3;
            } else if (Lexer.isNameStart(next)) {
                int j = i + 1;
                while (j < n && Lexer.isNamePart(text.charAt(j))) {
                    j++;
                }
                int p = params.indexOf(text.substring(i + 1, j));
                if (p >= 0) {
                    out.append(args.get(p));
                } else {
                    out.append(text, i, j);
                }
                i = j;
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }
}
