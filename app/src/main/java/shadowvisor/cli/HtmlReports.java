package shadowvisor.cli;

import shadowvisor.cost.CostTerm;
import shadowvisor.cost.ModeledCycles;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import shadowvisor.machine.TrapCause;
import shadowvisor.report.ComparisonPage;
import shadowvisor.report.DemoIndexPage;
import shadowvisor.report.HtmlReport;
import shadowvisor.report.ModeSeries;
import shadowvisor.report.ReportTable;
import shadowvisor.report.ReportTable.Row;
import shadowvisor.mode.ModeStack;
import shadowvisor.result.RunReport;
import shadowvisor.result.VmmCounters;

/**
 * {@code compare --html FILE} and {@code demo --html DIR}: turns comparisons into the pages of
 * {@link shadowvisor.report} (the table cells the very text of {@link ComparisonTable}), and
 * checks the targets before anything runs, as {@link OutputTarget} does for {@code --json}: a
 * FILE whose directory is missing, a DIR that is a file, a place that cannot be written are usage
 * errors (one line, status 2) before the first guest instruction.
 */
final class HtmlReports {
    /** The option's name, in messages. */
    static final String OPTION = "--html";
    /** The demo's index page, in DIR. */
    static final String INDEX = "index.html";

    private HtmlReports() {
    }

    /**
     * The target of {@code compare --html FILE}, checked: null when the option was not given. The
     * report is a page to open in a browser, so {@code -} (stdout) is refused.
     */
    static OutputTarget checkedFile(Path file) {
        OutputTarget target = OutputTarget.of(OPTION, file);
        if (target == null) {
            return null;
        }
        if (target.stdout()) {
            throw new UsageException(OPTION + " -: give a FILE to write the page to (an HTML report is opened in a "
                    + "browser, not read on stdout)");
        }
        target.check();
        return target;
    }

    /** Writes the page of {@code c} to {@code target}. */
    static void writeComparison(OutputTarget target, PrintStream stdout, Comparison c, int repeat) {
        target.write(stdout, HtmlReport.comparison(page(c, repeat, List.of(), null)));
    }

