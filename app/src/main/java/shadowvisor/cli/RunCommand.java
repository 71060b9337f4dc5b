package shadowvisor.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import shadowvisor.machine.image.Image;
import shadowvisor.machine.isa.Profile;
import shadowvisor.machine.paging.Tlb;
import shadowvisor.mode.ModeStack;
import shadowvisor.run.ReportJson;
import shadowvisor.vmm.VmmEvent;
import shadowvisor.run.RunOptions;
import shadowvisor.result.RunReport;
import shadowvisor.run.Runner;

/**
 * {@code shadowvisor run} (spec section 9): boots each PROGRAM as a guest, natively or as the
 * VMs of one VMM (under a stack {@code X/Y[/Z...]}, spec 7.6, of the innermost VMM, with each
 * level's counters on stderr), on the machine of the run's profile ({@link ProfileOption}), streams the
 * console to stdout as it is produced, prints the counters on stderr (not with {@code --quiet}),
 * optionally writes the {@code --json} report (with {@code --json -} to stdout, the console then
 * going to stderr), and exits with the guests' status: a single guest's own (the low 8
 * bits of its power-off value, 0 after halt, 124 at the limit, 125 after a shutdown), and with
 * several the first non-zero status in command-line order.
 */
@Command(name = "run", sortOptions = false, description = {
        "Run guest programs natively or as the VMs of a VMM.",
        "Console output goes to stdout as it is produced (to stderr with --json -), counters to stderr "
                + "(not with --quiet)."},
        footer = {"", "Exit status: the guest's power-off value & 0xff, 0 after halt, 124 at the",
                "instruction limit, 125 after a shutdown; with several guests the first",
                "non-zero status in command-line order; 2 for a usage or input error."})
final class RunCommand implements Callable<Integer> {
    private static final Logger LOG = LogManager.getLogger(RunCommand.class);

    @ParentCommand
    private ShadowvisorCommand top;

    @Option(names = "--mode", paramLabel = "MODE", converter = ModeName.class, defaultValue = "native",
            completionCandidates = ModeName.class,
            description = "native (default), segment, hybrid, shadow-trace, shadow-vtlb, or a stack of VMMs X/Y[/Z...]: "
                    + "X runs the guests in a VM of Y, Y on the hardware (e.g. segment/shadow-vtlb).")
    private ModeStack mode;

    @Mixin
    private ProfileOption profile;

    @Mixin
    private GuestOptions guest;

    @Option(names = "--json", paramLabel = "FILE",
            description = "Write the report as JSON (an array for several guests); - writes it to stdout, "
                    + "and the guest's console then goes to stderr.")
    private Path json;

    @Option(names = {"-q", "--quiet"}, description = "Do not print the counters on stderr (errors still print).")
    private boolean quiet;

    @Option(names = "--trace", description = "Print every retired guest instruction and every trap the guest "
            + "sees on stderr, numbered by guest retired count: the same lines in every mode, so that a diff of a "
            + "native trace and a VMM's shows only the VMM's event lines.")
    private boolean trace;

    @Option(names = "--events", paramLabel = "KINDS", arity = "0..1", parameterConsumer = EventKindsConsumer.class,
            description = "Print one line per VMM decision on stderr, in the style of KVM's tracepoints: retired "
                    + "count, VM, guest PC, the exit and what the VMM did. KINDS filters, comma-separated: emulate, "
                    + "reflect, hidden, true, wp, sync, drop, tick, slice, shutdown, or the groups fault and shadow; "
                    + "default all.")
    private String events;

    @Option(names = "--tlb-entries", paramLabel = "N", defaultValue = "" + Tlb.DEFAULT_ENTRIES,
            description = "Hardware TLB entries, a power of two. Default ${DEFAULT-VALUE}.")
    private int tlbEntries;

    @Option(names = "--tlb-ways", paramLabel = "N", defaultValue = "" + Tlb.DEFAULT_WAYS,
            description = "Hardware TLB associativity, a power of two up to the entries. Default ${DEFAULT-VALUE}.")
    private int tlbWays;

