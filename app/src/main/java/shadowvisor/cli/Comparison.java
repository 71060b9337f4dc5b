package shadowvisor.cli;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import shadowvisor.machine.analysis.Analysis;
import shadowvisor.machine.analysis.Analyzer;
import shadowvisor.machine.image.Image;
import shadowvisor.machine.isa.Profile;
import shadowvisor.run.ModeStack;
import shadowvisor.run.RunOptions;
import shadowvisor.run.RunReport;

/**
 * One program run in several modes, each judged against the native run (spec section 9,
 * {@code compare}): what {@code compare} prints and {@code demo} shows for each bundled guest.
 * Native always runs, and first: it is the oracle, and the reference for host-time ratios.
 *
 * <p>Each mode runs {@code repeat} times. The counters are the first run's; the host time is the
 * fastest run's, the usual way to take noise (JIT compilation, the garbage collector, other
 * processes) out of a timing; and every run is checked against the first native run, so a mode
 * that is not deterministic (native included) cannot pass by luck.
 *
 * <p>Every mode runs the profile of the options. A profile that breaks Popek and Goldberg's
 * theorems makes some modes differ from native by design; {@link #explainedBy} says where.
 *
 * @param program the program's name, as given
 * @param results one per mode, native first
 */
record Comparison(String program, List<ModeResult> results) {

    Comparison {
        results = List.copyOf(results);
    }

    /**
     * Runs {@code image} in native and each of {@code modes}, {@code repeat} rounds of every
     * mode in turn: interleaving the rounds gives each mode the same chance of running on
     * compiled code, where running one mode's repeats back to back would charge the JIT's
     * warm-up to whichever mode came first (native).
     *
     * @param base   the options of every run (memory, limit, input); its mode is ignored
     * @param before told of each run just before it starts (progress), may do nothing
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
        for (int round = 0; round < repeat; round++) {
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
                m.add(r, oracle);
            }
        }
        return new Comparison(program, measurements.stream().map(Measurement::result).toList());
    }

    /** Native first, then the others in the order given, each once. */
    static List<ModeStack> ordered(List<ModeStack> modes) {
        Set<ModeStack> ordered = new LinkedHashSet<>();
        ordered.add(ModeStack.NATIVE);
        ordered.addAll(modes);
        return List.copyOf(ordered);
    }

    /** The runs of one mode so far: the first report, the fastest time, every difference from native. */
    private static final class Measurement {
        final ModeStack mode;
        RunReport first;
        long fastest = Long.MAX_VALUE;
        final Set<String> differences = new LinkedHashSet<>();
        String refusedBeforeRun;

        Measurement(ModeStack mode) {
            this.mode = mode;
        }

        /** Adds a run; native's own repeats are checked against its first run, as any mode's are. */
        void add(RunReport r, RunReport oracle) {
            if (first == null) {
                first = r;
            }
            fastest = Math.min(fastest, r.hostNanos());
            differences.addAll(r.differences(oracle));
        }

        ModeResult result() {
            if (refusedBeforeRun != null) {
                return ModeResult.refusedBeforeRun(mode, refusedBeforeRun);
            }
            String refusal = ModeResult.refusalOf(mode, first);
            return new ModeResult(mode, first, refusal, refusal == null ? List.copyOf(differences) : List.of(), fastest,
                    null);
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
        return new Comparison(program, explained);
    }

    /** The results of the modes that ran the program under a VMM (neither native nor refused). */
    List<ModeResult> vmmResults() {
        return results.stream().filter(r -> r.mode().virtualized() && !r.refused()).toList();
    }
}
