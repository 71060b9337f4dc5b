package shadowvisor.asm;

import java.util.List;
import shadowvisor.machine.image.Image;

/**
 * What one assembly run produced: the boot image (null when there were errors), every error in
 * source order, and the listing (always produced, so that a listing can help find an error).
 *
 * @param image       the image, or null when {@code diagnostics} is not empty
 * @param diagnostics all errors of the run; the assembler has no warnings, so any entry is an error
 * @param listing     one line per emitted word (address, word, source text on the first word of a
 *                    line), and the source text alone for lines without words
 */
public record AssemblyResult(Image image, List<Diagnostic> diagnostics, String listing) {

    public AssemblyResult {
        diagnostics = List.copyOf(diagnostics);
    }

    /** True when there are no errors (and so there is an image). */
    public boolean ok() {
        return diagnostics.isEmpty();
    }

    /** Every diagnostic formatted, one after the other, each ending in a newline. */
    public String formattedDiagnostics() {
        StringBuilder s = new StringBuilder();
        for (Diagnostic d : diagnostics) {
            s.append(d.format()).append('\n');
        }
        return s.toString();
    }
}
