package shadowvisor.run;

import shadowvisor.mode.Mode;
import shadowvisor.mode.ModeStack;
import shadowvisor.result.RunReport;

import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import shadowvisor.machine.cpu.Machine;
import shadowvisor.machine.cpu.Cpu;
import shadowvisor.machine.device.Console;
import shadowvisor.machine.device.Devices;
import shadowvisor.machine.image.Image;
import shadowvisor.machine.memory.PhysicalMemory;
import shadowvisor.machine.paging.Pte;
import shadowvisor.machine.paging.Tlb;
import shadowvisor.vmm.PrefixedLineStream;
import shadowvisor.vmm.TrapAndEmulateVmm;
import shadowvisor.vmm.Vm;
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
 * command line), and with several VMs prefixes each live console line {@code [vmN] }. Under a
 * stack of VMMs (spec 7.6) the programs are the VMs of the innermost VMM, and each level below
 * runs the one above in a VM of its own ({@link #prepare}).
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
     * instructions per time slice, on every level of a stack (tests use short slices to
     * interleave VMs finely).
     *
     * @throws IllegalArgumentException for a usage error, with a one-line reason
     */
    public static List<RunReport> run(List<Image> images, RunOptions o, int sliceLength) {
        if (images.isEmpty()) {
            throw new IllegalArgumentException("no program to run");
        }
        ModeStack stack = o.mode();
        if (!stack.virtualized()) {
            if (images.size() != 1) {
                throw new IllegalArgumentException("mode native runs exactly one program, got " + images.size()
                        + "; run several as VMs with --mode segment");
            }
            return List.of(NativeRunner.run(images.get(0), o));
        }
        PreparedRun prepared = prepare(images, o, sliceLength);
        prepared.vmm().run();
        return prepared.reports();
    }

    /**
     * Builds the run of {@code images} under the options' VMM or stack of VMMs without running
     * anything: the host machine, each level's VMM and VM ({@link #prepareStack}), and the
     * guests' VMs booted. {@link #run} runs it to the end; a debugger steps it.
     *
     * @throws IllegalArgumentException for a usage error, with a one-line reason, and for mode
     *                                  native, which has no VMM
     */
    public static PreparedRun prepare(List<Image> images, RunOptions o, int sliceLength) {
        if (images.isEmpty()) {
            throw new IllegalArgumentException("no program to run");
        }
        ModeStack stack = o.mode();
        if (!stack.virtualized()) {
            throw new IllegalArgumentException("mode native runs on the bare machine, without a VMM");
        }
        return prepareStack(images, o, stack, levelWords(stack, images.size(), o.memWords()), sliceLength);
    }

    /**
     * The memory of each level of {@code stack} (spec 7.6), innermost first: entry {@code i} is
     * what the VMM of level {@code i} needs, its own region and its VMs ({@link SegmentVmm#hostWords},
     * {@link ShadowVmm#hostWords}); the innermost VMM's VMs are {@code vmCount} guests of
     * {@code memWords} each, and every other level's one VM is the memory of the level inside,
     * rounded up to whole pages (1024 words, so that a shadow mode below maps it in pages). The
     * last entry is the host machine's memory.
     *
     * @throws IllegalArgumentException when a level would need more than a host can have, or the
     *                                  innermost guests' memory is not what their VMM accepts
     */
    public static int[] levelWords(ModeStack stack, int vmCount, int memWords) {
        int[] words = new int[stack.depth()];
        int[] vms = new int[vmCount];
        Arrays.fill(vms, memWords);
        for (int i = 0; i < stack.depth(); i++) {
            try {
                words[i] = hostWords(stack.level(i), vms);
            } catch (IllegalArgumentException e) {
                if (i == 0) {
                    throw e;
                }
                throw new IllegalArgumentException("mode " + stack.cliName() + ", level " + (i + 1) + " ("
                        + stack.level(i).cliName() + "): " + e.getMessage(), e);
            }
            if (i + 1 < stack.depth()) {
                long pages = ((long) words[i] + Pte.PAGE_WORDS - 1) & -Pte.PAGE_WORDS;
                if (pages > TrapAndEmulateVmm.MAX_HOST_WORDS) {
                    throw new IllegalArgumentException(String.format("mode %s: level %d (%s) needs a VM of %d words, "
                            + "more than a machine can have: give the guests less --mem", stack.cliName(), i + 2,
                            stack.level(i + 1).cliName(), pages));
                }
                vms = new int[] {(int) pages};
            }
        }
        return words;
    }

    private static int hostWords(Mode kind, int[] memsizes) {
        return kind.runsVmsWithPaging() ? ShadowVmm.hostWords(memsizes) : SegmentVmm.hostWords(memsizes);
    }

    /** A VMM of {@code kind} on {@code machine}. */
    private static TrapAndEmulateVmm vmm(Mode kind, Machine machine, int sliceLength) {
        return switch (kind) {
            case SEGMENT -> new SegmentVmm(machine, sliceLength);
            case HYBRID -> new HybridVmm(machine, sliceLength);
            case SHADOW_TRACE -> new ShadowTraceVmm(machine, sliceLength, SHADOW_SEED);
            case SHADOW_VTLB -> new ShadowVtlbVmm(machine, sliceLength, SHADOW_SEED);
            case NATIVE -> throw new IllegalArgumentException("native is the bare machine, not a VMM");
        };
    }

    /**
     * A VMM alone or a stack (spec 7.6), built from the hardware up: the outermost VMM on a host
     * machine of the run's profile, each level's one VM given the memory the level inside needs
     * ({@link #levelWords}) and exposed as the {@link Machine} the next VMM is built on
     * ({@link TrapAndEmulateVmm#asMachine}); the innermost VMM creates the guests' VMs
     * ({@link #createGuests}). Its {@code run()} drives every level, each outer VM running only
     * when the VMM inside runs its machine.
     */
    private static PreparedRun prepareStack(List<Image> images, RunOptions o, ModeStack stack, int[] levelWords,
                                            int sliceLength) {
        int outermost = stack.depth() - 1;
        Machine machine = hostCpu(levelWords[outermost], o);
        Vm[] levelVms = new Vm[outermost];
        for (int i = outermost; i >= 1; i--) {
            TrapAndEmulateVmm vmm = vmm(stack.level(i), machine, sliceLength);
            vmm.setEventListener(o.events(), i + 1);
            levelVms[i - 1] = vmm.createVm(new Image(0, List.of()),
                    new VmConfig(levelWords[i - 1], null, null, Long.MAX_VALUE));
            machine = vmm.asMachine(levelVms[i - 1]);
        }
        TrapAndEmulateVmm innermost = vmm(stack.innermost(), machine, sliceLength);
        return new PreparedRun(stack, innermost, createGuests(innermost, images, o), Arrays.asList(levelVms));
    }

    /**
     * Runs every image in its own VM of a VMM built on a fresh host machine of {@code hostWords}
     * words and the options' profile, and returns the VMs' reports in order. The VMs share that
     * machine, so they run one profile. The options' {@code --load} is placed in each VM (spec 9).
     */
    public static List<RunReport> runVmm(List<Image> images, RunOptions o, int hostWords,
                                         Function<Machine, TrapAndEmulateVmm> vmmOnHost) {
        TrapAndEmulateVmm vmm = vmmOnHost.apply(hostCpu(hostWords, o));
        createGuests(vmm, images, o);
        vmm.run();
        return vmm.reports();
    }

    /**
     * The guests' part of every VMM run, alone or innermost in a stack: one VM per image, booted
     * with the options' {@code --load}, traced at the guest level when the options trace, the
     * VMM's decisions sent to the options' listener. Nothing runs yet.
     */
    private static List<Vm> createGuests(TrapAndEmulateVmm vmm, List<Image> images, RunOptions o) {
        vmm.setEventListener(o.events(), 1);
        List<Vm> guests = new ArrayList<>();
        for (int i = 0; i < images.size(); i++) {
            Vm vm = vmm.createVm(o.boot(images.get(i)), vmConfig(o, images.size(), i + 1));
            vm.setTrace(o.trace());
            guests.add(vm);
        }
        return guests;
    }

    /**
     * The physical machine under a VMM: {@code words} of memory, the profile and TLB of the
     * options, untraced (a VMM traces its guests, not the host). The VMM takes its VMs' profile from it. Its own console is never
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
