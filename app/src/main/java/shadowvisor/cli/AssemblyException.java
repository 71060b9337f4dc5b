package shadowvisor.cli;

import java.util.List;

/**
 * A source program that did not assemble. Its diagnostics are printed as the assembler formats
 * them, one {@code file:line:column: error: message} per error with its include or macro chain
 * (spec section 6), and nothing else: the process exits with status 2 like any input error, but
 * the reason is the assembler's list rather than one line of ours.
 */
final class AssemblyException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final List<String> lines;

    /** @param lines the formatted diagnostics, without line terminators */
    AssemblyException(List<String> lines) {
        super(lines.isEmpty() ? "assembly failed" : lines.get(0), null, false, false);
        this.lines = List.copyOf(lines);
    }

    /** The diagnostic lines, in source order. */
    List<String> lines() {
        return lines;
    }
}
