package shadowvisor.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import shadowvisor.fuzz.FuzzCampaign;
import shadowvisor.fuzz.FuzzGuest;
import shadowvisor.fuzz.GuestGenerator;
import shadowvisor.machine.image.Image;
import shadowvisor.mode.ModeStack;
import shadowvisor.run.RunOptions;
import shadowvisor.run.Runner;

/**
 * The fuzzing campaign's throughput (issue 13 point 5, docs/PERFORMANCE.md "The fuzzing
 * campaign"). {@code campaign}: one operation is a whole campaign of {@link #SEEDS} seeds in the
 * four VMMs (native traced for coverage, as {@code shadowvisor fuzz} runs it) on 1 or 2
 * threads, so guests per second = SEEDS / (seconds per operation). {@code FuzzBench.Modes}: one
 * operation runs the same guests in one mode, untraced, so each mode's runs per second = the
 * guests it ran / (seconds per operation).
 */
@State(Scope.Benchmark)
@BenchmarkMode(org.openjdk.jmh.annotations.Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class FuzzBench {
    /** Seeds per operation. */
    public static final int SEEDS = 50;
    static final List<ModeStack> VMMS = List.of(ModeStack.parse("segment"), ModeStack.parse("hybrid"),
            ModeStack.parse("shadow-trace"), ModeStack.parse("shadow-vtlb"));

    @Param({"1", "2"})
    public int jobs;

    @Benchmark
    public long campaign() {
        return FuzzCampaign.run(FuzzCampaign.Config.of(1, SEEDS, VMMS, jobs), g -> { }).runs();
    }

    /** Each mode alone over the guests of seeds 1..SEEDS (paging guests skipped where the mode refuses them). */
    @State(Scope.Benchmark)
    @BenchmarkMode(org.openjdk.jmh.annotations.Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    @Warmup(iterations = 3, time = 2)
    @Measurement(iterations = 5, time = 2)
    @Fork(1)
    public static class Modes {
        @Param({"native", "segment", "hybrid", "shadow-trace", "shadow-vtlb"})
        public String mode;

        private final List<Image> images = new ArrayList<>();
        private final List<RunOptions> options = new ArrayList<>();

        @Setup
        public void setup() {
            ModeStack m = ModeStack.parse(mode);
            for (int seed = 1; seed <= SEEDS; seed++) {
                FuzzGuest g = GuestGenerator.generate(seed);
                if (g.paging() && !m.supportsGuestPaging()) {
                    continue;
                }
                images.add(g.image());
                options.add(RunOptions.defaults(m).withMem(g.memWords()).withLimit(g.limit()).withInput(g.inputBytes()));
            }
        }

        /** Runs per operation: the guests this mode runs. */
        public int runs() {
            return images.size();
        }

        @Benchmark
        public long runAll() {
            long n = 0;
            for (int i = 0; i < images.size(); i++) {
                n += Runner.run(List.of(images.get(i)), options.get(i)).get(0).instructions();
            }
            return n;
        }
    }
}
