package shadowvisor.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Attribute;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.select.Elements;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code compare --html FILE} and {@code demo --html DIR}, parsed with jsoup: the table says what
 * {@code compare} says (one row per mode, the same equivalence and instruction counts as
 * {@code --json}), every chart is an inline {@code <svg>} with its title and, for the timelines,
 * one legend entry per mode that ran; the page is self-contained (nothing it would fetch); every
 * text from outside is escaped; a bad target is a usage error before the run.
 */
class HtmlReportTest {
    /** The modes of a default comparison, in the table's order. */
    static final List<String> MODES = List.of("native", "segment", "hybrid", "shadow-trace", "shadow-vtlb");
    /** The charts of a comparison page, by id, and their titles. */
    static final List<List<String>> CHARTS = List.of(
            List.of("chart-ratio", "Host time relative to native"),
            List.of("chart-exits", "Exits by cause"),
            List.of("chart-cycles", "Modeled cycles by event"),
            List.of("chart-timeline-exits", "Exits over guest time"),
            List.of("chart-timeline-hidden-faults", "Hidden page faults over guest time"),
            List.of("chart-timeline-shadow-pages", "Shadow page tables held over guest time"),
            List.of("chart-timeline-tlb-flushes", "TLB flushes over guest time"));

    @TempDir
    Path dir;

    /** The bundled guests with their includes, in a folder (they may come from a jar). */
    private static BundledGuests bundle;

    @BeforeAll
    static void extract() {
        bundle = BundledGuests.extract();
    }

    @AfterAll
    static void delete() {
        bundle.close();
    }

    /** A bundled guest, in a folder beside its includes. */
    static Path bundled(BundledGuests bundle, String name) {
        return bundle.guests().stream().filter(p -> p.getFileName().toString().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalStateException("no bundled guest " + name));
    }

    @Test
    void theReportOfAPagingKernelHasTheTableAndEveryChart() throws IOException {
        Path html = dir.resolve("r.html");
        Path json = dir.resolve("r.json");
        Cli r = Cli.run("compare", "--repeat", "1", "--html", html, "--json", json, bundled(bundle, "pagekernel.s"));
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().contains("mode "), "the table still goes to stdout: " + r.out());
        Document doc = Jsoup.parse(html.toFile(), "UTF-8");
        assertTrue(doc.title().endsWith("pagekernel.s"), doc.title());

        // The table: one row per mode, the equivalence and the instructions of --json.
        JsonNode modes = new ObjectMapper().readTree(json.toFile()).get("modes");
        Elements rows = doc.select("table#modes > tbody > tr");
        assertEquals(MODES, rows.stream().map(row -> row.child(0).text()).toList());
        assertEquals(List.of("mode", "exit", "instructions", "equivalent", "host ms", "ratio", "modeled", "emulated",
                "reflected", "exits"), doc.select("table#modes > thead th").eachText());
        // Where each mode pays: the cost model's table, one column per mode that ran, a total row.
        Elements cycles = doc.select("table#cycles > tbody > tr");
        assertEquals("total", cycles.last().child(0).text());
        assertEquals(List.of("native", "shadow-trace", "shadow-vtlb"),
                doc.select("table#cycles > thead th").eachText().subList(1, 4));
        for (int i = 0; i < MODES.size(); i++) {
            Element row = rows.get(i);
            JsonNode m = modes.get(i);
            assertEquals(MODES.get(i), m.get("mode").asText());
            if (MODES.get(i).equals("segment") || MODES.get(i).equals("hybrid")) {
                // segment cannot run a guest that turns paging on (spec 7.2): one cell says why.
                assertTrue(row.hasClass("refused"), row.outerHtml());
                assertEquals(2, row.childrenSize(), row.outerHtml());
                assertTrue(row.child(1).text().startsWith("refused: the guest turns paging on"), row.text());
                assertEquals(m.get("refused").asText(), row.child(1).text().substring("refused: ".length()));
                continue;
            }
            assertEquals(10, row.childrenSize(), row.outerHtml());
            assertEquals(String.format(Locale.ROOT, "%.2f", m.get("modeled").get("ratio").asDouble()), row.child(6).text());
            assertEquals(String.format(Locale.ROOT, "%,d", m.get("instructions").asLong()), row.child(2).text());
            assertEquals(i == 0 ? "oracle" : "yes", row.child(3).text());
            assertTrue(row.hasClass(i == 0 ? "oracle" : "equivalent"), row.outerHtml());
            assertTrue(row.child(4).text().matches("[0-9]+\\.[0-9]"), row.text());
        }
        assertEquals("190,412", rows.get(0).child(2).text());
        assertTrue(rows.get(3).child(9).text().startsWith("PRIVILEGED 1,378, SVC 14, PAGE "), rows.get(3).text());
        // The VMMs' own counters: the second table of compare.
        assertEquals(List.of("counter", "shadow-trace", "shadow-vtlb"), doc.select("table#counters > thead th").eachText());
        assertTrue(doc.select("table#counters > tbody > tr > th").eachText().containsAll(List.of("slice_ends",
                "hidden_faults", "shadow_pages_built", "syncs")));
        assertTrue(doc.select("p.reading").text().startsWith("Natively: 190,412 instructions"), doc.select("p.reading").text());
        assertTrue(doc.select("pre.console").text().contains("[k] pagekernel: paging on"), doc.select("pre.console").text());

