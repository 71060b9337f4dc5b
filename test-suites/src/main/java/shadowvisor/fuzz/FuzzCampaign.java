package shadowvisor.fuzz;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import java.util.function.Function;
import shadowvisor.machine.ExitKind;
import shadowvisor.machine.image.Image;
import shadowvisor.machine.isa.Profile;
import shadowvisor.mode.ModeStack;
import shadowvisor.run.ReportJson;
import shadowvisor.run.RunOptions;
import shadowvisor.result.RunReport;
import shadowvisor.run.Runner;

/**
 * The campaign of {@code shadowvisor fuzz} (issue 13): each seed's guest ({@link GuestGenerator})
 * run natively and in every mode, compared key by key ({@link RunReport#differences}); the
 * differing ones minimized ({@link Ddmin} over the guest's steps) and written out. Guests run on
 * a pool of {@code jobs} threads, each run independent of the others; results come back in seed
 * order, so that the output, the statistics and the findings do not depend on {@code jobs}.
 */
public final class FuzzCampaign {
    /** The most findings minimized and written; the others are counted and listed. */
    public static final int MAX_WRITTEN = 10;

    /** How a mode runs a guest: {@link #RUNNER} in the tool, a broken double in tests. */
    @FunctionalInterface
    public interface ModeRunner {
        RunReport run(Image image, RunOptions options);
    }

    /** The project's runner. */
    public static final ModeRunner RUNNER = (image, o) -> Runner.run(List.of(image), o).get(0);

    /**
     * A campaign.
     *
     * @param first    the first seed
     * @param last     the last seed (inclusive)
     * @param modes    the modes each guest runs in besides native
     * @param profile  the machine's profile
     * @param jobs     guests run at a time
     * @param expected for a mode, why the profile makes a difference expected (then it is not a
     *                 finding), or null
     * @param runner   how a mode runs a guest
     */
    public record Config(long first, long last, List<ModeStack> modes, Profile profile, int jobs,
                         Function<ModeStack, String> expected, ModeRunner runner) {
        public Config {
            modes = List.copyOf(modes);
            if (last < first) {
                throw new IllegalArgumentException("empty seed range " + first + ".." + last);
            }
            if (jobs < 1) {
                throw new IllegalArgumentException("jobs must be at least 1");
            }
        }

        /** Every mode's difference is a finding, and modes run as the project runs them. */
        public static Config of(long first, long last, List<ModeStack> modes, int jobs) {
            return new Config(first, last, modes, Profile.PG, jobs, m -> null, RUNNER);
        }

        public Config withRunner(ModeRunner r) {
            return new Config(first, last, modes, profile, jobs, expected, r);
        }

        public long count() {
            return last - first + 1;
        }
    }

    /** What a mode did with a guest. */
    public enum Status { SAME, DIFFERS, EXPECTED, REFUSED }

    /**
     * One mode's outcome.
     *
     * @param keys   the keys that differ from native (empty when the same or refused);
     *               {@code exception} when the host threw
     * @param report the mode's report, or null when refused before running or when it threw
     * @param error  the host's exception, or null
     * @param nanos  host time of the run
     */
    public record ModeOutcome(ModeStack mode, Status status, List<String> keys, RunReport report, String error,
                              long nanos) {
    }

    /** One guest: its native report, each mode's outcome, and its coverage. */
    public record GuestResult(FuzzGuest guest, RunReport nativeReport, List<ModeOutcome> outcomes, Coverage coverage,
                              long nativeNanos) {
        public boolean differs() {
            return outcomes.stream().anyMatch(o -> o.status() == Status.DIFFERS);
        }

        /** Runs made: native and every mode that ran. */
        public int runs() {
            return 1 + (int) outcomes.stream().filter(o -> o.status() != Status.REFUSED || o.report() != null).count();
        }
    }

    /** A difference, and the smallest guest that still differs in the same way. */
    public record Finding(GuestResult result, ModeOutcome outcome, FuzzGuest minimized, RunReport minimizedNative,
                          RunReport minimizedMode) {
    }

    /** A finished campaign. */
    public record Summary(long guests, long runs, long differing, long expected, long refused, Coverage coverage,
                          List<GuestResult> differingGuests, Map<String, long[]> modeRuns, long nanos) {
        public double guestsPerSecond() {
            return guests / (nanos / 1e9);
        }
    }

    private FuzzCampaign() {
    }

    private static RunOptions options(FuzzGuest g, ModeStack mode, Profile profile) {
        return RunOptions.defaults(mode).withProfile(profile).withMem(g.memWords()).withLimit(g.limit())
                .withInput(g.inputBytes());
    }

