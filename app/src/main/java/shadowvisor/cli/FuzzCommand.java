package shadowvisor.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import shadowvisor.fuzz.FuzzCampaign;
import shadowvisor.fuzz.FuzzGuest;
import shadowvisor.machine.analysis.Analysis;
import shadowvisor.machine.analysis.Analyzer;
import shadowvisor.machine.isa.Profile;
import shadowvisor.mode.ModeStack;

/**
 * {@code shadowvisor fuzz} (issue 13): random guests ({@link shadowvisor.fuzz.GuestGenerator}),
 * one per seed, run natively and in every mode and compared key by key; a difference is written
 * to {@code --out} with both reports and a minimized guest, and the command exits 1. Usage errors
 * (an empty seed range, a bad {@code --jobs}, an {@code --out} that cannot be written) are found
 * before any guest runs.
 */
@Command(name = "fuzz", sortOptions = false, mixinStandardHelpOptions = true,
        description = {"Differential testing: random guests, one per seed, run natively and in each mode and "
                + "compared key by key (spec 7.1). A difference is written to --out (the guest, both reports, "
                + "a minimized guest) and the exit status is 1. Progress goes to stderr when it is a terminal."},
        footer = {"", "Exit status: 0 no difference, 1 a difference, 2 usage error."})
final class FuzzCommand implements Callable<Integer> {
    /** Test seam: how a mode runs a guest (null: the project's runner). */
    static volatile FuzzCampaign.ModeRunner runnerForTests;

    private static final Pattern SEEDS = Pattern.compile("(-?\\d{1,18})(?:\\.\\.(-?\\d{1,18}))?");

    @ParentCommand
    private ShadowvisorCommand top;

    @Option(names = "--seeds", paramLabel = "A..B", defaultValue = "1..200",
            description = "The seeds, A to B inclusive (or one seed N). Default: 1..200.")
    private String seeds;

    @Option(names = "--modes", paramLabel = "M1,M2,...", hideParamSyntax = true, split = ",", converter = ModeName.class,
            defaultValue = "segment,hybrid,shadow-trace,shadow-vtlb",
            description = "The modes compared with native, comma-separated; a stack X/Y is one mode. "
                    + "Default: the four VMMs.")
    private List<ModeStack> modes;

    @Mixin
    private ProfileOption profile;

