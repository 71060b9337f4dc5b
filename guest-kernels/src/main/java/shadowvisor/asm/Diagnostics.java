package shadowvisor.asm;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The errors of one assembly run. Errors are found out of textual order (the first pass, the
 * symbol resolution between the passes, the second pass, the overlap check), so each is filed
 * under the ordinal of its statement and the final list is sorted by it: the user reads them
 * in the order of the source, as the flattened program runs.
 */
final class Diagnostics {
    private record Entry(int ordinal, int sequence, Diagnostic diagnostic) {
    }

    private final List<Entry> entries = new ArrayList<>();

    /** An error at a column of a statement. */
    void error(Statement statement, int column, String message) {
        SourceLine where = statement.source();
        add(statement.ordinal(), new Diagnostic(where.file(), where.line(), column, message, where.chain()));
    }

    /** An error thrown while handling a statement. */
    void error(Statement statement, SourceError e) {
        error(statement, e.column(), e.getMessage());
    }

    /** A problem with a whole file, before any of its lines (it cannot be read). */
    void fileError(String file, String message) {
        add(-1, new Diagnostic(file, 0, 0, message, List.of()));
    }

    private void add(int ordinal, Diagnostic d) {
        entries.add(new Entry(ordinal, entries.size(), d));
    }

    boolean hasErrors() {
        return !entries.isEmpty();
    }

    /** All errors, in the order of the statements they belong to. */
    List<Diagnostic> sorted() {
        List<Entry> copy = new ArrayList<>(entries);
        copy.sort(Comparator.comparingInt(Entry::ordinal).thenComparingInt(Entry::sequence));
        List<Diagnostic> out = new ArrayList<>(copy.size());
        for (Entry e : copy) {
            out.add(e.diagnostic());
        }
        return out;
    }
}