    /** The guest of {@code seed} run natively and in every mode of {@code c}. */
    public static GuestResult runGuest(long seed, Config c) {
        return runGuest(GuestGenerator.generate(seed), c, true);
    }

    static GuestResult runGuest(FuzzGuest g, Config c, boolean count) {
        Image image = g.image();
        Coverage cov = new Coverage();
        if (count) {
            cov.count("guests", "all");
            cov.count("guests", g.paging() ? "paging" : "segments only");
            cov.count("guests", g.input().isEmpty() ? "no console input" : "console input");
            g.kinds().forEach(k -> cov.count("steps", k));
        }
        RunOptions nativeOptions = options(g, ModeStack.NATIVE, c.profile());
        if (count) {
            nativeOptions = nativeOptions.withTrace(cov.trace());
        }
        long t0 = System.nanoTime();
        RunReport nat = Runner.run(List.of(image), nativeOptions).get(0);
        long nativeNanos = System.nanoTime() - t0;
        if (count) {
            cov.count("native exits", nat.exitKind().jsonName());
            if (nat.exitKind() == ExitKind.SHUTDOWN && nat.reason() != null && nat.reason().startsWith("double fault")) {
                cov.count("native exits", "shutdown by double fault");
            }
        }
        List<ModeOutcome> outcomes = new ArrayList<>();
        for (ModeStack mode : c.modes()) {
            outcomes.add(runMode(g, image, nat, mode, c));
        }
        return new GuestResult(g, nat, outcomes, cov, nativeNanos);
    }

    private static ModeOutcome runMode(FuzzGuest g, Image image, RunReport nat, ModeStack mode, Config c) {
        if (g.paging() && !mode.supportsGuestPaging()) {
            return new ModeOutcome(mode, Status.REFUSED, List.of(), null, null, 0);
        }
        long t0 = System.nanoTime();
        RunReport r;
        try {
            r = c.runner().run(image, options(g, mode, c.profile()));
        } catch (RuntimeException | StackOverflowError e) {
            return new ModeOutcome(mode, Status.DIFFERS, List.of("exception"), null, e.toString(),
                    System.nanoTime() - t0);
        }
        long nanos = System.nanoTime() - t0;
        List<String> keys = nat.differences(r);
        if (keys.isEmpty()) {
            return new ModeOutcome(mode, Status.SAME, keys, r, null, nanos);
        }
        if (!mode.supportsGuestPaging() && r.exitKind() == ExitKind.SHUTDOWN && r.reason() != null
                && r.reason().contains("paging on")) {
            return new ModeOutcome(mode, Status.REFUSED, List.of(), r, null, nanos);
        }
        if (c.expected().apply(mode) != null) {
            return new ModeOutcome(mode, Status.EXPECTED, keys, r, null, nanos);
        }
        return new ModeOutcome(mode, Status.DIFFERS, keys, r, null, nanos);
    }

    /**
     * Runs the campaign; {@code each} hears every guest's result in seed order, as soon as it and
     * every guest before it are done.
     */
    public static Summary run(Config c, Consumer<GuestResult> each) {
        long t0 = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(c.jobs(), r -> {
            Thread t = new Thread(r, "fuzz");
            t.setDaemon(true);
            return t;
        });
        Coverage total = new Coverage();
        List<GuestResult> differing = new ArrayList<>();
        Map<String, long[]> modeRuns = new LinkedHashMap<>();
        modeRuns.put("native", new long[2]);
        c.modes().forEach(m -> modeRuns.put(m.cliName(), new long[2]));
        long runs = 0, expected = 0, refused = 0;
        try {
            // A window of queued guests bounds memory on long campaigns.
            int window = Math.max(4 * c.jobs(), 16);
            List<Future<GuestResult>> queue = new ArrayList<>();
            long nextSeed = c.first();
            for (long done = 0; done < c.count(); done++) {
                while (queue.size() < window && nextSeed <= c.last()) {
                    long seed = nextSeed++;
                    queue.add(pool.submit(() -> runGuest(seed, c)));
                }
                GuestResult g = get(queue.remove(0));
                total.add(g.coverage());
                runs += g.runs();
                modeRuns.get("native")[0]++;
                modeRuns.get("native")[1] += g.nativeNanos();
                for (ModeOutcome o : g.outcomes()) {
                    if (o.status() == Status.EXPECTED) {
                        expected++;
                    } else if (o.status() == Status.REFUSED) {
                        refused++;
                    }
                    if (o.report() != null || o.status() == Status.DIFFERS) {
                        long[] m = modeRuns.get(o.mode().cliName());
                        m[0]++;
                        m[1] += o.nanos();
                    }
                }
                if (g.differs()) {
                    differing.add(g);
                }
                each.accept(g);
            }
        } finally {
            pool.shutdownNow();
        }
        return new Summary(c.count(), runs, differing.size(), expected, refused, total, differing, modeRuns,
                System.nanoTime() - t0);
    }

