package shadowvisor.report;

import java.util.List;
import org.jfree.chart.JFreeChart;

/**
 * Renders the report's pages as HTML5 documents that stand alone: the style sheet inline, every
 * chart an inline {@code <svg>} ({@link ReportCharts}), no script, no font, no image, nothing
 * fetched, so that a page opens from a file, a mail or an archive with no network. Every text
 * that does not come from this class is escaped ({@link Html}). Pages are the same for the same
 * model: no date, no random id.
 */
public final class HtmlReport {
    /** The generator named in each page's head. */
    private static final String GENERATOR = "shadowvisor";

    private static final String STYLE = """
            :root { color-scheme: light; }
            body { font-family: system-ui, -apple-system, "Segoe UI", "DejaVu Sans", Helvetica, Arial, sans-serif;
                   margin: 1.5rem auto; max-width: 1100px; padding: 0 1rem; color: #1d1d1d; line-height: 1.45; }
            h1 { font-size: 1.5rem; margin-bottom: .2rem; }
            h1 code { font-size: 1.4rem; }
            h2 { font-size: 1.2rem; margin-top: 2rem; border-bottom: 1px solid #ddd; padding-bottom: .2rem; }
            nav { font-size: .95rem; margin: .5rem 0 1rem; }
            nav a { margin-right: .9rem; }
            p.about, p.timing, p.note, p.short-run { margin: .4rem 0; }
            p.note { color: #7a4d00; }
            .table-wrap { overflow-x: auto; }
            table { border-collapse: collapse; margin: .6rem 0; font-size: .92rem; }
            caption { text-align: left; font-weight: 600; padding: .3rem 0; }
            th, td { border: 1px solid #d4d4d4; padding: .25rem .55rem; vertical-align: top; }
            th { background: #f1f1f1; text-align: left; }
            table#modes td:nth-child(2) { white-space: nowrap; }
            details.console { margin: .6rem 0; }
            details.console summary { cursor: pointer; font-weight: 600; }
            td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
            tr.oracle td { background: #f7f7f7; }
            tr.expected td { background: #fff6e0; }
            tr.finding td { background: #fde4e4; font-weight: 600; }
            tr.refused td, tr.skipped td { color: #666; font-style: italic; }
            pre.console { background: #f6f6f6; border: 1px solid #ddd; padding: .5rem; overflow-x: auto; font-size: .9rem; }
            figure { margin: 1rem 0 1.5rem; }
            figure svg { display: block; max-width: 100%; height: auto; border: 1px solid #e4e4e4; }
            figcaption { font-size: .92rem; color: #333; margin-top: .35rem; max-width: 880px; }
            footer { margin-top: 2.5rem; font-size: .85rem; color: #666; }
            """;

    private HtmlReport() {
    }

