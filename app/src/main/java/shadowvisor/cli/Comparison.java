package shadowvisor.cli;

import shadowvisor.cost.CostModel;
import shadowvisor.cost.ModeledCycles;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import shadowvisor.machine.analysis.Analysis;
import shadowvisor.machine.analysis.Analyzer;
import shadowvisor.machine.image.Image;
import shadowvisor.machine.isa.Profile;
import shadowvisor.mode.ModeStack;
import shadowvisor.run.RunOptions;
import shadowvisor.result.RunReport;

/**
 * One program run in several modes, each judged against the native run (spec section 9,
 * {@code compare}): what {@code compare} prints and {@code demo} shows for each bundled guest.
 * Native always runs, and first: it is the oracle, and the reference for host-time ratios.
 *
 * <p>Each mode first runs the program once as a <em>warm-up</em> whose time is discarded: the
 * first run of a program in a JVM pays for loading classes and compiling that program's hot
 * paths, which belongs to the JVM, not to the mode. Then each mode runs it {@code repeat} times,
 * timed, and its host time is the {@linkplain #median median} of those runs: one slow run (the
 * garbage collector, another process) does not move it, and neither does one lucky fast run, so
 * no single {@code compare} shows a VMM faster than native from the JIT's warm-up. The counters
 * are the first run's; every run, the warm-up included, is checked against the first native run,
 * so a mode that is not deterministic (native included) cannot pass by luck.
 *
 * <p>Every mode runs the profile of the options. A profile that breaks Popek and Goldberg's
 * theorems makes some modes differ from native by design; {@link #explainedBy} says where.
 *
 * <p>Host time in a simulator does not price what a real machine pays for an exit or a page
 * walk, so every mode is also priced on a {@link CostModel} ({@link #pricedBy}): modeled
 * cycles, and their ratio to native's, beside host time.
 *
 * @param program    the program's name, as given
 * @param results    one per mode, native first
 * @param warmupRuns the untimed rounds that came before the timed ones
 * @param costModel  the prices of {@link #modeled}
 */
record Comparison(String program, List<ModeResult> results, int warmupRuns, CostModel costModel) {
    /**
     * Warm-up rounds go on, after the first, until they have taken this long together: a
     * program that runs for tens of milliseconds is warm after one round, one that runs for a
     * tenth of a millisecond needs many before the JIT has compiled its paths in every mode.
     */
    static final long WARMUP_NANOS = 200_000_000L;
    /** ... but never more than this many rounds. */
    static final int MAX_WARMUP_RUNS = 100;

    Comparison {
        results = List.copyOf(results);
    }

    /** A comparison of one warm-up round, priced on the default cost model. */
    Comparison(String program, List<ModeResult> results) {
        this(program, results, 1, CostModel.defaults());
    }

    /** This comparison priced on {@code model}. */
    Comparison pricedBy(CostModel model) {
        return new Comparison(program, results, warmupRuns, model);
    }

    /** What {@code r}'s run costs on the cost model, or null when the mode refused before running. */
    ModeledCycles modeled(ModeResult r) {
        return r.report() == null ? null : ModeledCycles.of(r.report(), costModel);
    }

    /** {@code r}'s modeled cycles relative to native's; NaN when there is nothing to compare. */
    double modeledRatio(ModeResult r) {
        ModeledCycles m = modeled(r);
        ModeledCycles n = modeled(nativeResult());
        return m == null || n == null ? Double.NaN : m.ratioTo(n);
    }

    /**
     * Runs {@code image} in native and each of {@code modes}: warm-up rounds of every mode in
     * turn (not timed; one, and more while they have taken less than {@link #WARMUP_NANOS}
     * together, up to {@link #MAX_WARMUP_RUNS}), then {@code repeat} timed rounds of every mode in
     * turn. Interleaving the
     * rounds gives each mode the same chance of running on compiled code, where running one
     * mode's repeats back to back would charge the JIT's warm-up to whichever mode came first
     * (native).
     *
     * @param base   the options of every run (memory, limit, input); its mode is ignored
     * @param repeat the timed runs of each mode, at least 1
     * @param before told of each run just before it starts, the warm-up runs included
     *               ({@link #warmupRuns} + {@code repeat} calls per mode that runs), may do nothing
     * @throws UsageException when native cannot run the program: without the oracle there is
     *                        nothing to compare
     */
    static Comparison run(String program, Image image, RunOptions base, List<ModeStack> modes, int repeat,
                          Consumer<ModeStack> before) {
        List<ModeStack> order = ordered(modes);
        List<Measurement> measurements = new ArrayList<>();
        for (ModeStack mode : order) {
            measurements.add(new Measurement(mode));
        }
        RunReport oracle = null;
        if (repeat < 1) {
            throw new IllegalArgumentException("repeat " + repeat + ": at least one timed run");
        }
        long warmupStart = System.nanoTime();
        int warmups = 0;
        boolean warm = false;
        for (int timedRounds = 0; timedRounds < repeat; ) {
            boolean timed = warm;
            for (Measurement m : measurements) {
                if (m.refusedBeforeRun != null) {
                    continue;
                }
                before.accept(m.mode);
                RunReport r;
                try {
                    r = GuestRuns.run(List.of(image), base.withMode(m.mode)).get(0);
                } catch (UsageException e) {
                    if (!m.mode.virtualized()) {
                        throw e;
                    }
                    m.refusedBeforeRun = e.getMessage();
                    continue;
                }
                if (oracle == null) {
                    oracle = r;
                }
                m.add(r, oracle, timed);
            }
            if (timed) {
                timedRounds++;
            } else {
                warmups++;
                warm = warmups >= MAX_WARMUP_RUNS || System.nanoTime() - warmupStart >= WARMUP_NANOS;
            }
        }
        return new Comparison(program, measurements.stream().map(Measurement::result).toList(), warmups,
                CostModel.defaults());
    }

