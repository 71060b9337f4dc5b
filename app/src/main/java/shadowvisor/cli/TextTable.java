package shadowvisor.cli;

import java.util.ArrayList;
import java.util.List;

/**
 * A table of text for people: a header and rows, each column as wide as its widest cell, two
 * spaces between columns, numbers right-aligned, no trailing blanks. A row with fewer cells
 * than columns lets its last cell run on to the end of the line, unpadded and left out of the
 * widths, which is how a one-sentence row (a mode that refused the program) sits in a table of
 * figures without widening every column.
 */
final class TextTable {
    /** How a column aligns its cells. */
    enum Align { LEFT, RIGHT }

    private final List<String> header;
    private final List<Align> aligns;
    private final List<List<String>> rows = new ArrayList<>();

    /**
     * @param header the column titles
     * @param aligns the alignment of each column, as many as titles
     */
    TextTable(List<String> header, List<Align> aligns) {
        if (header.size() != aligns.size()) {
            throw new IllegalArgumentException(header.size() + " titles, " + aligns.size() + " alignments");
        }
        this.header = List.copyOf(header);
        this.aligns = List.copyOf(aligns);
    }

    /** Adds a row; fewer cells than columns make the last one run on (see the class comment). */
    TextTable row(String... cells) {
        if (cells.length == 0 || cells.length > header.size()) {
            throw new IllegalArgumentException(cells.length + " cells for " + header.size() + " columns");
        }
        rows.add(List.of(cells));
        return this;
    }

    /** The column titles. */
    List<String> header() {
        return header;
    }

    /** Whether each column is right-aligned (holds numbers). */
    List<Boolean> numeric() {
        return aligns.stream().map(a -> a == Align.RIGHT).toList();
    }

    /** The rows' cells, in order. */
    List<List<String>> rows() {
        return List.copyOf(rows);
    }

    /** The table's lines, header first. */
    List<String> lines() {
        int[] widths = new int[header.size()];
        for (int c = 0; c < widths.length; c++) {
            widths[c] = header.get(c).length();
        }
        for (List<String> row : rows) {
            int full = row.size() == header.size() ? row.size() : row.size() - 1;
            for (int c = 0; c < full; c++) {
                widths[c] = Math.max(widths[c], row.get(c).length());
            }
        }
        List<String> lines = new ArrayList<>();
        lines.add(render(header, widths));
        for (List<String> row : rows) {
            lines.add(render(row, widths));
        }
        return lines;
    }

    private String render(List<String> cells, int[] widths) {
        StringBuilder line = new StringBuilder();
        boolean runsOn = cells.size() < header.size();
        for (int c = 0; c < cells.size(); c++) {
            String cell = cells.get(c);
            if (c > 0) {
                line.append("  ");
            }
            if (runsOn && c == cells.size() - 1) {
                line.append(cell);
            } else if (aligns.get(c) == Align.RIGHT) {
                line.append(" ".repeat(widths[c] - cell.length())).append(cell);
            } else {
                line.append(cell).append(" ".repeat(widths[c] - cell.length()));
            }
        }
        return line.toString().stripTrailing();
    }
}
