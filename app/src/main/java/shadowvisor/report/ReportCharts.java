package shadowvisor.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Paint;
import java.awt.Rectangle;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.text.NumberFormat;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.eclipse.collections.api.list.primitive.LongList;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.StandardChartTheme;
import org.jfree.chart.axis.AxisLocation;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.labels.ItemLabelAnchor;
import org.jfree.chart.labels.ItemLabelPosition;
import org.jfree.chart.labels.StandardCategoryItemLabelGenerator;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.StackedBarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.LegendTitle;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.RectangleInsets;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.jfree.svg.MeetOrSlice;
import org.jfree.svg.PreserveAspectRatio;
import org.jfree.svg.SVGGraphics2D;
import org.jfree.svg.ViewBox;
import shadowvisor.result.Timeline;

/**
 * The report's charts, drawn by JFreeChart and rendered by JFreeSVG to an {@code <svg>} element
 * that the page holds inline: no image file, no script, nothing fetched. Every chart has a title,
 * labelled axes and, when it has several series, a legend; a mode has the same colour in every
 * chart of a page (and on every page: the five single modes have fixed colours).
 *
 * <p>Drawing needs fonts but no display: the class sets {@code java.awt.headless=true} when
 * nothing set it before AWT starts, so that the report renders on a machine without one.
 */
public final class ReportCharts {
    static {
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
    }

    /** The width of every chart, in CSS pixels (the page scales it down to fit a narrow window). */
    public static final int WIDTH = 880;
    /** The height of a timeline chart. */
    public static final int TIMELINE_HEIGHT = 340;
    /** A timeline with at most this many samples per mode marks each sample with a shape. */
    static final int SHAPES_UP_TO = 15;

    /** The colours of the five single modes (Okabe and Ito's palette, told apart by colour-blind readers too). */
    private static final Map<String, Color> MODE_COLOURS = Map.of(
            "native", new Color(0x44, 0x44, 0x44),
            "segment", new Color(0xE6, 0x9F, 0x00),
            "hybrid", new Color(0x56, 0xB4, 0xE9),
            "shadow-trace", new Color(0x00, 0x9E, 0x73),
            "shadow-vtlb", new Color(0xD5, 0x5E, 0x00));
    /** The colours of other modes (stacks), in order of appearance. */
    private static final Color[] OTHER_COLOURS = {new Color(0x00, 0x72, 0xB2), new Color(0xCC, 0x79, 0xA7),
            new Color(0x88, 0x66, 0x00), new Color(0x99, 0x99, 0x99), new Color(0x66, 0x00, 0x99)};
    /** The colours of the exit causes, in the order they come. */
    private static final Color[] CAUSE_COLOURS = {new Color(0x4E, 0x79, 0xA7), new Color(0xF2, 0x8E, 0x2B),
            new Color(0xE1, 0x57, 0x59), new Color(0x76, 0xB7, 0xB2), new Color(0x59, 0xA1, 0x4F),
            new Color(0xED, 0xC9, 0x48), new Color(0xB0, 0x7A, 0xA1), new Color(0xFF, 0x9D, 0xA7),
            new Color(0x9C, 0x75, 0x5F), new Color(0xBA, 0xB0, 0xAC)};

    private static final String FONT = Font.SANS_SERIF;

    private ReportCharts() {
    }

    /**
     * A running total of the timeline, plotted over guest instructions retired: one chart per
     * metric, one series per mode that ran.
     */
    public enum Metric {
        /** Exits the VMM took so far, slice ends included. */
        EXITS("exits", "Exits over guest time", "exits so far", Timeline::exits),
        /** Page faults the guest never saw (a shadow mode filling its shadow). */
        HIDDEN_FAULTS("hidden-faults", "Hidden page faults over guest time", "hidden faults so far", Timeline::hiddenFaults),
        /** Shadow page tables the VMM held at each sample. */
        SHADOW_PAGES("shadow-pages", "Shadow page tables held over guest time", "shadow pages held", Timeline::shadowPages),
        /** Hardware TLB flushes so far. */
        TLB_FLUSHES("tlb-flushes", "TLB flushes over guest time", "TLB flushes so far", Timeline::tlbFlushes);

        private final String id;
        private final String title;
        private final String axis;
        private final Function<Timeline, LongList> column;

        Metric(String id, String title, String axis, Function<Timeline, LongList> column) {
            this.id = id;
            this.title = title;
            this.axis = axis;
            this.column = column;
        }

        /** The chart's id on the page, after {@code chart-timeline-}. */
        public String id() {
            return id;
        }