    /** Native first, then the others in the order given, each once. */
    static List<ModeStack> ordered(List<ModeStack> modes) {
        Set<ModeStack> ordered = new LinkedHashSet<>();
        ordered.add(ModeStack.NATIVE);
        ordered.addAll(modes);
        return List.copyOf(ordered);
    }

    /**
     * The median of {@code nanos} (not empty): the middle value, and for an even count the mean
     * of the two middle values (rounded down to the nanosecond).
     */
    static long median(List<Long> nanos) {
        if (nanos.isEmpty()) {
            throw new IllegalArgumentException("no run to take the median of");
        }
        long[] sorted = nanos.stream().mapToLong(Long::longValue).sorted().toArray();
        int mid = sorted.length / 2;
        if (sorted.length % 2 == 1) {
            return sorted[mid];
        }
        long a = sorted[mid - 1];
        long b = sorted[mid];
        return a + (b - a) / 2; // no overflow
    }

    /** The runs of one mode so far: the first report, each timed run's host time, every difference from native. */
    private static final class Measurement {
        final ModeStack mode;
        RunReport first;
        final List<Long> timed = new ArrayList<>();
        final Set<String> differences = new LinkedHashSet<>();
        String refusedBeforeRun;

        Measurement(ModeStack mode) {
            this.mode = mode;
        }

        /**
         * Adds a run; native's own repeats are checked against its first run, as any mode's are.
         * The warm-up run ({@code timed} false) is checked too, but its time is not kept.
         */
        void add(RunReport r, RunReport oracle, boolean timed) {
            if (first == null) {
                first = r;
            }
            if (timed) {
                this.timed.add(r.hostNanos());
            }
            differences.addAll(r.differences(oracle));
        }

        ModeResult result() {
            if (refusedBeforeRun != null) {
                return ModeResult.refusedBeforeRun(mode, refusedBeforeRun);
            }
            String refusal = ModeResult.refusalOf(mode, first);
            return new ModeResult(mode, first, refusal, refusal == null ? List.copyOf(differences) : List.of(),
                    median(timed), null, timed);
        }
    }

    /** The native run (always the first result). */
    ModeResult nativeResult() {
        return results.get(0);
    }

    /** Whether every mode that ran the program ended exactly as natively (refusals do not count against it). */
    boolean equivalent() {
        return results.stream().allMatch(r -> r.refused() || r.equivalent());
    }

    /** Whether no mode is a finding: each one refused, ended as natively, or differs as the profile predicts. */
    boolean passes() {
        return results.stream().noneMatch(ModeResult::finding);
    }

    /** The name of the profile every mode ran (the native report's). */
    String profile() {
        return nativeResult().report().profile();
    }

    /**
     * This comparison with each mode that differs from native explained, where the profile
     * explains it, by {@link ExpectedDifference#of}. The profile is analysed (spec 8.1) once,
     * and only when some mode differs.
     */
    Comparison explainedBy(Profile profile) {
        if (results.stream().noneMatch(r -> !r.refused() && !r.differences().isEmpty())) {
            return this;
        }
        Analysis analysis = Analyzer.analyze(profile);
        List<ModeResult> explained = new ArrayList<>();
        for (ModeResult r : results) {
            boolean differs = !r.refused() && !r.differences().isEmpty();
            explained.add(differs ? r.explainedBy(ExpectedDifference.of(r.mode(), analysis)) : r);
        }
        return new Comparison(program, explained, warmupRuns, costModel);
    }

    /** The results of the modes that ran the program under a VMM (neither native nor refused). */
    List<ModeResult> vmmResults() {
        return results.stream().filter(r -> r.mode().virtualized() && !r.refused()).toList();
    }
}
