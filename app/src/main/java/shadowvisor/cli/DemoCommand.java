package shadowvisor.cli;

import shadowvisor.cost.CostModel;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import shadowvisor.cli.TextTable.Align;
import shadowvisor.machine.image.Image;
import shadowvisor.machine.image.Load;
import shadowvisor.machine.isa.Profile;
import shadowvisor.mode.Mode;
import shadowvisor.mode.ModeStack;
import shadowvisor.run.RunOptions;

/**
 * {@code shadowvisor demo} (spec section 9: "the bundled guest kernels in every mode, with the
 * comparison table"): runs every bundled guest ({@link BundledGuests}) natively and under each
 * VMM, and prints for each the {@code compare} table ({@link ComparisonTable}) and a short
 * reading of it ({@link ComparisonReading}), then one line per guest with each mode's cost
 * relative to native. The segment VMM refuses the guests that turn paging on, and the tables
 * show it: that is part of the lesson.
 *
 * <p>The workloads take their size from their console input; {@link #SIZES} keeps them modest,
 * so that the whole demo finishes in well under a minute on two cores. Guests are shown in the
 * order of {@link #SIZES} (a lesson's order: the bare machine, the segment kernel, the
 * workloads, the paging kernels, then the guests of the profiles that break the theorem, each
 * introduced by what it models and what to expect), then any other bundled guest by name. A
 * guest that does not assemble (the bundle is being written) is skipped with its first
 * diagnostic. The summary line counts the guests that ended exactly as natively and, apart,
 * those that differ only as their profile predicts.
 *
 * <p>A guest runs on the profile its {@code .profile} names, else {@code pg}. Exit status 0 when
 * every mode that ran a guest ended exactly as natively or differs as the guest's profile
 * predicts ({@link ExpectedDifference}), 1 when one did not or a guest failed to run at all.
 */
@Command(name = "demo", sortOptions = false, description = {
        "Run the bundled guests in every mode, with comparison tables.",
        "For each bundled kernel and workload, the table of 'compare' and a short reading of it; then "
                + "one line per guest with each VMM's host time relative to native."},
        footer = {"", "Exit status: 0 when every mode that ran a guest ended exactly as natively (or differs as",
                "the guest's profile predicts), 1 otherwise."})
final class DemoCommand implements Callable<Integer> {
    /**
     * Timed runs of each guest in each mode, after a warm-up run; the table shows their median
     * (see {@link Comparison}). {@code --repeat} changes it, {@code --quick} makes it 1.
     */
    static final int REPEAT = 3;

    /**
     * The instruction limit of every run: fifteen times the largest guest at its demo size, so
     * that a guest stuck in a loop (the bundle is being written) costs seconds, not minutes.
     */
    static final long LIMIT = 50_000_000L;

    /** The modes each guest runs in, native first. */
    static final List<ModeStack> MODES = ModeStack.singles();

    /**
     * A guest the demo knows: its file name, the console input that sets its size (or null), and
     * for a guest written for another profile what it models and what to expect (or null).
     */
    record Planned(String guest, String input, String quickInput, String models, String load, int loadAt) {
        Planned(String guest, String input, String quickInput) {
            this(guest, input, quickInput, null);
        }

        Planned(String guest, String input, String quickInput, String models) {
            this(guest, input, quickInput, models, null, 0);
        }
    }