        // Every chart inline, titled.
        for (List<String> chart : CHARTS) {
            Element svg = doc.getElementById(chart.get(0));
            assertTrue(svg != null && svg.tagName().equals("svg"), chart.get(0) + " is an inline <svg>");
            assertEquals("figure", svg.parent().tagName());
            assertTrue(texts(svg).contains(chart.get(1)), chart + ": " + texts(svg));
            assertEquals(chart.get(1), svg.parent().attr("aria-label"));
            assertFalse(svg.select("rect, path, line, polyline").isEmpty(), chart.get(0) + " draws something");
        }
        // The host-time chart names every mode, a refused one as such.
        Set<String> ratio = texts(doc.getElementById("chart-ratio"));
        assertTrue(ratio.containsAll(List.of("native", "segment (refused)", "hybrid (refused)", "shadow-trace",
                "shadow-vtlb", "1.00x")), ratio.toString());
        // Exits by cause: one bar per mode that ran under a VMM, a legend of the causes.
        Set<String> exits = texts(doc.getElementById("chart-exits"));
        assertTrue(exits.containsAll(List.of("shadow-trace", "shadow-vtlb", "PRIVILEGED", "SVC", "PAGE", "TIMER")),
                exits.toString());
        assertFalse(exits.contains("native") || exits.contains("segment"), exits.toString());
        // Timelines: one series per mode that ran, named in the legend (segment and hybrid refused).
        // Where each mode pays: native's bar too, cut by the cost model's terms.
        Set<String> paid = texts(doc.getElementById("chart-cycles"));
        assertTrue(paid.containsAll(List.of("native", "shadow-trace", "shadow-vtlb", "instruction", "exit",
                "hidden_fault")), paid.toString());
        assertFalse(paid.contains("segment"), paid.toString());
        for (List<String> chart : CHARTS.subList(3, CHARTS.size())) {
            Set<String> legend = texts(doc.getElementById(chart.get(0)));
            legend.retainAll(MODES);
            assertEquals(new TreeSet<>(List.of("native", "shadow-trace", "shadow-vtlb")), legend, chart.get(0));
            assertTrue(texts(doc.getElementById(chart.get(0))).contains("guest instructions retired"), chart.get(0));
        }
        // Each chart's clip paths have ids of their own: charts on one page never share one.
        List<String> ids = doc.select("[id]").eachAttr("id");
        assertEquals(ids.size(), new TreeSet<>(ids).size(), "ids are unique");
        assertSelfContained(doc, Files.readString(html, StandardCharsets.UTF_8));
    }

    @Test
    void anExpectedDifferenceIsShownAsSuch() throws IOException {
        Path html = dir.resolve("jrstu.html");
        Cli r = Cli.run("compare", "--repeat", "1", "--html", html, bundled(bundle, "pdp10-jrstu.s"));
        assertEquals(0, r.status(), r.out() + r.err());
        Document doc = Jsoup.parse(html.toFile(), "UTF-8");
        Elements rows = doc.select("table#modes > tbody > tr");
        assertEquals(MODES, rows.stream().map(row -> row.child(0).text()).toList());
        for (int i : new int[] {1, 3, 4}) { // segment and the shadow modes: a silent Theorem 1 violation
            assertTrue(rows.get(i).hasClass("expected"), rows.get(i).outerHtml());
            assertTrue(rows.get(i).child(3).text().startsWith("expected: "), rows.get(i).text());
        }
        assertEquals("yes", rows.get(2).child(3).text(), "hybrid interprets the kernel: exact");
        assertEquals(List.of("expected: segment, shadow-trace, shadow-vtlb differ from native - Theorem 1 violation: "
                + "jrstu (silent)"), doc.select("p.note").eachText());
        assertTrue(doc.select("p.about").text().contains("Profile pdp10"), doc.select("p.about").text());
        assertTrue(texts(doc.getElementById("chart-ratio")).contains("segment (expected: Theorem 1)"),
                texts(doc.getElementById("chart-ratio")).toString());
        assertSelfContained(doc, Files.readString(html, StandardCharsets.UTF_8));
    }

    @Test
    void namesAndConsoleTextAreEscaped() throws IOException {
        String name = "<b>&amp;\"it's\".s";
        Path guest = Cli.file(dir, name, """
                        .org 16
                _start: la   r2, msg
                loop:   ld   r1, 0(r2)
                        beqz r1, done
                        out  r1, CONSOLE
                        addi r2, r2, 1
                        j    loop
                done:   li   r1, 0
                        out  r1, POWER
                msg:    .string "<script>alert(1)</script> & <img src=x>\\n"
                """);
        Path html = dir.resolve("escaped.html");
        Cli r = Cli.run("compare", "--repeat", "1", "--modes", "segment", "--html", html, guest);
        assertEquals(0, r.status(), r.out() + r.err());
        Document doc = Jsoup.parse(html.toFile(), "UTF-8");
        assertEquals(guest.toString(), doc.selectFirst("h1 code").text());
        assertTrue(doc.title().endsWith(guest.toString()), doc.title());
        assertEquals("<script>alert(1)</script> & <img src=x>\n", doc.selectFirst("pre.console").wholeText());
        assertTrue(doc.select("script, img, b").isEmpty(), "no markup from the guest: " + doc.select("script, img, b"));
        assertSelfContained(doc, Files.readString(html, StandardCharsets.UTF_8));
    }

    @Test
    void theReportPrintsNothing() throws IOException {
        Path html = dir.resolve("quiet.html");
        Cli r = Cli.run("compare", "--repeat", "1", "--modes", "segment", "--json", "-", "--quiet", "--html", html,
                Cli.guest(dir, "hello.s"));
        assertEquals(0, r.status(), r.err());
        assertEquals("", r.err());
        JsonNode json = new ObjectMapper().enable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .readTree(r.out());
        assertEquals(56, json.get("modes").get(1).get("instructions").asLong(), "stdout holds the JSON alone");
        assertTrue(Files.size(html) > 10_000, "the page is written");
    }

    @Test
    void aBadTargetIsAUsageErrorBeforeTheRun() throws IOException {
        Path hello = Cli.guest(dir, "hello.s");
        Cli r = Cli.run("compare", "--html", "/nonexistent/dir/x.html", hello);
        assertEquals(2, r.status(), r.out() + r.err());
        assertEquals("", r.out(), "nothing ran");
        assertEquals(List.of("shadowvisor: error: --html /nonexistent/dir/x.html: no such directory /nonexistent/dir"),
                r.errLines());
        r = Cli.run("compare", "--html", dir, hello);
        assertEquals(2, r.status(), r.out() + r.err());
        assertEquals("", r.out(), "nothing ran");
        assertEquals(1, r.errLines().size(), r.err());
        assertTrue(r.err().contains("--html " + dir + ": is a directory"), r.err());
        r = Cli.run("compare", "--html", "-", hello);
        assertEquals(2, r.status(), r.out() + r.err());
        assertEquals(1, r.errLines().size(), r.err());
        assertTrue(r.err().contains("--html -: give a FILE"), r.err());

        Path file = Cli.file(dir, "not-a-dir", "x");
        r = Cli.run("demo", "--quick", "--repeat", "1", "--guests", "hello.s", "--html", file);
        assertEquals(2, r.status(), r.out() + r.err());
        assertEquals("", r.out(), "nothing ran");
        assertEquals(List.of("shadowvisor: error: --html " + file + ": not a directory (the demo writes index.html and "
                + "one page per guest there)"), r.errLines());
        r = Cli.run("demo", "--quick", "--repeat", "1", "--guests", "hello.s", "--html", file.resolve("sub"));
        assertEquals(2, r.status(), r.out() + r.err());
        assertEquals("", r.out(), "nothing ran");
        assertEquals(1, r.errLines().size(), r.err());
        assertTrue(r.err().contains("--html " + file.resolve("sub") + ": cannot create the directory"), r.err());
    }

    @Test
    void theDemoWritesAnIndexLinkingOnePagePerGuest() throws IOException {
        Path out = dir.resolve("report").resolve("demo"); // missing: the demo creates it
        Cli r = Cli.run("demo", "--quick", "--repeat", "1", "--guests", "{hello,pagekernel,pdp10-jrstu}.s", "--html", out);
        assertEquals(0, r.status(), r.out() + r.err());
        Path index = out.resolve("index.html");
        Document doc = Jsoup.parse(index.toFile(), "UTF-8");
        assertEquals(List.of("guest", "instructions", "native ms", "segment", "hybrid", "shadow-trace", "shadow-vtlb"),
                doc.select("table#summary > thead th").eachText());
        Elements rows = doc.select("table#summary > tbody > tr");
        assertEquals(List.of("hello.s", "pagekernel.s", "pdp10-jrstu.s"), rows.stream().map(row -> row.child(0).text()).toList());
        assertEquals("56", rows.get(0).child(1).text());
        assertTrue(rows.get(0).child(3).text().matches("[0-9.]+x"), rows.get(0).text());
        assertEquals(List.of("refused", "refused"), List.of(rows.get(1).child(3).text(), rows.get(1).child(4).text()));
        assertEquals("differs (Theorem 1)", rows.get(2).child(3).text());
        assertTrue(rows.get(2).hasClass("expected"), rows.get(2).outerHtml());
        assertTrue(doc.select("p.conclusion").text().startsWith("2 of 3 guests ended exactly as natively in every mode "
                + "that ran them; 1 showed the expected Theorem 1 violation (pdp10-jrstu.s)"),
                doc.select("p.conclusion").text());
        Element chart = doc.getElementById("chart-demo-ratio");
        assertTrue(chart != null && chart.tagName().equals("svg"));
        assertTrue(texts(chart).containsAll(List.of("Host time relative to native, per guest", "hello.s", "segment",
                "shadow-vtlb")), texts(chart).toString());
        assertSelfContained(doc, Files.readString(index, StandardCharsets.UTF_8));

        for (Element row : rows) {
            Element link = row.selectFirst("a[href]");
            assertTrue(link != null, "the guest links to its page: " + row.outerHtml());
            Path page = out.resolve(link.attr("href"));
            assertTrue(Files.isRegularFile(page), page.toString());
            Document p = Jsoup.parse(page.toFile(), "UTF-8");
            assertEquals(row.child(0).text(), p.selectFirst("h1 code").text());
            assertEquals(MODES, p.select("table#modes > tbody > tr").stream().map(tr -> tr.child(0).text()).toList());
            assertEquals("index.html", p.selectFirst("header a").attr("href"), "a way back to the index");
            for (List<String> c : CHARTS) {
                assertTrue(p.getElementById(c.get(0)) != null, c.get(0) + " on " + page);
            }
            assertSelfContained(p, Files.readString(page, StandardCharsets.UTF_8));
        }
        Document pdp10 = Jsoup.parse(out.resolve("pdp10-jrstu.s.html").toFile(), "UTF-8");
        assertTrue(pdp10.select("p.about").text().contains("Models the PDP-10's JRST 1"), pdp10.select("p.about").text());
    }

    /** The texts a chart draws (titles, axis labels, tick labels, legend items). */
    static Set<String> texts(Element svg) {
        Set<String> texts = new TreeSet<>();
        svg.select("text").forEach(t -> texts.add(t.text()));
        return texts;
    }

    /**
     * Nothing the page would fetch: no script, style sheet, image, frame, object or font; every
     * link within the page or to a file beside it; no {@code url(...)} but to an element of the
     * page; and, namespace declarations aside, no {@code http:} or {@code https:} at all.
     */
    static void assertSelfContained(Document doc, String raw) {
        assertTrue(doc.select("script, link, img, iframe, frame, object, embed, audio, video, source, image, use, base")
                .isEmpty(), "elements that load something: " + doc.select("script, link, img, iframe, object, embed"));
        Pattern scheme = Pattern.compile("^[a-zA-Z][a-zA-Z0-9+.-]*:|^//");
        List<String> outside = new ArrayList<>();
        for (Element e : doc.getAllElements()) {
            for (Attribute a : e.attributes()) {
                String key = a.getKey().toLowerCase(Locale.ROOT);
                if (key.equals("href") || key.equals("src") || key.endsWith(":href") || key.equals("action")
                        || key.equals("srcset") || key.equals("poster") || key.equals("data")) {
                    if (scheme.matcher(a.getValue().strip()).find()) {
                        outside.add(e.tagName() + " " + a);
                    }
                }
                if (a.getValue().contains("url(") && !a.getValue().matches("(?s).*url\\(\\s*['\"]?#[^)]*\\).*")) {
                    outside.add(e.tagName() + " " + a);
                }
            }
        }
        doc.select("style").forEach(s -> {
            if (s.data().contains("url(") || s.data().contains("@import") || s.data().contains("@font-face")) {
                outside.add("style: " + s.data());
            }
        });
        assertEquals(List.of(), outside, "references out of the page");
        // The SVG elements declare their XML namespaces (identifiers, never fetched); nothing else names a URL.
        String withoutNamespaces = raw.replaceAll("xmlns(:[a-z]+)?=(['\"])[^'\"]*\\2", "");
        assertFalse(withoutNamespaces.contains("http:") || withoutNamespaces.contains("https:"),
                "an http(s) reference in the page");
    }
}