    /**
     * The page of one comparison: the table, the reading, the native console, the host-time and
     * exit charts, the four timeline charts, the VMMs' counters.
     */
    public static String comparison(ComparisonPage p) {
        StringBuilder b = new StringBuilder(64 * 1024);
        head(b, "shadowvisor compare: " + p.program());
        b.append("<header>\n");
        if (p.back() != null) {
            b.append("<p><a href=\"").append(Html.attribute(p.back())).append("\">&larr; all guests</a></p>\n");
        }
        b.append("<h1>shadowvisor compare: <code>").append(Html.text(p.program())).append("</code></h1>\n");
        for (String about : p.about()) {
            b.append("<p class=\"about\">").append(Html.text(about)).append("</p>\n");
        }
        b.append("<nav><a href=\"#comparison\">Comparison</a><a href=\"#host-time\">Host time</a>"
                + "<a href=\"#exits\">Exits by cause</a><a href=\"#timeline\">Over guest time</a>");
        if (!p.counters().isEmpty()) {
            b.append("<a href=\"#vmm-counters\">VMM counters</a>");
        }
        b.append("</nav>\n</header>\n<main>\n");

        b.append("<section id=\"comparison\">\n<h2>Comparison</h2>\n");
        b.append("<p class=\"timing\">").append(Html.text(p.timing())).append("</p>\n");
        table(b, p.modes());
        for (String note : p.notes()) {
            b.append("<p class=\"note\">").append(Html.text(note)).append("</p>\n");
        }
        if (!p.reading().isEmpty()) {
            b.append("<p class=\"reading\">").append(Html.text(String.join(" ", p.reading()))).append("</p>\n");
        }
        if (p.console() != null) {
            // Folded: a kernel's log can be long, and the charts come next.
            long lines = p.console().lines().count();
            b.append("<details class=\"console\">\n<summary>Console (native): ")
                    .append(lines).append(lines == 1 ? " line" : " lines").append("</summary>\n")
                    .append("<pre class=\"console\">").append(Html.text(p.console())).append("</pre>\n</details>\n");
        } else if (p.consoleNote() != null) {
            b.append("<p class=\"console\">Console (native): ").append(Html.text(p.consoleNote())).append("</p>\n");
        }
        b.append("</section>\n");

        b.append("<section id=\"host-time\">\n<h2>Host time</h2>\n");
        int modes = p.series().size();
        figure(b, "chart-ratio", ReportCharts.ratios(p.series()), ReportCharts.barHeight(modes, 1, false),
                "Each mode's host time divided by native's (the dashed line at 1). A bar longer than the line is a "
                        + "mode slower than the bare machine; the label gives the ratio. A mode that refused the "
                        + "program has no bar. Host times vary from run to run, the counters do not.");
        b.append("</section>\n");

        b.append("<section id=\"exits\">\n<h2>Exits by cause</h2>\n");
        JFreeChart exits = ReportCharts.exits(p.series());
        if (exits == null) {
            b.append("<p>No VMM ran the program: there are no exits to show.</p>\n");
        } else {
            int vmms = (int) p.series().stream().filter(s -> s.exitsByCause() != null).count();
            figure(b, "chart-exits", exits, ReportCharts.barHeight(vmms, 1, true),
                    "Every trap the VMM took, one bar per mode that ran the program under a VMM, cut by cause: "
                            + "PRIVILEGED (an instruction the VMM emulates), SVC (a system call it reflects), PAGE "
                            + "(a page fault: hidden, filled by a shadow mode, or true, reflected to the guest), "
                            + "TIMER, SEGMENT, ARITH..., and slice end (the VMM's time slice ran out). Native takes "
                            + "no exit and has no bar.");
        }
        b.append("</section>\n");

        b.append("<section id=\"modeled-cycles\">\n<h2>Modeled cycles by event</h2>\n");
        JFreeChart cycles = ReportCharts.cycles(p.series());
        if (cycles != null) {
            int ran = (int) p.series().stream().filter(s -> s.cyclesByTerm() != null).count();
            figure(b, "chart-cycles", cycles, ReportCharts.barHeight(ran, 1, true),
                    "What each mode would cost on a real machine, on the cost model of the table below "
                            + "(docs/PAPERS.md): one bar per mode that ran the program, native included, cut by "
                            + "event: the instructions the hardware ran, page-walk references, trap deliveries, "
                            + "exits (each an exit and a re-entry), emulation, reflection, hidden faults, shadow "
                            + "syncs and drops. Where a VMM's bar is longer than native's is where it pays.");
        }
        b.append("</section>\n");

        b.append("<section id=\"timeline\">\n<h2>Over guest time</h2>\n");
        b.append("<p>Each mode's running totals, sampled at the end of every time slice (natively every ")
                .append(String.format(java.util.Locale.ROOT, "%,d", shadowvisor.result.Timeline.NATIVE_INTERVAL))
                .append(" instructions), plotted over the guest instructions retired so far: the x axis is guest time, "
                        + "the same for every mode, so the lines of two modes can be compared at any point. A steep "
                        + "stretch is a phase of the guest that costs the VMM much; a flat one runs directly. The "
                        + "first sample is at the end of the first slice, the last where the run ended; when there "
                        + "are few, each is marked by a dot.</p>\n");
        int samples = p.series().stream().filter(ModeSeries::ran).mapToInt(m -> m.timeline().size()).max().orElse(0);
        if (samples <= 2) {
            b.append("<p class=\"short-run\">This run is short: ").append(samples == 1 ? "one sample" : samples + " samples")
                    .append(" per mode at most, so the charts show little more than each mode's totals where the run "
                            + "ended. A longer run (a larger --input for the workloads) draws its course.</p>\n");
        }
        String[] captions = {
                "Exits so far (slice ends included): the slope is exits per guest instruction. Native stays at 0.",
                "Page faults the guest never saw: a shadow mode filling a missing shadow entry (shadow-vtlb also "
                        + "after each flush of its virtual TLB). 0 outside the shadow modes.",
                "Shadow page tables the VMM holds at each sample (built minus dropped): it grows as the guest "
                        + "touches memory and falls when the VMM drops shadows. 0 outside the shadow modes.",
                "Hardware TLB flushes so far: the guest's own natively; under a VMM, those its work causes on the "
                        + "hardware (loading another shadow root, dropping shadow entries)."};
        ReportCharts.Metric[] metrics = ReportCharts.Metric.values();
        for (int i = 0; i < metrics.length; i++) {
            figure(b, "chart-timeline-" + metrics[i].id(), ReportCharts.timeline(metrics[i], p.series()),
                    ReportCharts.TIMELINE_HEIGHT, captions[i]);
        }
        b.append("</section>\n");

        if (!p.counters().isEmpty()) {
            b.append("<section id=\"vmm-counters\">\n<h2>VMM counters</h2>\n");
            for (ReportTable t : p.counters()) {
                table(b, t);
            }
            b.append("</section>\n");
        }
        b.append("</main>\n");
        foot(b);
        return b.toString();
    }