    /**
     * The guests in the order they are shown, the sizes they run at, and last the guests that
     * break the theorem (guest-kernels/README.md), each with what it models.
     */
    static final List<Planned> SIZES = List.of(
            new Planned("hello.s", null, null),
            new Planned("user-svc.s", null, null),
            new Planned("segkernel.s", null, null),
            new Planned("compute.s", "200000", "2000"),
            new Planned("compute-paged.s", "200000", "2000"),
            new Planned("syscall-seg.s", "35000", "200"),
            new Planned("syscall.s", "35000", "200"),
            new Planned("pagefault.s", "2000", "20"),
            new Planned("forkwait.s", "150", "3"),
            new Planned("pagekernel.s", null, null),
            new Planned("forkkernel.s", null, null),
            new Planned("pdp10-jrstu.s", null, null, "the PDP-10's JRST 1 (jrstu, profile pdp10): a jump that "
                    + "leaves supervisor mode without a trap. Expected: a Theorem 1 violation under segment and the "
                    + "shadow modes, which never learn that the guest left supervisor mode: its user program runs "
                    + "as vm-supervisor, its rdpsw is emulated instead of trapping, and it exits with 66 where "
                    + "natively the kernel stops it (10). hybrid interprets the kernel, so jrstu drops the VM "
                    + "to user mode as natively and the run is exact: Theorem 3 holds for pdp10."),
            new Planned("x86-popf-smsw.s", null, null, "x86's POPF and SMSW (popf, smsw, profile x86): popf "
                    + "sets the interrupt flag only in supervisor mode and fails silently in user mode; smsw "
                    + "reads the PSW in any mode. Expected: a Theorem 1 violation under segment and the shadow "
                    + "modes, where the kernel runs in hardware user mode: popf cannot hold the tick off its critical sections, "
                    + "smsw reads the hardware's PSW (status 89, natively 86). hybrid interprets the kernel, "
                    + "so popf works, but the user program's smsw still reads the hardware: a Theorem 3 "
                    + "violation, smsw being user-sensitive."),
            new Planned("arm-mrs.s", null, null, "ARM's MRS CPSR (mrs, profile arm): the mode bits, readable in "
                    + "any mode. Expected: a Theorem 1 violation under segment and the shadow modes: the kernel's mrs reads the "
                    + "hardware's user mode, so its print routine makes system calls to the kernel itself "
                    + "(status 33, natively 32). hybrid gets the kernel right, but mrs also reads I in user "
                    + "mode: a Theorem 3 violation."),
            new Planned("mips-kseg.s", null, null, "MIPS's KSEG0 (the kseg window, profile mips): the kernel "
                    + "reaches physical memory at 0xC0000000 + pa, past its segment. Expected: every mode ends "
                    + "exactly as natively, at the price of an exit per window access: each one traps from "
                    + "hardware user mode and the VMM emulates it (vmm.exits.SEGMENT, vmm.emulated.ld and .st); "
                    + "hybrid interprets the kernel anyway and pays no exit for the window."),
            new Planned("pgvmm.s", null, null, "Popek and Goldberg's Theorem 2, read literally: a VMM is a "
                    + "program, so it runs in a VM. pgvmm.s is a trap-and-emulate VMM written in the machine's "
                    + "own assembly language; here it runs segkernel.s (--load 16K=segkernel.s) as its guest. "
                    + "Expected: every mode ends exactly as pgvmm natively, the segment kernel's console "
                    + "included: a hypervisor within a VM, two levels of trap and emulate.",
                    "segkernel.s", 16 * 1024));

    @ParentCommand
    private ShadowvisorCommand top;

    /** For tests and the curious: only the guests whose file names match this glob. */
    @Option(names = "--guests", paramLabel = "GLOB", hidden = true, defaultValue = "*.s")
    private String guestGlob;

    /** For tests: run the workloads at a token size. */
    @Option(names = "--quick", hidden = true)
    private boolean quick;

    @Option(names = "--repeat", paramLabel = "N",
            description = "Timed runs of each guest in each mode, after a warm-up run (not timed); the tables "
                    + "show the median. 1 to 1000, default " + REPEAT + ".")
    private Integer repeat;

    @Mixin
    private CostModelOption costModel;

    /** The prices every guest's runs are shown with, read once before the first guest runs. */
    private CostModel prices;

    @Option(names = "--html", paramLabel = "DIR",
            description = "Also write a self-contained HTML report into DIR (created if missing): index.html with "
                    + "the summary table, each guest linking to its own page of tables and charts.")
    private Path html;