        /** The chart's title. */
        public String title() {
            return title;
        }

        /** The y axis' label. */
        public String axis() {
            return axis;
        }

        /** The metric's column of {@code t}. */
        public LongList of(Timeline t) {
            return column.apply(t);
        }
    }

    /**
     * The colour of each mode of {@code modes}: fixed for the five single modes, the next of a
     * second palette for each other (a stack).
     */
    public static Map<String, Color> colours(List<String> modes) {
        Map<String, Color> colours = new LinkedHashMap<>();
        int other = 0;
        for (String m : modes) {
            Color c = MODE_COLOURS.get(m);
            colours.put(m, c != null ? c : OTHER_COLOURS[other++ % OTHER_COLOURS.length]);
        }
        return colours;
    }

    /**
     * Host time relative to native, one horizontal bar per mode in the table's order, labelled
     * with the ratio, with a line at 1 (native). A mode without a time (it refused) keeps its
     * place, with its note beside its name and no bar.
     */
    public static JFreeChart ratios(List<ModeSeries> modes) {
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        List<String> names = modes.stream().map(ModeSeries::mode).toList();
        Map<String, Color> colours = colours(names);
        List<Paint> barPaints = new ArrayList<>();
        for (ModeSeries m : modes) {
            String label = m.note() == null ? m.mode() : m.mode() + " (" + m.note() + ")";
            data.addValue(Double.isNaN(m.ratio()) ? null : m.ratio(), "host time / native", label);
            barPaints.add(colours.get(m.mode()));
        }
        JFreeChart chart = ChartFactory.createBarChart("Host time relative to native", null,
                "host time / native host time (lower is faster)", data, PlotOrientation.HORIZONTAL, false, false, false);
        style(chart);
        CategoryPlot plot = chart.getCategoryPlot();
        BarRenderer r = new BarRenderer() {
            private static final long serialVersionUID = 1L;

            @Override
            public Paint getItemPaint(int row, int column) {
                return barPaints.get(column);
            }
        };
        barStyle(r);
        r.setDefaultItemLabelGenerator(new StandardCategoryItemLabelGenerator("{2}x", decimal("0.00")));
        r.setDefaultItemLabelsVisible(true);
        r.setDefaultItemLabelFont(new Font(FONT, Font.PLAIN, 12));
        r.setDefaultPositiveItemLabelPosition(new ItemLabelPosition(ItemLabelAnchor.OUTSIDE3, TextAnchor.CENTER_LEFT));
        r.setItemMargin(0);
        plot.setRenderer(r);
        NumberAxis axis = (NumberAxis) plot.getRangeAxis();
        axis.setLowerBound(0);
        axis.setUpperMargin(0.2); // room for the label of the longest bar
        axis.setNumberFormatOverride(decimal("0.0#"));
        plot.addRangeMarker(nativeLine());
        return chart;
    }

    /**
     * The exits each VMM took, by cause: one horizontal bar per mode that ran under a VMM, its
     * segments the causes (and slice ends), a legend naming them. Null when no VMM ran the
     * program (nothing to draw).
     */
    public static JFreeChart exits(List<ModeSeries> modes) {
        return stacked("Exits by cause", "exits (traps the VMM took)", "no exit", modes, ModeSeries::exitsByCause);
    }

    /**
     * Where each mode pays on the cost model: one horizontal bar per mode that ran, native
     * included, its segments the modeled cycles of each term (exits, emulation, hidden faults,
     * ...). Null when no mode ran the program.
     */
    public static JFreeChart cycles(List<ModeSeries> modes) {
        return stacked("Modeled cycles by event", "modeled cycles (events x price)", "no cost", modes,
                ModeSeries::cyclesByTerm);
    }

