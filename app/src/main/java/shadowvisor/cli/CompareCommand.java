package shadowvisor.cli;

import shadowvisor.result.RunReport;

import java.util.Locale;

import shadowvisor.cost.CostModel;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import shadowvisor.machine.image.Image;
import shadowvisor.machine.isa.Profile;
import shadowvisor.mode.Mode;
import shadowvisor.mode.ModeStack;
import shadowvisor.run.RunOptions;

/**
 * {@code shadowvisor compare} (spec section 9): runs one program natively and in each mode of
 * {@code --modes}, checks each run against the native one key by key (spec 7.1), and prints one
 * table of what happened ({@link ComparisonTable}); {@code --json FILE} writes the same as data
 * ({@link ComparisonJson}), {@code --csv FILE} the table as CSV ({@link ComparisonCsv}). Either
 * FILE may be {@code -}, standard output; the table then goes to stderr, unless {@code --quiet}.
 *
 * <p>Host times are honest medians: each mode runs the program once as a warm-up, not timed,
 * then {@code --repeat N} times (default 3), and its time is the median ({@link Comparison}).
 *
 * <p>The guest's console is not streamed (the modes' consoles would interleave): the native
 * run's console is printed once, above the table, when it is short, else its size. Every mode
 * runs the profile of {@code --profile}, else the program's {@code .profile}, else {@code pg}.
 * Exit status 0 when every mode that ran the program is equivalent to native or differs as the
 * profile predicts ({@link ExpectedDifference}: a silent Theorem 1 violation under a
 * trap-and-emulate VMM), 1 when one is not, 2 for a usage or input error (native itself cannot
 * run it, for one). A mode that refuses the program (segment and a guest that turns paging on,
 * a shadow mode and a memory that is not a whole number of pages) is shown as refused and does
 * not change the status: refusing is what its contract says it does (spec 7.2, 7.3).
 */
@Command(name = "compare", sortOptions = false, description = {
        "Run a program in each mode and check every run against the native one.",
        "Prints one table: how each mode ended, retired instructions, equivalence to native, host time (the "
                + "median of --repeat N runs, after a warm-up run) and its ratio to native, and what each VMM did; then each VMM's own counters. The guest's "
                + "console is printed once, from the native run, when it is short."},
        footer = {"", "Exit status: 0 when every mode that ran the program is equivalent to native",
                "(a mode that refuses it is shown as refused) or differs as the profile predicts",
                "(shown as expected, with the instructions that break the theorem its VMM needs),",
                "1 when one is not, 2 for a usage or input error."})
final class CompareCommand implements Callable<Integer> {
    /** A native console longer than this many lines is summed up rather than printed. */
    static final int SHORT_CONSOLE_LINES = 40;
    /** ... or than this many bytes. */
    static final int SHORT_CONSOLE_BYTES = 4096;

    @ParentCommand
    private ShadowvisorCommand top;

    @Option(names = "--modes", paramLabel = "M1,M2,...", hideParamSyntax = true, split = ",", converter = ModeName.class,
            defaultValue = "native,segment,hybrid,shadow-trace,shadow-vtlb",
            description = "The modes to compare, comma-separated; a stack of VMMs X/Y[/Z...] is one mode "
                    + "(e.g. segment,segment/segment). Native always runs first, as the oracle. "
                    + "Default: all five (native and the four VMMs).")
    private List<ModeStack> modes;

    @Mixin
    private ProfileOption profile;

    @Mixin
    private GuestOptions guest;

    @Mixin
    private CostModelOption costModel;

    @Option(names = "--repeat", paramLabel = "N", defaultValue = "3",
            description = "After untimed warm-up rounds of every mode (1 to 100, until they took 0.2 s), run each mode N times and report "
                    + "the median host time (for even N, the mean of the two middle runs). Every run is "
                    + "checked against native. 1 to 1000, default ${DEFAULT-VALUE}.")
    private int repeat;

    @Option(names = "--json", paramLabel = "FILE",
            description = "Write the comparison as JSON, with every mode's report; - writes it to stdout "
                    + "(the table then goes to stderr).")
    private Path json;

    @Option(names = "--csv", paramLabel = "FILE",
            description = "Write the table as CSV (RFC 4180), one row per mode; - writes it to stdout "
                    + "(the table then goes to stderr).")
    private Path csv;

