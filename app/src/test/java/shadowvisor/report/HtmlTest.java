package shadowvisor.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;

/** Escaping: whatever a guest names itself or prints, a page shows it as text, never as markup. */
class HtmlTest {
    @Test
    void markupCharactersBecomeReferences() {
        assertEquals("&lt;a href=&quot;x&quot;&gt;&amp;&#39;", Html.text("<a href=\"x\">&'"));
        assertEquals("", Html.text(null));
        assertEquals("tab\tnew\nline \uFFFD \uFFFD é", Html.text("tab\tnew\nline \u0001 \u007f é"));
    }

    @Test
    void aTableCellIsTextWhateverItHolds() {
        String evil = "</td></tr></table><script>alert('x')</script>";
        ReportTable t = new ReportTable("t", "a <caption>", List.of("a", "b", "c"), List.of(false, true, false),
                List.of(ReportTable.Row.of("refused", "m<1>", evil), new ReportTable.Row(List.of("x\"y", "1", "z"), null,
                        "page \"1\".html")));
        StringBuilder b = new StringBuilder();
        HtmlReport.table(b, t);
        Document doc = Jsoup.parseBodyFragment(b.toString());
        assertTrue(doc.select("script").isEmpty(), b.toString());
        assertEquals("a <caption>", doc.selectFirst("caption").text());
        assertEquals(List.of("m<1>", evil), doc.select("tbody > tr.refused > *").eachText());
        assertEquals("2", doc.select("tbody > tr.refused > td").attr("colspan"), "the last cell spans the rest");
        assertEquals("page \"1\".html", doc.selectFirst("tbody a").attr("href"));
        assertEquals(List.of("x\"y", "1", "z"), doc.select("tbody > tr").get(1).children().eachText());
        assertEquals("num", doc.select("tbody > tr").get(1).child(1).className());
    }
}