    @Option(names = "--jobs", paramLabel = "N", description = "Guests run at a time. Default: the number of cores.")
    private Integer jobs;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "fuzz-out",
            description = "Where differences and summary.txt are written. Default: fuzz-out.")
    private String out;

    @Override
    public Integer call() {
        long[] range = seedRange(seeds);
        int n = jobs == null ? Runtime.getRuntime().availableProcessors() : jobs;
        if (n < 1 || n > 256) {
            throw new UsageException("--jobs " + n + ": must be from 1 to 256");
        }
        List<ModeStack> compared = modes.stream().filter(ModeStack::virtualized).distinct().toList();
        if (compared.isEmpty()) {
            throw new UsageException("--modes " + String.join(",", modes.stream().map(ModeStack::cliName).toList())
                    + ": name at least one VMM to compare with native");
        }
        Path dir = outputDirectory(out);
        Profile p = profile.orDefault();
        Map<ModeStack, String> expected = new LinkedHashMap<>();
        if (!p.name().equals(Profile.PG.name())) {
            Analysis analysis = Analyzer.analyze(p);
            for (ModeStack m : compared) {
                ExpectedDifference d = ExpectedDifference.of(m, analysis);
                if (d != null) {
                    expected.put(m, d.text());
                }
            }
        }
        FuzzCampaign.ModeRunner runner = runnerForTests == null ? FuzzCampaign.RUNNER : runnerForTests;
        FuzzCampaign.Config config = new FuzzCampaign.Config(range[0], range[1], compared, p, n, expected::get, runner);

        PrintStream stdout = top.terminal().out();
        PrintStream err = top.terminal().err();
        String modeNames = String.join(",", compared.stream().map(ModeStack::cliName).toList());
        stdout.printf("fuzz: seeds %d..%d, modes native,%s, profile %s, %d job%s%n", range[0], range[1], modeNames,
                p.name(), n, n == 1 ? "" : "s");
        expected.forEach((m, why) -> stdout.println("# " + m.cliName() + " may differ on profile " + p.name() + ": " + why
                + " (not a finding)"));
        stdout.flush();
        Progress progress = TestCommand.interactive() ? new Progress(err, config.count()) : null;
        long[] differing = {0};
        FuzzCampaign.Summary summary = FuzzCampaign.run(config, g -> {
            if (g.differs()) {
                differing[0]++;
            }
            if (progress != null) {
                progress.finished(differing[0]);
            }
        });
        if (progress != null) {
            progress.clear();
        }
        StringBuilder report = new StringBuilder();
        report.append(summary.coverage().render());
        report.append(String.format("%,d guests, %,d runs in %.1f s: %.1f guests/s, %.1f runs/s%n", summary.guests(),
                summary.runs(), summary.nanos() / 1e9, summary.guestsPerSecond(), summary.runs() / (summary.nanos() / 1e9)));
        StringBuilder perMode = new StringBuilder("runs per second of host time, by mode:");
        summary.modeRuns().forEach((m, v) -> perMode.append(String.format(" %s %.0f", m, v[1] == 0 ? 0.0 : v[0] / (v[1] / 1e9))));
        report.append(perMode).append('\n');
        report.append(String.format("%d difference%s", summary.differing(), summary.differing() == 1 ? "" : "s"));
        if (summary.expected() > 0) {
            report.append(String.format(", %d expected by profile %s", summary.expected(), p.name()));
        }
        if (summary.refused() > 0) {
            report.append(String.format(", %d run%s refused by contract (paging guests under segment or hybrid)",
                    summary.refused(), summary.refused() == 1 ? "" : "s"));
        }
        report.append('\n');
        if (summary.differing() > 0) {
            List<FuzzCampaign.Finding> findings = FuzzCampaign.minimizeAll(summary.differingGuests(), config);
            for (FuzzCampaign.Finding f : findings) {
                FuzzGuest g = f.result().guest();
                try {
                    FuzzCampaign.write(f, dir);
                } catch (IOException e) {
                    throw new UsageException("--out " + dir + ": cannot write: " + e.getMessage());
                }
                report.append(String.format("seed %d: %s differs from native on %s%s -> %s (minimized from %d to %d "
                        + "step%s: %s)%n", g.seed(), f.outcome().mode().cliName(), String.join(", ", f.outcome().keys()),
                        f.outcome().error() == null ? "" : " (" + f.outcome().error() + ")",
                        dir.resolve("seed-" + g.seed() + ".s"), g.steps().size(), f.minimized().steps().size(),
                        f.minimized().steps().size() == 1 ? "" : "s", dir.resolve("seed-" + g.seed() + ".min.s")));
                report.append("  replay: ").append(g.runCommand(dir.resolve("seed-" + g.seed() + ".s").toString(),
                        f.outcome().mode().cliName())).append('\n');
            }
            for (FuzzCampaign.GuestResult g : summary.differingGuests().subList(findings.size(),
                    summary.differingGuests().size())) {
                report.append(String.format("seed %d: differs (not written: only the first %d are)%n", g.guest().seed(),
                        FuzzCampaign.MAX_WRITTEN));
            }
        }
        stdout.print(report);
        stdout.flush();
        try {
            Files.writeString(dir.resolve("summary.txt"), String.format("fuzz: seeds %d..%d, modes native,%s, profile %s, "
                    + "%d job%s%n", range[0], range[1], modeNames, p.name(), n, n == 1 ? "" : "s") + report,
                    StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UsageException("--out " + dir + ": cannot write summary.txt: " + e.getMessage());
        }
        return summary.differing() == 0 ? 0 : 1;
    }

    /** {@code A..B} or {@code N}, A at most B. */
    static long[] seedRange(String text) {
        Matcher m = SEEDS.matcher(text);
        if (!m.matches()) {
            throw new UsageException("--seeds " + text + ": expected A..B (e.g. 1..500) or one seed N");
        }
        long a = Long.parseLong(m.group(1));
        long b = m.group(2) == null ? a : Long.parseLong(m.group(2));
        if (b < a) {
            throw new UsageException("--seeds " + text + ": the range is empty (" + a + " is after " + b + ")");
        }
        if (b - a >= 100_000_000L) {
            throw new UsageException("--seeds " + text + ": more than 100,000,000 seeds in one campaign");
        }
        return new long[] {a, b};
    }

    /** {@code --out}, created if missing and checked writable (a file made and removed) before any guest runs. */
    static Path outputDirectory(String value) {
        Path dir;
        try {
            dir = Path.of(value);
        } catch (InvalidPathException e) {
            throw new UsageException("--out " + value + ": not a directory name");
        }
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new UsageException("--out " + value + ": exists and is not a directory");
        }
        try {
            Files.createDirectories(dir);
            Path probe = Files.createTempFile(dir, ".fuzz-probe", ".tmp");
            Files.delete(probe);
        } catch (IOException | SecurityException | UnsupportedOperationException e) {
            throw new UsageException("--out " + value + ": cannot write there ("
                    + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getClass().getSimpleName() + ": "
                    + e.getMessage()) + ")");
        }
        return dir;
    }

    /** The progress bar on stderr, rewritten in place, erased at the end. */
    private static final class Progress {
        private static final String ERASE = "\r\u001b[K";
        private final PrintStream err;
        private final long total;
        private final long start = System.nanoTime();
        private long done;
        private long shownAt;

        Progress(PrintStream err, long total) {
            this.err = err;
            this.total = total;
        }

        void finished(long differences) {
            done++;
            long now = System.nanoTime();
            if (done < total && now - shownAt < 100_000_000L) {
                return;
            }
            shownAt = now;
            int width = 30;
            int filled = (int) (width * done / total);
            double rate = done / ((now - start) / 1e9);
            err.print(ERASE + "fuzz [" + "#".repeat(filled) + ".".repeat(width - filled) + "] " + done + "/" + total
                    + String.format(" guests, %.1f/s, ", rate) + differences + " difference" + (differences == 1 ? "" : "s"));
            err.flush();
        }

        void clear() {
            err.print(ERASE);
            err.flush();
        }
    }
}
