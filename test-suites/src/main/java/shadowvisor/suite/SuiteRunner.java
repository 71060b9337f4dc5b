package shadowvisor.suite;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import shadowvisor.machine.image.Image;
import shadowvisor.machine.image.Load;
import shadowvisor.machine.isa.Profile;
import shadowvisor.mode.ModeStack;
import shadowvisor.run.RunOptions;
import shadowvisor.result.RunReport;
import shadowvisor.run.Runner;

/**
 * Runs the guest test suites of a {@link Manifest}: each selected test in each selected mode
 * it is listed for, each VMM run judged against the native run of the same test (the oracle of
 * spec section 7.1), as kvm-unit-tests' runner does for its guests. This is the library behind
 * {@code shadowvisor test}; the command only parses its options into {@link SuiteOptions}.
 *
 * <p>Each test is assembled once and run natively once, whichever case needs it first. With
 * {@code jobs > 1} the cases run on a fixed-size pool, and results are still handed out in plan
 * order. A run that exceeds the timeout is reported as not ok and its thread abandoned (a CPU
 * loop cannot be interrupted); the pool gets a worker in its place, so one stuck VMM costs one
 * thread and one timeout, never the whole matrix.
 *
 * <p>A test runs on its profile ({@link #profileOf}) in every mode, unless the options name one
 * for every test ({@code test --profile}); the options' {@code --load} goes beside every test's
 * boot image, natively and in every mode. Where its manifest entry expects a difference from
 * native (a profile that breaks Theorem 1, spec section 8), a run that differs is {@code ok},
 * with the reason and what differed on {@code #} lines ({@link SuiteOutcome#judge}); the entry
 * speaks of the test's own profile, so on another profile nothing is expected to differ.
 *
 * <p>The mode dispatch is in one place, {@link #runIn}: every mode goes through
 * {@link Runner#run}, and a mode it reports as "not available yet" makes its cases skipped,
 * so the matrix grows by itself as the VMMs land.
 */
public final class SuiteRunner {
    private final Manifest manifest;
    private final SuiteSources sources;
    private final ConcurrentHashMap<String, FutureTask<Image>> images = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<Setup, FutureTask<RunReport>> nativeRuns = new ConcurrentHashMap<>();

    /**
     * How the options set up the runs of one test: its name, and the profile and load that
     * replace its own (null: none). The native run is shared by the cases of one setup.
     */
    private record Setup(String test, Profile profile, Load load) {
        static Setup of(SuiteTest test, SuiteOptions options) {
            return new Setup(test.name(), options.profile(), options.load());
        }
    }

    public SuiteRunner(Manifest manifest, SuiteSources sources) {
        this.manifest = manifest;
        this.sources = sources;
    }

    /** The suites bundled on the classpath. */
    public static SuiteRunner bundled() {
        Manifest m = Manifest.load();
        return new SuiteRunner(m, SuiteSources.fromClasspath(m));
    }

    public Manifest manifest() {
        return manifest;
    }

    /**
     * The cases {@code options} select, in order: tests in manifest order, and for each the
     * selected modes (in the order given) that its manifest entry lists, to pass or to refuse.
     */
    public List<SuiteCase> plan(SuiteOptions options) {
        List<SuiteCase> cases = new ArrayList<>();
        for (SuiteTest t : manifest.tests()) {
            if (!options.selects(t.name())) {
                continue;
            }
            for (ModeStack m : options.modes()) {
                if (t.listedFor(m)) {
                    cases.add(new SuiteCase(t, m));
                }
            }
        }
        return cases;
    }

    /**
     * Runs the selected cases and prints TAP version 13 on {@code out} as results arrive (in
     * plan order), then a totals comment.
     *
     * @return the exit status for {@code shadowvisor test}: 0 when no case is not ok, else 1
     */
    public int runTap(SuiteOptions options, PrintStream out) {
        TapWriter tap = new TapWriter(out);
        tap.plan(plan(options).size());
        List<SuiteOutcome> outcomes = run(options, tap::result);
        tap.totals(outcomes);
        for (SuiteOutcome o : outcomes) {
            if (o.status() == SuiteOutcome.Status.NOT_OK) {
                return 1;
            }
        }
        return 0;
    }

