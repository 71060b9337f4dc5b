package shadowvisor.run;

import shadowvisor.mode.Mode;
import shadowvisor.result.RunReport;
import shadowvisor.result.Timeline;
import shadowvisor.result.TlbStats;

import shadowvisor.machine.ExitKind;
import shadowvisor.machine.cpu.Machine;
import shadowvisor.machine.cpu.Cpu;
import shadowvisor.machine.device.Console;
import shadowvisor.machine.device.Devices;
import shadowvisor.machine.image.Image;
import shadowvisor.machine.memory.PhysicalMemory;
import shadowvisor.machine.paging.Tlb;

/**
 * Runs one guest on the bare machine ({@code --mode native}): SZ = the guest's memory, the
 * options' profile, traps delivered by the hardware, the run's end mapped to an exit kind. Native is the oracle every
 * VMM mode is compared with.
 */
public final class NativeRunner {
    private NativeRunner() {
    }

    /**
     * Instructions between two flushes of the live console: a partial line (a prompt, a progress
     * dot) reaches the terminal within a few milliseconds, without a system call per byte.
     */
    static final long CONSOLE_FLUSH_INTERVAL = 1L << 22;

    /**
     * Instructions per call of {@link Cpu#run}. Short calls matter to the JIT: a loop that runs
     * for seconds inside a handful of calls is only ever compiled on the stack (OSR), which
     * optimizes the burst worse than a normal compilation of the method; a run under a VMM,
     * whose slices call {@code run} thousands of times, got the better code and ran compute-bound
     * guests faster than the bare machine did. The call itself costs nanoseconds.
     */
    static final long RUN_CHUNK = 1L << 16;

    /**
     * Runs {@code cpu} until an exit or {@code limit} retired instructions, in calls of {@link
     * #RUN_CHUNK}, flushing the live console every {@link #CONSOLE_FLUSH_INTERVAL} and sampling
     * the timeline every {@link Timeline#NATIVE_INTERVAL} and at the end. Cutting a run
     * is invisible to the guest: {@link Cpu#run} stops before any pending tick, and the next run
     * delivers it first.
     */
    static int runFlushingConsole(Cpu cpu, Devices devices, long limit, Timeline timeline) {
        long flushAt = cpu.retired() + CONSOLE_FLUSH_INTERVAL;
        long sampleAt = cpu.retired() + Timeline.NATIVE_INTERVAL;
        for (;;) {
            long left = limit - cpu.retired();
            long chunk = Math.min(Math.min(left, RUN_CHUNK), sampleAt - cpu.retired());
            int exit = cpu.run(chunk);
            if (cpu.retired() >= sampleAt || exit != Machine.EXIT_BUDGET) {
                timeline.sample(cpu.retired(), 0, 0, 0, cpu.tlb().flushes);
                sampleAt = cpu.retired() + Timeline.NATIVE_INTERVAL;
            }
            if (exit != Machine.EXIT_BUDGET || left <= chunk) {
                return exit;
            }
            if (cpu.retired() >= flushAt) {
                devices.console().flush();
                flushAt = cpu.retired() + CONSOLE_FLUSH_INTERVAL;
            }
        }
    }

    /**
     * The bare machine of a native run, booted and not yet run: SZ = the options' memory, their
     * profile, TLB, console input and live console, {@code image} with their {@code --load}
     * beside it, traced when they trace. {@link #run} runs it; a debugger steps it.
     *
     * @throws IllegalArgumentException when the images do not fit in the memory or overlap
     */
    public static Cpu boot(Image image, RunOptions o) {
        PhysicalMemory memory = new PhysicalMemory(o.memWords());
        Devices devices = new Devices(new Console(o.input(), o.liveConsole()));
        Cpu cpu = new Cpu(memory, devices, new Tlb(o.tlbEntries(), o.tlbWays()), o.profile());
        cpu.boot(o.boot(image));
        cpu.setTrace(o.trace());
        return cpu;
    }

    /**
     * Boots {@code image}, with the options' {@code --load} beside it, and runs it.
     *
     * @throws IllegalArgumentException when the images do not fit in the memory or overlap
     */
    public static RunReport run(Image image, RunOptions o) {
        Cpu cpu = boot(image, o);
        PhysicalMemory memory = cpu.memory();
        Devices devices = cpu.devices();
        long t0 = System.nanoTime();
        Timeline timeline = new Timeline();
        int exit = runFlushingConsole(cpu, devices, o.maxInstructions(), timeline);
        long nanos = System.nanoTime() - t0;
        devices.console().flush();
        ExitKind kind = switch (exit) {
            case Machine.EXIT_HALT -> ExitKind.HALT;
            case Machine.EXIT_POWEROFF -> ExitKind.POWEROFF;
            case Machine.EXIT_SHUTDOWN -> ExitKind.SHUTDOWN;
            case Machine.EXIT_BUDGET -> ExitKind.LIMIT;
            default -> throw new IllegalStateException("a native run cannot exit with code " + exit);
        };
        int[] regs = new int[16];
        for (int i = 0; i < 16; i++) {
            regs[i] = cpu.register(i);
        }
        return new RunReport(Mode.NATIVE.cliName(), o.profile().name(), kind, devices.powerValue(),
                kind == ExitKind.SHUTDOWN ? cpu.shutdownReason() : null, devices.console().output(),
                cpu.retired(), cpu.trapCounts(), null, TlbStats.of(cpu.tlb()), regs, cpu.psw(), memory.size(),
                PhysicalMemory.sha256(memory, 0, memory.size()), nanos).withTimeline(timeline);
    }
}
