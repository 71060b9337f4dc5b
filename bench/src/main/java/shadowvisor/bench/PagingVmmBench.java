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
 * The shadow-paging VMMs against native on the paging kernels and the workloads after Adams
 * and Agesen (ASPLOS 2006): host time of one whole run to power-off in each mode, side by side
 * in one JMH run. The segment VMM refuses these guests (they turn paging on), so it is not a
 * parameter here; {@link VmmBench} compares it on the guests that do not page.
 */
@State(Scope.Benchmark)
@BenchmarkMode(org.openjdk.jmh.annotations.Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class PagingVmmBench extends GuestRunState {
    @Param({"pagekernel", "forkkernel", "forkwait", "pagefault", "syscall", "compute-paged"})
    public String guest;

    @Param({"native", "shadow-trace", "shadow-vtlb"})
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