    /**
     * Runs the selected cases, {@code options.jobs()} at a time, handing each outcome to
     * {@code onEach} (may be null) in plan order.
     */
    public List<SuiteOutcome> run(SuiteOptions options, Consumer<SuiteOutcome> onEach) {
        List<SuiteCase> plan = plan(options);
        ThreadPoolExecutor pool = new ThreadPoolExecutor(options.jobs(), options.jobs(), 0L, TimeUnit.MILLISECONDS,
                new LinkedBlockingQueue<>(), daemonThreads());
        try {
            List<CaseTask> tasks = new ArrayList<>();
            for (SuiteCase c : plan) {
                CaseTask t = new CaseTask(c, Setup.of(c.test(), options));
                tasks.add(t);
                pool.execute(t);
            }
            List<SuiteOutcome> outcomes = new ArrayList<>();
            for (CaseTask t : tasks) {
                SuiteOutcome o = await(t, options.timeout(), () -> replaceWorker(pool));
                outcomes.add(o);
                if (onEach != null) {
                    onEach.accept(o);
                }
            }
            return outcomes;
        } finally {
            pool.shutdownNow();
        }
    }

    /** Runs one case on a thread of its own, giving up after {@code timeout}. */
    public SuiteOutcome run(SuiteCase c, Duration timeout) {
        CaseTask t = new CaseTask(c, Setup.of(c.test(), SuiteOptions.DEFAULTS));
        Thread thread = daemonThreads().newThread(t);
        thread.start();
        return await(t, timeout, () -> { });
    }

    /** Runs one case on the calling thread, with no timeout. */
    public SuiteOutcome run(SuiteCase c) {
        return outcomeOf(c, Setup.of(c.test(), SuiteOptions.DEFAULTS));
    }

    /**
     * The one place where a mode becomes a run: {@link Runner#run} with one image.
     *
     * @throws ModeUnavailableException when the runner reports the mode as not available yet
     */
    public static RunReport runIn(Image image, RunOptions options) {
        try {
            return Runner.run(List.of(image), options).get(0);
        } catch (IllegalArgumentException e) {
            if (e.getMessage() != null && e.getMessage().contains("not available yet")) {
                throw new ModeUnavailableException(e.getMessage());
            }
            throw e;
        }
    }

    /**
     * How {@code test}, assembled as {@code image}, runs in {@code mode}: its profile, memory,
     * input and instruction limit, nothing live, nothing loaded.
     */
    public static RunOptions options(SuiteTest test, Image image, ModeStack mode) {
        return RunOptions.defaults(mode).withProfile(profileOf(test, image)).withMem(test.memWords())
                .withInput(test.inputBytes()).withLimit(test.maxInstructions());
    }

    /** {@link #options(SuiteTest, Image, ModeStack)} as {@code setup} changes it: another profile, a load. */
    private static RunOptions options(SuiteTest test, Image image, ModeStack mode, Setup setup) {
        RunOptions o = options(test, image, mode).withLoad(setup.load());
        return setup.profile() == null ? o : o.withProfile(setup.profile());
    }

    /**
     * The profile {@code test} runs on in every mode: the manifest's, else the one its source's
     * {@code .profile} names, else {@code pg} (as {@code run} decides without {@code --profile}).
     */
    public static Profile profileOf(SuiteTest test, Image image) {
        if (test.profile() != null) {
            return test.profile();
        }
        Profile declared = image.profile() == null ? null : Profile.builtIn(image.profile());
        return declared == null ? Profile.PG : declared;
    }

    // ---------------------------------------------------------------------------------------
    // One case.

    /** Never throws: every problem becomes the case's verdict. */
    private SuiteOutcome outcomeOf(SuiteCase c, Setup setup) {
        SuiteTest test = c.test();
        try {
            Image image = memo(images, test.name(), () -> sources.assemble(test));
            if (!c.mode().virtualized()) {
                return SuiteOutcome.judge(c, nativeRun(test, image, setup), null);
            }
            RunReport nativeRun = c.expectsRefusal() ? null : nativeRun(test, image, setup);
            RunReport run = runIn(image, options(test, image, c.mode(), setup));
            // The manifest's expected difference speaks of the test's own profile.
            boolean ownProfile = setup.profile() == null || setup.profile() == profileOf(test, image);
            return SuiteOutcome.judge(c, run, nativeRun, ownProfile ? c.expectedDifference() : null);
        } catch (ModeUnavailableException e) {
            return SuiteOutcome.skipped(c, e.getMessage());
        } catch (SuiteSources.SuiteSourceException e) {
            return SuiteOutcome.broken(c, e.getMessage());
        } catch (IllegalArgumentException e) {
            // The runner's one-line usage error: a --load that does not fit this test's memory, say.
            return SuiteOutcome.broken(c, "cannot run: " + e.getMessage());
        } catch (RuntimeException | StackOverflowError e) {
            StackTraceElement[] at = e.getStackTrace();
            return SuiteOutcome.broken(c, "the run failed: " + e + (at.length > 0 ? " at " + at[0] : ""));
        }
    }

