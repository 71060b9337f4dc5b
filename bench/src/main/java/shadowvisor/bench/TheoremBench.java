package shadowvisor.bench;

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
import shadowvisor.machine.image.Image;
import shadowvisor.machine.image.Load;
import shadowvisor.mode.ModeStack;
import shadowvisor.run.RunOptions;
import shadowvisor.run.Runner;

/**
 * Theorems 2 and 3 measured (docs/PERFORMANCE.md, "The hybrid VMM, stacks and pgvmm"): one whole
 * guest run per operation, every case side by side in one JMH run. A case is "GUEST MODE":
 * the hybrid VMM against segment on the segment kernels, each level of a segment stack on the
 * compute loop and the system-call loop, and {@code pgvmm+segkernel}, the VMM written in the
 * machine's language running segkernel.s (loaded at {@link #PGVMM_LOAD}), natively and under
 * segment, to set beside segkernel under the Java segment VMM.
 */
@State(Scope.Benchmark)
@BenchmarkMode(org.openjdk.jmh.annotations.Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class TheoremBench {
    /** Where pgvmm finds its guest: its own words end far below. */
    static final int PGVMM_LOAD = 4 * 1024;

    @Param({"segkernel native", "segkernel segment", "segkernel hybrid",
        "syscall-seg native", "syscall-seg segment", "syscall-seg hybrid",
        "syscall-seg segment/segment", "syscall-seg segment/segment/segment",
        "compute native", "compute segment", "compute segment/segment", "compute segment/segment/segment",
        "pgvmm+segkernel native", "pgvmm+segkernel segment"})
    public String run;

    private Image image;
    private RunOptions options;

    @Setup
    public void setup() {
        String[] c = run.split(" ");
        String guest = c[0];
        ModeStack mode = ModeStack.parse(c[1]);
        if (guest.startsWith("pgvmm+")) {
            String inner = guest.substring("pgvmm+".length());
            image = BenchGuests.load("pgvmm");
            options = RunOptions.defaults(mode).withMem(BenchGuests.memoryOf(inner) + PGVMM_LOAD)
                    .withLoad(new Load(PGVMM_LOAD, BenchGuests.load(inner)));
        } else {
            image = BenchGuests.load(guest);
            options = RunOptions.defaults(mode).withMem(BenchGuests.memoryOf(guest));
        }
        options = options.withLimit(GuestRunState.LIMIT);
    }

    @Benchmark
    public long run() {
        return Runner.run(List.of(image), options).get(0).instructions();
    }
}
