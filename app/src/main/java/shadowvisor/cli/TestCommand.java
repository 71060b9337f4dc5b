package shadowvisor.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import shadowvisor.mode.ModeStack;
import shadowvisor.suite.JUnitXmlWriter;
import shadowvisor.suite.SuiteCase;
import shadowvisor.suite.SuiteOptions;
import shadowvisor.suite.SuiteOutcome;
import shadowvisor.suite.SuiteRunner;
import shadowvisor.suite.TapWriter;
import shadowvisor.suite.UserTests;
import shadowvisor.suite.access.AccessGroup;
import shadowvisor.suite.access.AccessOutcome;
import shadowvisor.suite.access.AccessSuite;

/**
 * {@code shadowvisor test} (spec section 9): runs the kernel-style guest test suites of the
 * test-suites module in each mode and prints TAP on stdout. The work is
 * {@link SuiteRunner}'s (the same runner the JUnit build drives): each test in each selected
 * mode it is listed for, each VMM run checked against the native run of the same test, failing
 * checks and differing keys named on {@code #} lines under {@code not ok}. This command only
 * turns options into {@link SuiteOptions}, prints the TAP with {@link TapWriter}, and, when a
 * person is watching a terminal, a progress line on stderr ({@link SuiteProgress}).
 *
 * <p>{@code --modes} takes stacks of VMMs too ({@code segment/segment}, spec 7.6): a test runs
 * under a stack when its manifest lists every level's kind, and is judged as under the innermost
 * kind ({@link shadowvisor.suite.SuiteTest}). {@code --profile} runs every test on one profile
 * instead of its own (a difference the manifest expects on its own profile is then not
 * expected), {@code --load} places a program beside every test's boot image (spec 1.2).
 *
 * <p>After the manifest's cases come the groups of the access permutation suite
 * ({@link AccessSuite}, docs/ACCESS-SUITE.md): one TAP line per paging mode, access kind and
 * CPU mode, named {@code access-KIND-CPUMODE} for {@code --filter} and {@code --list}; not with
 * PATHs.
 *
 * <p>Exit status 0 when no case is {@code not ok} (skipped cases do not fail), 1 otherwise, 2
 * for a usage error, including a {@code --filter} that selects nothing.
 */
@Command(name = "test", sortOptions = false, description = {
        "Run the guest test suites in each mode, as TAP on stdout.",
        "One TAP line per test and mode, failing checks and keys that differ from native named on '#' "
                + "lines. Progress goes to stderr when it is a terminal."},
        footer = {"", "Exit status: 0 when every case is ok or skipped, 1 when one is not ok, 2 for a",
                "usage error (a --filter that selects no test, for one)."})
final class TestCommand implements Callable<Integer> {
    @ParentCommand
    private ShadowvisorCommand top;

    @Option(names = "--modes", paramLabel = "M1,M2,...", hideParamSyntax = true, split = ",", converter = ModeName.class,
            defaultValue = "native,segment,hybrid,shadow-trace,shadow-vtlb",
            description = "The modes to run the suites in, comma-separated; a stack of VMMs X/Y[/Z...] is one mode "
                    + "(e.g. segment/segment). Default: all five (native and the four VMMs).")
    private List<ModeStack> modes;

    @Mixin
    private ProfileOption profile;

    @Option(names = "--load", paramLabel = "ADDR=PROGRAM", converter = LoadOption.Converter.class,
            description = "Load a second program beside each test's boot image (as 'run --load' does): its word a "
                    + "at ADDR + a; at boot r2 = ADDR and r3 = its entry.")
    private LoadOption load;

    @Option(names = "--filter", paramLabel = "GLOB", defaultValue = "*",
            description = "Only the tests whose names match GLOB (*, ?, [..], {a,b}). Default: every test.")
    private String filter;

    @Option(names = "--jobs", paramLabel = "N",
            description = "Runs at a time. Default: the number of cores.")
    private Integer jobs;

    @Option(names = "--list", description = "Print the selected cases, one per line, instead of running them.")
    private boolean list;

    @Option(names = "--junit", paramLabel = "FILE",
            description = "Also write the results as JUnit XML (Ant/Surefire format) to FILE, for CI systems; the TAP "
                    + "stays on stdout.")
    private Path junit;

    @Parameters(paramLabel = "PATH", arity = "0..*",
            description = "Run these test files instead of the bundled suites: .s files whose header comment holds "
                    + "their manifest entry ('; test: mem=32K modes=native,segment ...'), or folders of them (the .s "
                    + "files directly inside, sorted by name).")
    private List<Path> paths;