    /** The demo's index page: the summary table, each guest linking to its page, and the ratio chart. */
    public static String demoIndex(DemoIndexPage p) {
        StringBuilder b = new StringBuilder(32 * 1024);
        head(b, "shadowvisor demo");
        b.append("<header>\n<h1>shadowvisor demo</h1>\n");
        for (String about : p.about()) {
            b.append("<p class=\"about\">").append(Html.text(about)).append("</p>\n");
        }
        b.append("</header>\n<main>\n<section id=\"summary-section\">\n<h2>Summary</h2>\n");
        table(b, p.summary());
        b.append("<p class=\"conclusion\">").append(Html.text(p.conclusion())).append("</p>\n</section>\n");
        b.append("<section id=\"modeled-section\">\n<h2>Modeled cycles</h2>\n");
        table(b, p.modeled());
        b.append("</section>\n");
        if (!p.ratios().isEmpty()) {
            b.append("<section id=\"host-time\">\n<h2>Host time per guest</h2>\n");
            figure(b, "chart-demo-ratio", ReportCharts.demoRatios(p.vmms(), p.ratios()),
                    ReportCharts.barHeight(p.ratios().size(), p.vmms().size(), true),
                    "For each guest, each VMM's host time divided by native's (the dashed line at 1). A VMM that "
                            + "refused the guest, or whose run differs from native, has no bar; the table says why. "
                            + "Each guest's name in the table links to its full report.");
            b.append("</section>\n");
        }
        b.append("</main>\n");
        foot(b);
        return b.toString();
    }

    private static void head(StringBuilder b, String title) {
        b.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<meta name=\"generator\" content=\"").append(GENERATOR).append("\">\n")
                .append("<title>").append(Html.text(title)).append("</title>\n")
                .append("<style>\n").append(STYLE).append("</style>\n</head>\n<body>\n");
    }

    private static void foot(StringBuilder b) {
        b.append("<footer>Written by shadowvisor. Self-contained: the charts are inline SVG drawn by JFreeChart; "
                + "the page loads nothing.</footer>\n</body>\n</html>\n");
    }

    private static void figure(StringBuilder b, String id, JFreeChart chart, int height, String caption) {
        String title = chart.getTitle() == null ? id : chart.getTitle().getText();
        b.append("<figure id=\"").append(id).append("-figure\" aria-label=\"").append(Html.attribute(title))
                .append("\">\n");
        b.append(ReportCharts.svg(chart, id, ReportCharts.WIDTH, height)).append('\n');
        b.append("<figcaption>").append(Html.text(caption)).append("</figcaption>\n</figure>\n");
    }

    /** A table; a row shorter than the header has its last cell span the remaining columns. */
    static void table(StringBuilder b, ReportTable t) {
        b.append("<div class=\"table-wrap\">\n<table id=\"").append(Html.attribute(t.id())).append("\">\n");
        if (t.caption() != null) {
            b.append("<caption>").append(Html.text(t.caption())).append("</caption>\n");
        }
        b.append("<thead><tr>");
        for (int i = 0; i < t.header().size(); i++) {
            b.append(t.numeric().get(i) ? "<th scope=\"col\" class=\"num\">" : "<th scope=\"col\">")
                    .append(Html.text(t.header().get(i))).append("</th>");
        }
        b.append("</tr></thead>\n<tbody>\n");
        for (ReportTable.Row r : t.rows()) {
            b.append(r.kind() == null ? "<tr>" : "<tr class=\"" + Html.attribute(r.kind()) + "\">");
            List<String> cells = r.cells();
            for (int i = 0; i < cells.size(); i++) {
                boolean last = i == cells.size() - 1;
                int span = last ? t.header().size() - i : 1;
                String cell = Html.text(cells.get(i));
                if (i == 0 && r.link() != null) {
                    cell = "<a href=\"" + Html.attribute(r.link()) + "\">" + cell + "</a>";
                }
                b.append(i == 0 ? "<th scope=\"row\"" : "<td");
                if (span > 1) {
                    b.append(" colspan=\"").append(span).append('"');
                } else if (t.numeric().get(i)) {
                    b.append(" class=\"num\"");
                }
                b.append('>').append(cell).append(i == 0 ? "</th>" : "</td>");
            }
            b.append("</tr>\n");
        }
        b.append("</tbody>\n</table>\n</div>\n");
    }
}
