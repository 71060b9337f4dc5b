package shadowvisor.report;

import java.util.List;

/**
 * A table of the report, its cells already the text the command line prints (so that the page
 * and {@code compare}'s text table say the same thing).
 *
 * @param id      the table's HTML id ({@code modes}, {@code counters}, {@code levels}, {@code summary})
 * @param caption what the table shows, one sentence, or null
 * @param header  the column headings
 * @param numeric for each column, whether it holds numbers (right-aligned)
 * @param rows    the rows, in order
 */
public record ReportTable(String id, String caption, List<String> header, List<Boolean> numeric, List<Row> rows) {

    public ReportTable {
        header = List.copyOf(header);
        numeric = List.copyOf(numeric);
        rows = List.copyOf(rows);
        if (numeric.size() != header.size()) {
            throw new IllegalArgumentException("one alignment per column: " + header + " " + numeric);
        }
        for (Row r : rows) {
            if (r.cells().isEmpty() || r.cells().size() > header.size()) {
                throw new IllegalArgumentException("a row of 1 to " + header.size() + " cells: " + r.cells());
            }
        }
    }

    /**
     * One row. A row with fewer cells than the header has its last cell span the remaining
     * columns (a mode that refused: its name, then the reason).
     *
     * @param cells the cells' text, not escaped
     * @param kind  a CSS class saying what the row is ({@code oracle}, {@code equivalent},
     *              {@code expected}, {@code finding}, {@code refused}, {@code skipped}), or null
     * @param link  a relative URL the first cell links to, or null
     */
    public record Row(List<String> cells, String kind, String link) {
        public Row {
            cells = List.copyOf(cells);
        }

        /** A row of {@code cells} of the given kind, with no link. */
        public static Row of(String kind, String... cells) {
            return new Row(List.of(cells), kind, null);
        }
    }
}