    private static <T> T get(Future<T> f) {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    /**
     * The smallest guest (by ddmin over its steps) on which {@code outcome}'s mode still differs
     * from native on the same keys.
     */
    public static Finding minimize(GuestResult result, ModeOutcome outcome, Config c) {
        FuzzGuest g = result.guest();
        Config one = new Config(c.first(), c.last(), List.of(outcome.mode()), c.profile(), 1, c.expected(), c.runner());
        List<Integer> all = new ArrayList<>();
        for (int i = 0; i < g.steps().size(); i++) {
            all.add(i);
        }
        List<Integer> kept = Ddmin.minimize(all, idx -> {
            GuestResult r = runGuest(g.withSteps(idx), one, false);
            ModeOutcome o = r.outcomes().get(0);
            return o.status() == Status.DIFFERS && o.keys().equals(outcome.keys());
        });
        FuzzGuest min = g.withSteps(kept);
        GuestResult r = runGuest(min, one, false);
        return new Finding(result, outcome, min, r.nativeReport(), r.outcomes().get(0).report());
    }

    /** Minimizes the first {@link #MAX_WRITTEN} differing guests, {@code jobs} at a time, in seed order. */
    public static List<Finding> minimizeAll(List<GuestResult> differing, Config c) {
        ExecutorService pool = Executors.newFixedThreadPool(c.jobs(), r -> {
            Thread t = new Thread(r, "fuzz-min");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<Finding>> fs = new ArrayList<>();
            for (GuestResult g : differing.subList(0, Math.min(MAX_WRITTEN, differing.size()))) {
                ModeOutcome o = g.outcomes().stream().filter(x -> x.status() == Status.DIFFERS).findFirst().orElseThrow();
                fs.add(pool.submit(() -> minimize(g, o, c)));
            }
            List<Finding> out = new ArrayList<>();
            for (Future<Finding> f : fs) {
                out.add(get(f));
            }
            return out;
        } finally {
            pool.shutdownNow();
        }
    }

    /** A mode's name as part of a file name: {@code segment/segment} is {@code segment+segment}. */
    public static String fileName(ModeStack mode) {
        return mode.cliName().replace('/', '+');
    }

    /**
     * Writes a finding to {@code dir}: {@code seed-N.s} (the guest, which reassembles to the image
     * that differed), {@code seed-N.native.json} and {@code seed-N.MODE.json} (both reports),
     * {@code seed-N.min.s} and the minimized guest's two reports. Returns the files written.
     */
    public static List<Path> write(Finding f, Path dir) throws IOException {
        FuzzGuest g = f.result().guest();
        String mode = f.outcome().mode().cliName();
        String base = "seed-" + g.seed();
        List<Path> files = new ArrayList<>();
        files.add(source(dir.resolve(base + ".s"), g, mode, f.outcome()));
        files.add(report(dir.resolve(base + ".native.json"), f.result().nativeReport()));
        if (f.outcome().report() != null) {
            files.add(report(dir.resolve(base + "." + fileName(f.outcome().mode()) + ".json"), f.outcome().report()));
        }
        files.add(source(dir.resolve(base + ".min.s"), f.minimized(), mode, f.outcome()));
        if (f.minimizedNative() != null) {
            files.add(report(dir.resolve(base + ".min.native.json"), f.minimizedNative()));
        }
        if (f.minimizedMode() != null) {
            files.add(report(dir.resolve(base + ".min." + fileName(f.outcome().mode()) + ".json"), f.minimizedMode()));
        }
        return files;
    }

    private static Path source(Path file, FuzzGuest g, String mode, ModeOutcome o) throws IOException {
        String name = file.getFileName().toString();
        String text = "; " + mode + " differs from native on " + String.join(", ", o.keys())
                + (o.error() == null ? "" : " (" + o.error() + ")") + "\n"
                + "; replay: " + g.runCommand(name, mode) + "\n"
                + ";    and: " + g.runCommand(name, "native") + "\n"
                + "; " + g.steps().size() + " step(s)\n"
                + g.source();
        Files.writeString(file, text, StandardCharsets.UTF_8);
        return file;
    }

    private static Path report(Path file, RunReport r) throws IOException {
        ReportJson.write(List.of(r), file);
        return file;
    }
}
