package shadowvisor.bench;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import shadowvisor.machine.cpu.Cpu;
import shadowvisor.machine.device.Console;
import shadowvisor.machine.device.Devices;
import shadowvisor.machine.image.Image;
import shadowvisor.machine.memory.PhysicalMemory;
import shadowvisor.machine.paging.Tlb;

/**
 * Native interpretation speed: retired guest instructions per second of the CPU loop on a
 * compute-bound guest, with paging off and on (the same loop; the paged guest's working set
 * fits the TLB), and with a working set that misses the TLB on every load. Each invocation boots a fresh machine and runs exactly {@link #INSTRUCTIONS}
 * instructions, so JMH's ops/s is guest instructions per second.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class NativeInterpreterBench {
    static final int INSTRUCTIONS = 20_000_000;
    static final int MEM = 64 * 1024;

    /** Memory of the wide guest: 1 Mi words, 1024 pages. */
    static final int WIDE_MEM = 1024 * 1024;

    private Image compute;
    private Image computePaged;
    private Image computePagedWide;

    @Setup
    public void setup() {
        compute = BenchGuests.assemble("compute.s", BenchGuests.COMPUTE);
        computePaged = BenchGuests.assemble("compute-paged.s", BenchGuests.COMPUTE_PAGED);
        computePagedWide = BenchGuests.assemble("compute-paged-wide.s", BenchGuests.COMPUTE_PAGED_WIDE);
    }

    static long run(Image image) {
        return run(image, MEM);
    }

    static long run(Image image, int words) {
        PhysicalMemory memory = new PhysicalMemory(words);
        Cpu cpu = new Cpu(memory, new Devices(new Console(new byte[0], null)), new Tlb());
        cpu.boot(image);
        cpu.run(INSTRUCTIONS);
        return cpu.retired();
    }

    @Benchmark
    @OperationsPerInvocation(INSTRUCTIONS)
    public long pagingOff() {
        return run(compute);
    }

    @Benchmark
    @OperationsPerInvocation(INSTRUCTIONS)
    public long pagingOn() {
        return run(computePaged);
    }

    /** One TLB miss every 11 instructions; the time per instruction above {@link #pagingOn} is the misses' cost. */
    @Benchmark
    @OperationsPerInvocation(INSTRUCTIONS)
    public long pagingOnTlbMisses() {
        return run(computePagedWide, WIDE_MEM);
    }
}
