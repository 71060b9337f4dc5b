/**
 * The HTML report of {@code compare --html FILE} and {@code demo --html DIR} (spec section 9,
 * docs/CLI.md): self-contained pages that open with no network, their charts drawn by JFreeChart
 * and rendered to inline SVG by JFreeSVG.
 *
 * <p>The package knows nothing of how a comparison is run: the command line turns its results
 * into the page models ({@link shadowvisor.report.ComparisonPage},
 * {@link shadowvisor.report.DemoIndexPage}), whose table cells are already the text
 * {@code compare} prints, and {@link shadowvisor.report.HtmlReport} renders them, escaping every
 * text, with the charts of {@link shadowvisor.report.ReportCharts}.
 */
package shadowvisor.report;
