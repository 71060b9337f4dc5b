package shadowvisor.run;

import java.io.OutputStream;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import shadowvisor.machine.Machine;
import shadowvisor.machine.cpu.Cpu;
import shadowvisor.machine.device.Console;
import shadowvisor.machine.device.Devices;
import shadowvisor.machine.image.Image;
import shadowvisor.machine.memory.PhysicalMemory;
import shadowvisor.machine.paging.Tlb;
import shadowvisor.vmm.PrefixedLineStream;
import shadowvisor.vmm.TrapAndEmulateVmm;
import shadowvisor.vmm.VmConfig;
import shadowvisor.vmm.segment.HybridVmm;
import shadowvisor.vmm.segment.SegmentVmm;
import shadowvisor.vmm.shadow.ShadowTraceVmm;
import shadowvisor.vmm.shadow.ShadowVmm;
import shadowvisor.vmm.shadow.ShadowVtlbVmm;

/**
 * The one entry point of {@code run} (spec section 9): runs programs in a mode and returns one
 * report per program. {@code native} runs one program on the bare machine; a VMM mode gives each
 * program its own VM, numbered from 1 in the order given (VM 1 is the first program on the
 * command line), and with several VMs prefixes each live console line {@code [vmN] }.
 */
public final class Runner {
    /** Seed of the shuffled host-frame order of the shadow modes: fixed, so every run is reproducible. */
    public static final long SHADOW_SEED = 0x5EED_F4A3L;

    private Runner() {
    }

    /**
     * Runs {@code images} in {@code o.mode()} with the default time slice.
     *
     * @throws IllegalArgumentException for a usage error, with a one-line reason
     */
    public static List<RunReport> run(List<Image> images, RunOptions o) {
        return run(images, o, TrapAndEmulateVmm.DEFAULT_SLICE);
    }

    /**
     * Runs {@code images} in {@code o.mode()}; under a VMM, {@code sliceLength} retired guest
     * instructions per time slice (tests use short slices to interleave VMs finely).
     *
     * @throws IllegalArgumentException for a usage error, with a one-line reason
     */
    public static List<RunReport> run(List<Image> images, RunOptions o, int sliceLength) {
        if (images.isEmpty()) {
            throw new IllegalArgumentException("no program to run");
        }
        return switch (o.mode()) {
            case NATIVE -> {
                if (images.size() != 1) {
                    throw new IllegalArgumentException("mode native runs exactly one program, got " + images.size()
                            + "; run several as VMs with --mode segment");
                }
                yield List.of(NativeRunner.run(images.get(0), o));
            }
            case SEGMENT, HYBRID -> {
                int[] memsizes = new int[images.size()];
                Arrays.fill(memsizes, o.memWords());
                boolean hybrid = o.mode() == Mode.HYBRID;
                yield runVmm(images, o, SegmentVmm.hostWords(memsizes), m -> hybrid
                        ? new HybridVmm(m, sliceLength) : new SegmentVmm(m, sliceLength));
            }
            case SHADOW_TRACE, SHADOW_VTLB -> {
                int[] memsizes = new int[images.size()];
                Arrays.fill(memsizes, o.memWords());
                boolean trace = o.mode() == Mode.SHADOW_TRACE;
                yield runVmm(images, o, ShadowVmm.hostWords(memsizes), m -> trace
                        ? new ShadowTraceVmm(m, sliceLength, SHADOW_SEED) : new ShadowVtlbVmm(m, sliceLength, SHADOW_SEED));
            }
        };
    }

    /**
     * Runs every image in its own VM of a VMM built on a fresh host machine of {@code hostWords}
     * words and the options' profile, and returns the VMs' reports in order. The VMs share that
     * machine, so they run one profile. The options' {@code --load} is placed in each VM (spec 9).
     */
    public static List<RunReport> runVmm(List<Image> images, RunOptions o, int hostWords,
                                         Function<Machine, TrapAndEmulateVmm> vmmOnHost) {
        TrapAndEmulateVmm vmm = vmmOnHost.apply(hostCpu(hostWords, o));
        for (int i = 0; i < images.size(); i++) {
            vmm.createVm(o.boot(images.get(i)), vmConfig(o, images.size(), i + 1));
        }
        vmm.run();
        String profile = o.profile().name();
        return vmm.reports().stream().map(r -> r.withProfile(profile)).toList();
    }

    /**
     * The physical machine under a VMM: {@code words} of memory, the profile and TLB of the
     * options, their trace. The VMM takes its VMs' profile from it. Its own console is never
     * reached (a guest runs in hardware user mode, where {@code out} traps).
     *
     * @throws IllegalArgumentException when the JVM cannot allocate that much memory
     */
    public static Cpu hostCpu(int words, RunOptions o) {
        PhysicalMemory memory;
        try {
            memory = new PhysicalMemory(words);
        } catch (OutOfMemoryError e) {
            throw new IllegalArgumentException(String.format("not enough host memory for %d words (%d MiB): give the "
                    + "VMs less --mem or the JVM more -Xmx", words, (4L * words) >> 20));
        }
        Cpu cpu = new Cpu(memory, new Devices(new Console(new byte[0], null)), new Tlb(o.tlbEntries(), o.tlbWays()),
                o.profile());
        cpu.setTrace(o.trace());
        return cpu;
    }

    /**
     * VM {@code id}'s configuration: the options' memory, input and limit apply to each VM
     * alone; with several VMs the live console goes through a {@code [vmN] } line prefix.
     */
    public static VmConfig vmConfig(RunOptions o, int vmCount, int id) {
        OutputStream live = o.liveConsole();
        if (live != null && vmCount > 1) {
            live = new PrefixedLineStream(live, "[vm" + id + "] ");
        }
        return new VmConfig(o.memWords(), o.input(), live, o.maxInstructions());
    }

    /** The exit status of {@code run} with several VMs: the first non-zero status in VM order, else 0 (spec 7.4). */
    public static int exitStatus(List<RunReport> reports) {
        for (RunReport r : reports) {
            if (r.status() != 0) {
                return r.status();
            }
        }
        return 0;
    }
}