    /**
     * One horizontal bar per mode that has parts (modes whose {@code parts} is null are left
     * out), stacked by part in first-seen order, a legend naming the parts. Null when no mode has
     * parts.
     */
    private static JFreeChart stacked(String title, String axis, String none, List<ModeSeries> modes,
                                      java.util.function.Function<ModeSeries, Map<String, Long>> parts) {
        List<ModeSeries> shown = modes.stream().filter(m -> parts.apply(m) != null).toList();
        if (shown.isEmpty()) {
            return null;
        }
        Set<String> names = new LinkedHashSet<>();
        shown.forEach(m -> parts.apply(m).forEach((name, n) -> {
            if (n > 0) {
                names.add(name);
            }
        }));
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        for (String name : names) {
            for (ModeSeries m : shown) {
                data.addValue(parts.apply(m).getOrDefault(name, 0L), name, m.mode());
            }
        }
        if (names.isEmpty()) {
            for (ModeSeries m : shown) {
                data.addValue(0, none, m.mode()); // keeps every mode on the axis
            }
        }
        JFreeChart chart = ChartFactory.createStackedBarChart(title, null, axis, data, PlotOrientation.HORIZONTAL,
                true, false, false);
        style(chart);
        CategoryPlot plot = chart.getCategoryPlot();
        StackedBarRenderer r = new StackedBarRenderer();
        barStyle(r);
        for (int i = 0; i < data.getRowCount(); i++) {
            r.setSeriesPaint(i, CAUSE_COLOURS[i % CAUSE_COLOURS.length]);
        }
        plot.setRenderer(r);
        ((NumberAxis) plot.getRangeAxis()).setNumberFormatOverride(integer());
        ((NumberAxis) plot.getRangeAxis()).setStandardTickUnits(NumberAxis.createIntegerTickUnits(Locale.ROOT));
        return chart;
    }

    /**
     * One metric of the timelines over guest instructions retired, one line per mode that ran
     * (in the table's order and colours), each sample marked when there are few.
     */
    public static JFreeChart timeline(Metric metric, List<ModeSeries> modes) {
        List<ModeSeries> ran = modes.stream().filter(ModeSeries::ran).toList();
        Map<String, Color> colours = colours(modes.stream().map(ModeSeries::mode).toList());
        XYSeriesCollection data = new XYSeriesCollection();
        int most = 0;
        for (ModeSeries m : ran) {
            XYSeries s = new XYSeries(m.mode(), false, true);
            Timeline t = m.timeline();
            LongList y = metric.of(t);
            for (int i = 0; i < t.size(); i++) {
                s.add(t.retired().get(i), y.get(i));
            }
            most = Math.max(most, t.size());
            data.addSeries(s);
        }
        JFreeChart chart = ChartFactory.createXYLineChart(metric.title(), "guest instructions retired", metric.axis(),
                data, PlotOrientation.VERTICAL, true, false, false);
        style(chart);
        XYPlot plot = chart.getXYPlot();
        XYLineAndShapeRenderer r = new XYLineAndShapeRenderer(true, most <= SHAPES_UP_TO);
        for (int i = 0; i < ran.size(); i++) {
            r.setSeriesPaint(i, colours.get(ran.get(i).mode()));
            r.setSeriesStroke(i, new BasicStroke(2f));
        }
        plot.setRenderer(r);
        NumberAxis x = (NumberAxis) plot.getDomainAxis();
        x.setStandardTickUnits(NumberAxis.createIntegerTickUnits(Locale.ROOT));
        x.setNumberFormatOverride(integer());
        x.setLowerBound(0);
        NumberAxis y = (NumberAxis) plot.getRangeAxis();
        y.setStandardTickUnits(NumberAxis.createIntegerTickUnits(Locale.ROOT));
        y.setNumberFormatOverride(integer());
        y.setAutoRangeIncludesZero(true);
        return chart;
    }

    /**
     * The demo's chart: each VMM's host-time ratio to native, per guest, grouped by guest (one
     * bar per VMM that ran the guest and ended as natively or as predicted), with a line at 1.
     */
    public static JFreeChart demoRatios(List<String> vmms, List<DemoIndexPage.GuestRatios> guests) {
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        for (String vmm : vmms) {
            for (DemoIndexPage.GuestRatios g : guests) {
                Double ratio = g.byMode().get(vmm);
                data.addValue(ratio, vmm, g.guest());
            }
        }
        JFreeChart chart = ChartFactory.createBarChart("Host time relative to native, per guest", null,
                "host time / native host time (lower is faster)", data, PlotOrientation.HORIZONTAL, true, false, false);
        style(chart);
        CategoryPlot plot = chart.getCategoryPlot();
        BarRenderer r = new BarRenderer();
        barStyle(r);
        r.setItemMargin(0.05);
        Map<String, Color> colours = colours(vmms);
        for (int i = 0; i < vmms.size(); i++) {
            r.setSeriesPaint(i, colours.get(vmms.get(i)));
        }
        plot.setRenderer(r);
        plot.getDomainAxis().setCategoryMargin(0.25);
        // Ratios from a fraction of native to twenty times it: a log scale, bars growing from 1 (native),
        // left for a guest that ran faster, right for slower; a doubling is the same length everywhere.
        r.setBase(1.0);
        r.setIncludeBaseInRange(true);
        LogAxis axis = new LogAxis("host time / native host time (log scale; lower is faster)");
        axis.setBase(2);
        axis.setTickUnit(new NumberTickUnit(1.0));
        axis.setNumberFormatOverride(decimal("0.###'x'"));
        axis.setSmallestValue(1.0 / 64);
        axis.setLabelFont(new Font(FONT, Font.PLAIN, 13));
        axis.setTickLabelFont(new Font(FONT, Font.PLAIN, 12));
        axis.setMinorTickMarksVisible(false);
        plot.setRangeAxis(axis);
        plot.addRangeMarker(nativeLine());
        return chart;
    }