    @Parameters(paramLabel = "PROGRAM", arity = "1..*",
            description = "Assembly sources (.s) or images written by 'asm -o'; several run as several VMs.")
    private List<Path> programs;

    @Override
    public Integer call() {
        Terminal terminal = top.terminal();
        checkTlb();
        OutputTarget jsonTarget = OutputTarget.of("--json", json);
        OutputTarget.check(jsonTarget);
        // With the report on stdout, the guest's console goes to stderr, so stdout is the JSON alone.
        PrintStream console = OutputTarget.toStdout(jsonTarget) ? terminal.err() : terminal.out();
        List<Image> images = ProgramFiles.load(programs);
        Profile machine = profile.forRun(programs, images);
        guest.checkImagesFit(programs, images);
        checkPages();
        Set<VmmEvent.Kind> eventKinds = eventKinds();
        TracePrinter tracer = trace || eventKinds != null ? new TracePrinter(terminal.err(), eventKinds) : null;
        RunOptions options = guest.applyTo(RunOptions.defaults(mode))
                .withProfile(machine)
                .withLiveConsole(console)
                .withTrace(trace ? tracer : null)
                .withEvents(eventKinds != null ? tracer : null)
                .withTlb(tlbEntries, tlbWays);
        LOG.debug("run {} in mode {}, profile {}, mem {} words, limit {}", programs, mode.cliName(), machine.name(),
                guest.memWords(), guest.maxInstructions());
        List<RunReport> reports;
        try {
            reports = GuestRuns.run(images, options);
        } finally {
            console.flush();
            if (tracer != null) {
                tracer.flush();
            }
        }
        if (!quiet) {
            printCounters(terminal, reports);
        }
        if (jsonTarget != null) {
            jsonTarget.writeLine(terminal.out(), ReportJson.render(reports));
        }
        return Runner.exitStatus(reports);
    }

    /** The kinds {@code --events} asks for, or null without it. */
    private Set<VmmEvent.Kind> eventKinds() {
        if (events == null) {
            return null;
        }
        try {
            return VmmEvent.Kind.parse(events);
        } catch (IllegalArgumentException e) {
            throw new UsageException("--events " + events + ": " + e.getMessage());
        }
    }

    /** The TLB is a set-associative cache: both sizes must be powers of two (the {@link Tlb} layout). */
    private void checkTlb() {
        if (tlbEntries < 1 || Integer.bitCount(tlbEntries) != 1 || tlbEntries > 1 << 20) {
            throw new UsageException("--tlb-entries " + tlbEntries + ": must be a power of two from 1 to 1048576");
        }
        if (tlbWays < 1 || Integer.bitCount(tlbWays) != 1 || tlbWays > tlbEntries) {
            throw new UsageException("--tlb-ways " + tlbWays + ": must be a power of two from 1 to --tlb-entries ("
                    + tlbEntries + ")");
        }
    }

    /**
     * The shadow modes map guest memory in whole pages (spec 7.3): refused before the run, as a
     * usage error. Under a stack only the innermost VMM meets {@code --mem}; the levels below get
     * whole pages by construction (spec 7.6).
     */
    private void checkPages() {
        int memWords = guest.memWords();
        if (mode.innermost().runsVmsWithPaging() && memWords % 1024 != 0) {
            throw new UsageException("--mem " + memWords + ": mode " + mode.cliName()
                    + " needs a whole number of 1024-word pages");
        }
    }

    private void printCounters(Terminal terminal, List<RunReport> reports) {
        byte[] console = reports.get(0).console();
        if (reports.size() == 1 && console.length > 0 && console[console.length - 1] != '\n') {
            // Start the counters on a line of their own when the guest's last line is unfinished
            // (with several VMs the runner ends every prefixed line itself).
            terminal.err().println();
        }
        for (int i = 0; i < reports.size(); i++) {
            String label = reports.size() == 1 ? programs.get(i).toString() : "[vm" + (i + 1) + "] " + programs.get(i);
            RunSummary.lines(label, reports.get(i)).forEach(terminal.err()::println);
        }
        terminal.err().flush();
    }
}