    @Override
    public Integer call() {
        if (repeat != null && (repeat < 1 || repeat > 1000)) {
            throw new UsageException("--repeat " + repeat + ": must be from 1 to 1000");
        }
        PathMatcher selected = matcher(guestGlob);
        prices = costModel.model();
        HtmlReports.prepareDirectory(html);
        PrintStream out = top.terminal().out();
        long start = System.nanoTime();
        List<DemoSummary.Guest> outcomes = new ArrayList<>();
        try (BundledGuests bundle = BundledGuests.extract()) {
            List<Path> guests = order(bundle.guests().stream().filter(p -> selected.matches(p.getFileName())).toList());
            if (guests.isEmpty()) {
                if (bundle.guests().isEmpty()) {
                    throw new IllegalStateException("no bundled guests found under " + BundledGuests.FOLDER + "/");
                }
                throw new UsageException("--guests " + guestGlob + ": matches none of the bundled guests");
            }
            out.printf("shadowvisor demo: %d bundled guests, each natively and under %s.%n", guests.size(),
                    String.join(", ", MODES.stream().filter(ModeStack::virtualized).map(ModeStack::cliName).toList()));
            out.printf("Each table is what 'shadowvisor compare --repeat %d GUEST' prints: host times are the median of%n"
                    + "%d timed runs after a warm-up run, and still vary from run to run; every run is checked against%n"
                    + "native.%n", repeat(), repeat());
            out.flush();
            Warmup.run(MODES);
            for (Path guest : guests) {
                DemoSummary.Guest o = runGuest(out, guest);
                outcomes.add(o);
                out.flush();
            }
        }
        DemoSummary summary = new DemoSummary(outcomes, MODES);
        printSummary(out, summary, System.nanoTime() - start);
        out.flush();
        if (html != null) {
            HtmlReports.writeDemo(html, summary, repeat(), System.nanoTime() - start);
        }
        boolean ok = outcomes.stream().allMatch(o -> o.failure() == null
                && (o.comparison() == null || o.comparison().passes()));
        return ok ? 0 : 1;
    }

    private DemoSummary.Guest runGuest(PrintStream out, Path path) {
        String name = path.getFileName().toString();
        out.printf("%n== %s%s%n", name, describe(path));
        String models = models(name);
        if (models != null) {
            ComparisonReading.wrap("Models " + models, ComparisonReading.WIDTH).forEach(out::println);
        }
        Image image;
        try {
            if (Files.size(path) == 0) {
                return skip(out, name, "empty file");
            }
            image = ProgramFiles.load(path);
        } catch (AssemblyException e) {
            return skip(out, name, "does not assemble: " + e.lines().get(0));
        } catch (UsageException e) {
            return skip(out, name, e.getMessage());
        } catch (IOException e) {
            return skip(out, name, "cannot read: " + e.getMessage());
        }
        String input = input(name);
        // A guest written for another profile says so with .profile; every mode runs it there.
        Profile profile = image.profile() == null ? Profile.PG : Profile.builtIn(image.profile());
        RunOptions options = RunOptions.defaults(Mode.NATIVE).withLimit(LIMIT).withProfile(profile);
        if (input != null) {
            options = options.withInput(input.getBytes(StandardCharsets.UTF_8));
            out.println("size: --input " + input);
        }
        Planned plan = planned(name);
        if (plan != null && plan.load() != null) {
            try {
                options = options.withLoad(new Load(plan.loadAt(), ProgramFiles.load(path.resolveSibling(plan.load()))));
            } catch (AssemblyException | UsageException e) {
                return skip(out, name, "cannot load " + plan.load() + ": " + e.getMessage());
            }
            out.printf("load: --load %d=%s%n", plan.loadAt(), plan.load());
        }
        Comparison c;
        try {
            c = Comparison.run(name, image, options, MODES, repeat(), m -> { }).explainedBy(profile).pricedBy(prices);
        } catch (UsageException e) {
            return skip(out, name, "native cannot run it: " + e.getMessage());
        } catch (RuntimeException e) {
            // A VMM that fails outright is a bug to report; the rest of the demo still runs.
            out.println("FAILED: " + e);
            return new DemoSummary.Guest(name, null, null, e.toString(), htmlAbout(path));
        }
        CompareCommand.printConsole(out, c);
        ComparisonTable.lines(c).forEach(out::println);
        out.println();
        ComparisonReading.lines(c).forEach(out::println);
        return new DemoSummary.Guest(name, c, null, null, htmlAbout(path));
    }