    /** The height that gives each of {@code bars} bars in {@code categories} categories room, legend included. */
    public static int barHeight(int categories, int barsPerCategory, boolean legend) {
        return 110 + (legend ? 40 : 0) + categories * Math.max(34, 11 * barsPerCategory + 12);
    }

    /**
     * {@code chart} drawn at {@code width} by {@code height} as an {@code <svg>} element with
     * the given id, a view box so that the page can scale it, and ids of its clip paths prefixed
     * by {@code id}, so that several charts on one page never share one.
     */
    public static String svg(JFreeChart chart, String id, int width, int height) {
        SVGGraphics2D g2 = new SVGGraphics2D(width, height);
        g2.setDefsKeyPrefix(id + "-");
        chart.draw(g2, new Rectangle(0, 0, width, height));
        return g2.getSVGElement(id, true, new ViewBox(0, 0, width, height), PreserveAspectRatio.XMID_YMID,
                MeetOrSlice.MEET);
    }

    private static void style(JFreeChart chart) {
        StandardChartTheme theme = (StandardChartTheme) StandardChartTheme.createJFreeTheme();
        theme.setExtraLargeFont(new Font(FONT, Font.BOLD, 17));
        theme.setLargeFont(new Font(FONT, Font.PLAIN, 13));
        theme.setRegularFont(new Font(FONT, Font.PLAIN, 12));
        theme.setSmallFont(new Font(FONT, Font.PLAIN, 11));
        theme.setChartBackgroundPaint(Color.WHITE);
        theme.setPlotBackgroundPaint(Color.WHITE);
        theme.setDomainGridlinePaint(new Color(0xDD, 0xDD, 0xDD));
        theme.setRangeGridlinePaint(new Color(0xDD, 0xDD, 0xDD));
        theme.setAxisLabelPaint(new Color(0x22, 0x22, 0x22));
        theme.setTickLabelPaint(new Color(0x33, 0x33, 0x33));
        theme.setShadowVisible(false);
        theme.setBarPainter(new StandardBarPainter());
        theme.apply(chart);
        chart.setPadding(new RectangleInsets(6, 6, 6, 12));
        chart.setAntiAlias(true);
        chart.setTextAntiAlias(true);
        if (chart.getPlot() instanceof CategoryPlot p) {
            p.setOutlineVisible(false);
            p.setRangeGridlinesVisible(true);
            CategoryAxis axis = p.getDomainAxis();
            axis.setMaximumCategoryLabelWidthRatio(0.45f); // long names (a stack, a note) on one line
            p.setRangeAxisLocation(AxisLocation.BOTTOM_OR_LEFT); // horizontal bars: the values under them
        } else if (chart.getPlot() instanceof XYPlot p) {
            p.setOutlineVisible(false);
            p.setDomainGridlinesVisible(true);
        }
        LegendTitle legend = chart.getLegend();
        if (legend != null) {
            legend.setPosition(RectangleEdge.BOTTOM);
            legend.setFrame(org.jfree.chart.block.BlockBorder.NONE);
            legend.setItemFont(new Font(FONT, Font.PLAIN, 12));
        }
    }

    /** The dashed line at 1: native's own host time. */
    private static ValueMarker nativeLine() {
        return new ValueMarker(1.0, new Color(0x44, 0x44, 0x44), new BasicStroke(1.5f, BasicStroke.CAP_BUTT,
                BasicStroke.JOIN_MITER, 10f, new float[] {5f, 4f}, 0f));
    }

    private static void barStyle(BarRenderer r) {
        r.setBarPainter(new StandardBarPainter());
        r.setShadowVisible(false);
        r.setDrawBarOutline(false);
        r.setMaximumBarWidth(0.6);
    }

    /** Integers grouped by commas, whatever the JVM's locale. */
    private static NumberFormat integer() {
        return decimal("#,##0");
    }

    private static NumberFormat decimal(String pattern) {
        return new DecimalFormat(pattern, DecimalFormatSymbols.getInstance(Locale.ROOT));
    }
}