    @Option(names = "--html", paramLabel = "FILE",
            description = "Write a self-contained HTML report (no network needed to open it): the table, host-time "
                    + "ratios, exits by cause, and each mode's exits, hidden faults, shadow pages and TLB flushes "
                    + "over guest time, as charts.")
    private Path html;

    @Option(names = {"-q", "--quiet"},
            description = "Print nothing on stderr but errors: with --json - or --csv -, not even the table.")
    private boolean quiet;

    @Parameters(paramLabel = "PROGRAM", description = "An assembly source (.s) or an image written by 'asm -o'.")
    private Path program;

    @Override
    public Integer call() {
        if (repeat < 1 || repeat > 1000) {
            throw new UsageException("--repeat " + repeat + ": must be from 1 to 1000");
        }
        if (modes.isEmpty()) {
            throw new UsageException("--modes: no mode given (expected some of " + ModeName.names() + ")");
        }
        OutputTarget jsonTarget = OutputTarget.of("--json", json);
        OutputTarget csvTarget = OutputTarget.of("--csv", csv);
        OutputTarget.check(jsonTarget, csvTarget);
        OutputTarget htmlTarget = HtmlReports.checkedFile(html);
        CostModel prices = costModel.model();
        Image image = ProgramFiles.load(program);
        Profile machine = profile.forRun(List.of(program), List.of(image));
        guest.checkImagesFit(List.of(program), List.of(image));
        RunOptions options = guest.applyTo(RunOptions.defaults(Mode.NATIVE)).withProfile(machine);
        Warmup.run(Comparison.ordered(modes));
        Comparison c = Comparison.run(program.toString(), image, options, modes, repeat, m -> { })
                .explainedBy(machine).pricedBy(prices);
        // Data on stdout: the table, for people, moves to stderr (or, --quiet, is not printed).
        PrintStream stdout = top.terminal().out();
        boolean dataOnStdout = OutputTarget.toStdout(jsonTarget) || OutputTarget.toStdout(csvTarget);
        PrintStream out = !dataOnStdout ? stdout : quiet ? null : top.terminal().err();
        if (out != null) {
            printConsole(out, c);
            out.println(timing(repeat));
            out.println();
            ComparisonTable.lines(c).forEach(out::println);
            out.flush();
        }
        if (jsonTarget != null) {
            jsonTarget.writeLine(stdout, ComparisonJson.render(c, options, repeat));
        }
        if (csvTarget != null) {
            csvTarget.write(stdout, ComparisonCsv.render(c));
        }
        if (htmlTarget != null) {
            HtmlReports.writeComparison(htmlTarget, stdout, c, repeat);
        }
        return c.passes() ? 0 : 1;
    }

    /** The line above the tables that says what {@code host ms} is. */
    static String timing(int repeat) {
        return (repeat == 1 ? "host ms: one timed run per mode" : "host ms: median of " + repeat + " timed runs per mode")
                + ", after untimed warm-up rounds (0.2 s of them, 1 to 100); every run is checked against native";
    }

    /**
     * The native console, once, when it is short; else its size. Its bytes go out as the guest
     * wrote them, as {@code run} writes them.
     */
    static void printConsole(PrintStream out, Comparison c) {
        byte[] console = c.nativeResult().report().console();
        String note = consoleNote(c.nativeResult().report());
        if (note != null) {
            out.println("console (native): " + note);
        } else {
            out.println("console (native):");
            out.write(console, 0, console.length);
            if (console[console.length - 1] != '\n') {
                out.println();
            }
        }
        out.println();
    }

    /**
     * What stands instead of a run's console when it is not shown whole: {@code empty}, or its
     * size when it is longer than {@link #SHORT_CONSOLE_LINES} lines or {@link
     * #SHORT_CONSOLE_BYTES} bytes; null when it is short enough to show (the text table and the
     * HTML page follow the same rule).
     */
    static String consoleNote(RunReport run) {
        byte[] console = run.console();
        long lines = run.consoleText().lines().count();
        if (console.length == 0) {
            return "empty";
        }
        if (lines <= SHORT_CONSOLE_LINES && console.length <= SHORT_CONSOLE_BYTES) {
            return null;
        }
        return String.format(Locale.ROOT, "%d bytes, %d lines (not shown: 'shadowvisor run' shows it)",
                console.length, lines);
    }
}