    /**
     * Makes {@code dir} ready for {@code demo --html DIR} before the demo runs: created when
     * missing, refused when it is not a directory or nothing can be written in it. Null: the
     * option was not given, nothing to do.
     */
    static void prepareDirectory(Path dir) {
        if (dir == null) {
            return;
        }
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new UsageException(OPTION + " " + dir + ": not a directory (the demo writes " + INDEX
                    + " and one page per guest there)");
        }
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UsageException(OPTION + " " + dir + ": cannot create the directory (" + reason(e) + ")");
        }
        try {
            Path probe = Files.createTempFile(dir, ".shadowvisor-", ".html");
            Files.delete(probe);
        } catch (IOException e) {
            throw new UsageException(OPTION + " " + dir + ": cannot write there (" + reason(e) + ")");
        }
    }

    /**
     * Writes the demo's pages into {@code dir} (made ready by {@link #prepareDirectory}): one page
     * per guest that ran, then {@code index.html}: the summary's tables ({@link DemoSummary}), the
     * same rows {@code demo} prints, each guest linking to its page.
     */
    static void writeDemo(Path dir, DemoSummary summary, int repeat, long nanos) {
        List<DemoIndexPage.GuestRatios> ratios = new ArrayList<>();
        List<Row> rows = new ArrayList<>();
        List<List<String>> cells = summary.hostTable().rows();
        List<DemoSummary.Guest> guests = summary.guests();
        for (int i = 0; i < guests.size(); i++) {
            DemoSummary.Guest g = guests.get(i);
            Comparison c = g.comparison();
            if (c == null) {
                rows.add(new Row(cells.get(i), "skipped", null));
                continue;
            }
            String page = pageName(g.name());
            write(dir.resolve(page), HtmlReport.comparison(page(c, repeat, g.about(), INDEX)));
            rows.add(new Row(cells.get(i), DemoSummary.kind(g), page));
            long nativeNanos = c.nativeResult().hostNanos();
            Map<String, Double> byMode = new LinkedHashMap<>();
            for (ModeResult m : c.vmmResults()) {
                double ratio = m.ratio(nativeNanos);
                if (m.equivalent() && Double.isFinite(ratio)) {
                    byMode.put(m.mode().cliName(), ratio);
                }
            }
            ratios.add(new DemoIndexPage.GuestRatios(g.name(), byMode));
        }
        List<String> vmms = summary.vmmNames();
        List<String> about = List.of(
                String.format(Locale.ROOT, "%d bundled guests, each run natively and under %s. Each guest's name "
                        + "links to its report: the table of 'shadowvisor compare --repeat %d GUEST', its charts "
                        + "and its timelines.", guests.size(), String.join(", ", vmms), repeat),
                CompareCommand.timing(repeat) + ". Host times still vary from run to run; the counters and the "
                        + "equivalence do not.");
        TextTable host = summary.hostTable();
        ReportTable hostTable = new ReportTable("summary", "Host time of each VMM relative to native (refused: the "
                + "mode cannot run the guest; differs: the guest's profile breaks the theorem the VMM needs)",
                host.header(), host.numeric(), rows);
        write(dir.resolve(INDEX), HtmlReport.demoIndex(new DemoIndexPage(about, hostTable, table("modeled",
                "Modeled cycles of each VMM relative to native, on the " + summary.costModelName() + " cost model: "
                        + "what a real machine would pay for the same events", summary.modeledTable()),
                summary.conclusion(nanos), vmms, ratios)));
    }

    /** The file name of a guest's page: its name, made safe for a file and a link, and {@code .html}. */
    static String pageName(String guest) {
        return guest.replaceAll("[^A-Za-z0-9._-]", "_") + ".html";
    }

    /** The page model of {@code c}: the text table's content as tables, and each mode's chart data. */
    static ComparisonPage page(Comparison c, int repeat, List<String> about, String back) {
        List<String> intro = new ArrayList<>(about);
        intro.add("Profile " + c.profile() + "; modes " + String.join(", ", c.results().stream()
                .map(m -> m.mode().cliName()).toList()) + ". Native runs first: it is the oracle every mode is "
                + "checked against, key by key (exit, console, instructions, traps, registers, PSW, memory).");
        RunReport nativeRun = c.nativeResult().report();
        String note = CompareCommand.consoleNote(nativeRun);
        String text = note == null ? nativeRun.consoleText() : null;
        if (note != null && !note.equals("empty")) {
            note += ".";
        }
        return new ComparisonPage(c.program(), intro, CompareCommand.timing(repeat), text, note, modesTable(c),
                expectedNotes(c), ComparisonReading.sentences(c), counterTables(c), series(c), back);
    }

    /** The first table of {@link ComparisonTable}, row for row, each row classed by its verdict. */
    private static ReportTable modesTable(Comparison c) {
        TextTable t = ComparisonTable.modes(c);
        List<Row> rows = new ArrayList<>();
        List<List<String>> cells = t.rows();
        for (int i = 0; i < cells.size(); i++) {
            ModeResult m = c.results().get(i);
            rows.add(new Row(cells.get(i), m.refused() ? "refused" : kind(m), null));
        }
        return new ReportTable("modes", "How each mode ended, and what its VMM did", t.header(), t.numeric(), rows);
    }

    /** A text table of {@link ComparisonTable} as a table of the page, the same cells. */
    private static ReportTable table(String id, String caption, TextTable t) {
        return new ReportTable(id, caption, t.header(), t.numeric(),
                t.rows().stream().map(r -> new Row(r, null, null)).toList());
    }

    /** The row's class: what the mode's run was, judged against native. */
    private static String kind(ModeResult m) {
        if (!m.mode().virtualized()) {
            return "oracle";
        }
        return m.finding() ? "finding" : m.expected() != null ? "expected" : "equivalent";
    }

    /** {@code expected: segment, shadow-trace differ from native - Theorem 1 violation: ...}, once per reason. */
    private static List<String> expectedNotes(Comparison c) {
        Map<String, List<String>> modesByReason = new LinkedHashMap<>();
        for (ModeResult m : c.results()) {
            if (m.expected() != null) {
                modesByReason.computeIfAbsent(m.expected().text(), k -> new ArrayList<>()).add(m.mode().cliName());
            }
        }
        List<String> notes = new ArrayList<>();
        modesByReason.forEach((reason, modes) -> notes.add("expected: " + String.join(", ", modes)
                + (modes.size() == 1 ? " differs" : " differ") + " from native - " + reason));
        return notes;
    }

    /**
     * The other tables of {@link ComparisonTable}: every VMM's counters, where each mode pays on
     * the cost model, and each stack's levels.
     */
    private static List<ReportTable> counterTables(Comparison c) {
        List<ReportTable> tables = new ArrayList<>();
        List<ModeResult> vmms = c.vmmResults();
        if (!vmms.isEmpty()) {
            tables.add(table("counters", "Each VMM's own counters (- : the VMM has no such counter)",
                    ComparisonTable.counters(vmms)));
        }
        tables.add(table("cycles", "Modeled cycles by event, on the " + c.costModel().name() + " cost model "
                + "(each row: the events times the price after x): where each mode pays", ComparisonTable.cycles(c)));
        List<ModeResult> stacks = vmms.stream().filter(m -> !m.report().levels().isEmpty()).toList();
        if (!stacks.isEmpty()) {
            tables.add(table("levels", "Each level of each stack of VMMs, innermost first",
                    ComparisonTable.levels(stacks)));
        }
        return tables;
    }

    /** Each mode's chart data, in the table's order. */
    private static List<ModeSeries> series(Comparison c) {
        long nativeNanos = c.nativeResult().hostNanos();
        List<ModeSeries> series = new ArrayList<>();
        for (ModeResult m : c.results()) {
            String mode = m.mode().cliName();
            if (m.refused()) {
                series.add(new ModeSeries(mode, Double.NaN, "refused", null, null, null));
                continue;
            }
            RunReport r = m.report();
            String note = m.finding() ? "DIFFERS" : m.expected() != null ? "expected: Theorem " + m.expected().theorem()
                    : null;
            Map<String, Long> exits = null;
            VmmCounters v = r.vmm();
            if (v != null) {
                exits = new LinkedHashMap<>();
                for (TrapCause cause : TrapCause.values()) {
                    if (v.exits[cause.code()] != 0) {
                        exits.put(cause.name(), v.exits[cause.code()]);
                    }
                }
                if (v.sliceEnds != 0) {
                    exits.put("slice end", v.sliceEnds);
                }
            }
            Map<String, Long> cycles = new LinkedHashMap<>();
            ModeledCycles priced = c.modeled(m);
            for (CostTerm t : CostTerm.values()) {
                if (priced.cycles(t) != 0) {
                    cycles.put(t.key(), priced.cycles(t));
                }
            }
            series.add(new ModeSeries(mode, m.ratio(nativeNanos), note, exits, r.timeline(), cycles));
        }
        return series;
    }

    private static void write(Path file, String html) {
        try {
            Files.writeString(file, html, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UsageException(OPTION + " " + file + ": cannot write the report: " + reason(e));
        }
    }

    private static String reason(IOException e) {
        return e instanceof java.nio.file.AccessDeniedException ? "permission denied"
                : e instanceof java.nio.file.FileAlreadyExistsException ? "a file is in the way"
                : e instanceof java.nio.file.FileSystemException f && f.getReason() != null ? f.getReason()
                : e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