    @Override
    public Integer call() {
        SuiteOptions options = options();
        OutputTarget junitTarget = junitTarget();
        SuiteRunner runner = runner();
        List<SuiteCase> plan = runner.plan(options);
        // The access permutation suite (shadowvisor.suite.access) runs beside the bundled suites.
        List<AccessGroup> accessPlan = paths == null || paths.isEmpty() ? AccessSuite.plan(options) : List.of();
        if (plan.isEmpty() && accessPlan.isEmpty()) {
            throw new UsageException("--filter " + filter + ": selects no test in modes "
                    + String.join(",", options.modes().stream().map(ModeStack::cliName).toList())
                    + " (see 'shadowvisor test --list')");
        }
        PrintStream out = top.terminal().out();
        if (list) {
            plan.forEach(c -> out.println(c));
            accessPlan.forEach(g -> out.println(g.testName() + " [" + g.mode().cliName() + "]"));
            out.flush();
            return 0;
        }
        SuiteProgress progress = interactive() ? new SuiteProgress(top.terminal().err(), plan.size() + accessPlan.size()) : null;
        TapWriter tap = new TapWriter(out);
        tap.plan(plan.size() + accessPlan.size());
        if (options.profile() != null) {
            out.println("# every test on profile " + options.profile().name() + " (--profile)");
        }
        if (load != null) {
            out.println("# --load " + load.text() + " beside every test's boot image");
        }
        out.flush();
        int[] notOk = {0};
        List<SuiteOutcome> outcomes = runner.run(options, o -> {
            boolean failed = o.status() == SuiteOutcome.Status.NOT_OK;
            notOk[0] += failed ? 1 : 0;
            if (progress != null) {
                progress.clear();
            }
            tap.result(o);
            if (progress != null) {
                progress.finished(o.suiteCase().toString(), failed, notOk[0]);
            }
        });
        List<AccessOutcome> accessOutcomes = new AccessSuite().run(accessPlan, options.jobs(), o -> {
            boolean failed = o.status() == SuiteOutcome.Status.NOT_OK;
            notOk[0] += failed ? 1 : 0;
            if (progress != null) {
                progress.clear();
            }
            tap.result(o.group().title(), o.status(), o.diagnostics());
            if (progress != null) {
                progress.finished(o.group().title(), failed, notOk[0]);
            }
        });
        if (progress != null) {
            progress.clear();
        }
        totals(tap, outcomes, accessOutcomes);
        if (junitTarget != null) {
            List<JUnitXmlWriter.Case> cases = new java.util.ArrayList<>(outcomes.stream().map(JUnitXmlWriter.Case::of)
                    .toList());
            // The access suite's groups after the manifest's cases, as in the TAP: one suite of cases.
            accessOutcomes.forEach(o -> cases.add(new JUnitXmlWriter.Case("access", "access permutation suite",
                    o.group().title(), o.status(), o.diagnostics(), 0)));
            junitTarget.write(out, JUnitXmlWriter.casesToXml(cases));
        }
        return notOk[0] == 0 ? 0 : 1;
    }

    /**
     * Whether a person is watching: the JVM has a console (before JDK 22, only when stdin and
     * stdout are a terminal) and, on JDKs that can say so, it is a terminal (JDK 22 may give a
     * console to redirected streams). Reflection, because the code is compiled for Java 17.
     */
    /**
     * Whether standard error, where progress goes, is a terminal. The launcher says so in
     * {@code SHADOWVISOR_STDERR_TTY} (from {@code [ -t 2 ]}); without it, Linux tells through
     * {@code /proc/self/fd/2}. {@link System#console()} would not do: it looks at standard input
     * and output, so {@code test > out.tap} would lose its progress and {@code test 2> log} would
     * fill the log with escape codes.
     */
    static boolean interactive() {
        String told = System.getenv("SHADOWVISOR_STDERR_TTY");
        if (told != null) {
            return told.equals("1");
        }
        try {
            String target = Files.readSymbolicLink(Path.of("/proc/self/fd/2")).toString();
            return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return false; // no way to tell: plain output is the safe choice
        }
    }

    /**
     * The suites to run: the user's test files (PATH...), their headers read and checked before
     * anything runs (a bad one is a usage error naming FILE:LINE), else the bundled ones.
     */
    private SuiteRunner runner() {
        if (paths == null || paths.isEmpty()) {
            return SuiteRunner.bundled();
        }
        try {
            return UserTests.runner(paths);
        } catch (UserTests.BadTestException e) {
            throw new UsageException(e.getMessage());
        }
    }

    /**
     * The {@code --junit} target, checked before anything runs. <b>Choice</b>: {@code -} is
     * refused: stdout carries the TAP, and the two would mix.
     */
    private OutputTarget junitTarget() {
        OutputTarget t = OutputTarget.of("--junit", junit);
        if (t != null && t.stdout()) {
            throw new UsageException("--junit -: stdout carries the TAP; give the JUnit XML a FILE");
        }
        OutputTarget.check(t);
        return t;
    }

    /** The closing TAP comment, counting the manifest cases and the access suite's groups together. */
    private static void totals(TapWriter tap, List<SuiteOutcome> outcomes, List<AccessOutcome> accessOutcomes) {
        int[] counts = new int[SuiteOutcome.Status.values().length];
        outcomes.forEach(o -> counts[o.status().ordinal()]++);
        accessOutcomes.forEach(o -> counts[o.status().ordinal()]++);
        tap.totals(counts[SuiteOutcome.Status.OK.ordinal()], counts[SuiteOutcome.Status.NOT_OK.ordinal()],
                counts[SuiteOutcome.Status.SKIPPED.ordinal()]);
    }

    private SuiteOptions options() {
        int n = jobs == null ? Runtime.getRuntime().availableProcessors() : jobs;
        if (n < 1 || n > 256) {
            throw new UsageException("--jobs " + n + ": must be from 1 to 256");
        }
        try {
            return SuiteOptions.DEFAULTS.withModes(modes).withFilter(filter).withJobs(n)
                    .withProfile(profile.given())
                    .withLoad(load == null ? null : load.read());
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }
}
