package shadowvisor.asm;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import shadowvisor.machine.image.Image;

/**
 * What one assembly run produced: the boot image (null when there were errors), every error in
 * source order, the listing (always produced, so that a listing can help find an error) and the
 * labels, which a debugger accepts wherever an address goes.
 *
 * @param image       the image, or null when {@code diagnostics} is not empty
 * @param diagnostics all errors of the run; the assembler has no warnings, so any entry is an error
 * @param listing     one line per emitted word (address, word, source text on the first word of a
 *                    line), and the source text alone for lines without words
 * @param labels      every label and its address (the phased address inside {@code .phase}), in
 *                    source order; {@code .equ} names are not labels
 */
public record AssemblyResult(Image image, List<Diagnostic> diagnostics, String listing, Map<String, Integer> labels) {

    public AssemblyResult {
        diagnostics = List.copyOf(diagnostics);
        labels = Collections.unmodifiableMap(new LinkedHashMap<>(labels));
    }

    /** A result without labels. */
    public AssemblyResult(Image image, List<Diagnostic> diagnostics, String listing) {
        this(image, diagnostics, listing, Map.of());
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
