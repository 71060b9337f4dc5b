package shadowvisor.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;
import shadowvisor.cli.TextTable.Align;

/** {@link TextTable}: widths from the widest cell, numbers right-aligned, a short row running on. */
class TextTableTest {
    @Test
    void alignsColumnsAndLetsAShortRowRunOn() {
        TextTable t = new TextTable(List.of("mode", "n", "note"), List.of(Align.LEFT, Align.RIGHT, Align.LEFT))
                .row("native", "1", "")
                .row("shadow-trace", "12,345", "x")
                .row("segment", "refused: a reason far wider than any column");
        assertEquals(List.of(
                "mode               n  note",
                "native             1",
                "shadow-trace  12,345  x",
                "segment       refused: a reason far wider than any column"), t.lines());
    }

    @Test
    void rejectsRowsWiderThanTheHeader() {
        TextTable t = new TextTable(List.of("a"), List.of(Align.LEFT));
        assertThrows(IllegalArgumentException.class, () -> t.row("1", "2"));
    }
}