    private static DemoSummary.Guest skip(PrintStream out, String name, String why) {
        out.println("skipped: " + why);
        return new DemoSummary.Guest(name, null, why, null, List.of());
    }

    /** {@code --repeat}, else 1 with {@code --quick}, else {@link #REPEAT}. */
    private int repeat() {
        return repeat != null ? repeat : quick ? 1 : REPEAT;
    }

    /** What a guest's page of {@code --html} says above its table: its header comment, what it models, its size. */
    private List<String> htmlAbout(Path guest) {
        String name = guest.getFileName().toString();
        List<String> about = new ArrayList<>();
        String described = describe(guest);
        if (!described.isEmpty()) {
            about.add(name + described);
        }
        if (models(name) != null) {
            about.add("Models " + models(name));
        }
        if (input(name) != null) {
            about.add("Size: --input " + input(name));
        }
        return about;
    }

    /** The console input (the size) of a guest, or null. */
    private String input(String name) {
        Planned p = planned(name);
        return p == null ? null : quick ? p.quickInput() : p.input();
    }

    /** What a guest written for another profile (or a VMM in the machine's language) models, and what to expect; or null. */
    private static String models(String name) {
        Planned p = planned(name);
        return p == null ? null : p.models();
    }

    private static Planned planned(String name) {
        for (Planned p : SIZES) {
            if (p.guest().equals(name)) {
                return p;
            }
        }
        return null;
    }

    /** The guests in {@link #SIZES} order, then the others by name. */
    static List<Path> order(List<Path> guests) {
        List<String> planned = SIZES.stream().map(Planned::guest).toList();
        return guests.stream().sorted(Comparator
                .comparingInt((Path p) -> {
                    int i = planned.indexOf(p.getFileName().toString());
                    return i < 0 ? planned.size() : i;
                })
                .thenComparing(p -> p.getFileName().toString())).toList();
    }

    /** {@code  - } and the first line of the guest's header comment, without the file name it repeats. */
    private static String describe(Path guest) {
        String first;
        try (var lines = Files.lines(guest, StandardCharsets.ISO_8859_1)) {
            first = lines.findFirst().orElse("").strip();
        } catch (IOException | UncheckedIOException e) {
            return "";
        }
        if (!first.startsWith(";")) {
            return "";
        }
        String text = first.substring(1).strip();
        String prefix = guest.getFileName() + ":";
        if (text.startsWith(prefix)) {
            text = text.substring(prefix.length()).strip();
        }
        return text.isEmpty() ? "" : " - " + text;
    }

    /** The summary tables and the closing sentence ({@link DemoSummary}). */
    private static void printSummary(PrintStream out, DemoSummary summary, long nanos) {
        out.println();
        out.println("== Summary: host time of each VMM relative to native (refused: the mode cannot run the guest)");
        summary.hostTable().lines().forEach(out::println);
        out.println();
        out.println("== Modeled cycles of each VMM relative to native, on the " + summary.costModelName()
                + " cost model (docs/PAPERS.md): what a real machine would pay for the same events");
        summary.modeledTable().lines().forEach(out::println);
        out.println();
        out.println(summary.conclusion(nanos));
    }

    private PathMatcher matcher(String glob) {
        try {
            return FileSystems.getDefault().getPathMatcher("glob:" + glob);
        } catch (IllegalArgumentException e) {
            throw new UsageException("--guests " + glob + ": not a glob: " + e.getMessage());
        }
    }
}
