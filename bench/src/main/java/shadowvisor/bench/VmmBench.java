package shadowvisor.bench;

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

/**
 * The cost of virtualization: host time of one whole guest run in each mode, measured side by
 * side in one JMH run, so that "host time under a VMM divided by native time" compares numbers
 * taken on the same machine at the same time. A run ends when the guest powers off, or at
 * {@link GuestRunState#LIMIT} retired instructions for the guests that never end. Exits per million guest
 * instructions come from the run's own counters ({@code compare} prints them).
 */
@State(Scope.Benchmark)
@BenchmarkMode(org.openjdk.jmh.annotations.Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class VmmBench extends GuestRunState {
    /** Guests that do not page: the segment VMM runs them too. */
    @Param({"compute", "traploop", "segkernel", "syscall-seg"})
    public String guest;

    @Param({"native", "segment", "shadow-trace", "shadow-vtlb"})
    public String mode;

    @Setup
    public void setup() {
        prepare(guest, mode);
    }

    @Benchmark
    public long run() {
        return runOnce();
    }
}