    private RunReport nativeRun(SuiteTest test, Image image, Setup setup) {
        return memo(nativeRuns, setup, () -> runIn(image, options(test, image, ModeStack.NATIVE, setup)));
    }

    /**
     * The value for {@code key}, computed by the first caller on its own thread; later callers
     * wait for it. (Computing on the caller's thread, not on the pool, is what keeps a pool of
     * one from deadlocking on its own queue.)
     */
    private static <K, V> V memo(ConcurrentHashMap<K, FutureTask<V>> map, K key, Callable<V> compute) {
        FutureTask<V> mine = new FutureTask<>(compute);
        FutureTask<V> task = map.putIfAbsent(key, mine);
        if (task == null) {
            task = mine;
            task.run();
        }
        try {
            return task.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for " + key, e);
        }
    }

    // ---------------------------------------------------------------------------------------
    // Timeouts.

    /**
     * A case as a task that remembers when it started, so that a timeout counts from there, and
     * how long it took, so that a run that ended but took longer than the timeout is judged the
     * same as one still running (the verdict must not depend on when the collector looked).
     */
    private final class CaseTask extends FutureTask<SuiteOutcome> {
        private final SuiteCase suiteCase;
        private final AtomicLong took;
        private volatile long startedAt;

        CaseTask(SuiteCase c, Setup setup) {
            this(c, setup, new AtomicLong(-1));
        }

        private CaseTask(SuiteCase c, Setup setup, AtomicLong took) {
            super(() -> {
                long t0 = System.nanoTime();
                SuiteOutcome o = outcomeOf(c, setup);
                took.set(System.nanoTime() - t0);
                return o;
            });
            this.suiteCase = c;
            this.took = took;
        }

        @Override
        public void run() {
            startedAt = System.nanoTime();
            super.run();
        }
    }

    private static SuiteOutcome await(CaseTask t, Duration timeout, Runnable onAbandon) {
        long limit = timeout.toNanos();
        while (true) {
            long started = t.startedAt;
            long wait = started == 0 ? TimeUnit.MILLISECONDS.toNanos(100) : started + limit - System.nanoTime();
            try {
                SuiteOutcome o = t.get(Math.max(wait, 1), TimeUnit.NANOSECONDS);
                return t.took.get() > limit ? timedOut(t, timeout, "") : o;
            } catch (TimeoutException e) {
                if (t.startedAt != 0 && System.nanoTime() - t.startedAt > limit) {
                    t.cancel(true);
                    onAbandon.run();
                    return timedOut(t, timeout, " (a run that never ends: a VMM looping without retiring guest "
                            + "instructions?); its thread is abandoned");
                }
            } catch (ExecutionException e) {
                return SuiteOutcome.broken(t.suiteCase, "the run failed: " + e.getCause());
            } catch (CancellationException e) {
                return SuiteOutcome.broken(t.suiteCase, "the run was cancelled");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return SuiteOutcome.broken(t.suiteCase, "interrupted");
            }
        }
    }

    private static SuiteOutcome timedOut(CaseTask t, Duration timeout, String why) {
        return SuiteOutcome.broken(t.suiteCase, "timed out: took more than " + timeout.toMillis() + " ms of wall-clock time"
                + why);
    }

    /** A worker is stuck in an abandoned run: give the pool one more so it keeps its width. */
    private static void replaceWorker(ThreadPoolExecutor pool) {
        synchronized (pool) {
            pool.setMaximumPoolSize(pool.getMaximumPoolSize() + 1);
            pool.setCorePoolSize(pool.getCorePoolSize() + 1);
        }
    }

    /** Daemon threads: an abandoned run must not keep the JVM alive after the report. */
    private static ThreadFactory daemonThreads() {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, "suite-runner-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    /** The runner does not offer a mode yet: its cases are skipped, not failed. */
    public static final class ModeUnavailableException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        ModeUnavailableException(String message) {
            super(message);
        }
    }
}
