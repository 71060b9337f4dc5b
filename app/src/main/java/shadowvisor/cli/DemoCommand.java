package shadowvisor.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;
import shadowvisor.machine.image.Image;
import shadowvisor.run.Mode;
import shadowvisor.run.RunOptions;
import shadowvisor.run.RunReport;

/**
 * {@code shadowvisor demo}: runs every bundled guest ({@link BundledGuests}) in each mode of
 * {@link #MODES}, shows each guest's console and how it ended, then a table with one row per
 * guest and mode. The modes are data: the comparison of spec section 9 ("the bundled guest
 * kernels in every mode, with the comparison table") grows by adding modes to the list and
 * columns to the table, not by new control flow.
 *
 * <p>Exit status 0 when every guest assembled and ran (whatever its own exit), 1 when one did
 * not: a bundled guest that fails is a defect of the bundle, reported and then skipped so the
 * rest of the demo still runs.
 */
@Command(name = "demo", description = "Run the bundled guest programs and show what they did.")
final class DemoCommand implements Callable<Integer> {
    /** The modes each guest runs in, in the order the demo shows them. */
    static final List<Mode> MODES = List.of(Mode.NATIVE);

    @ParentCommand
    private ShadowvisorCommand top;

    /** One row of the table: a guest in a mode, with its report, or the reason it has none. */
    private record Row(String guest, Mode mode, RunReport report, String failure) {
    }

    @Override
    public Integer call() {
        PrintStream out = top.terminal().out();
        PrintStream err = top.terminal().err();
        List<Row> rows = new ArrayList<>();
        try (BundledGuests bundle = BundledGuests.extract()) {
            List<Path> guests = bundle.guests();
            if (guests.isEmpty()) {
                throw new IllegalStateException("no bundled guests found under " + BundledGuests.FOLDER + "/");
            }
            out.printf("shadowvisor demo: %d bundled guests, run %s%n", guests.size(), modeNames());
            for (Path guest : guests) {
                String name = guest.getFileName().toString();
                Image image;
                try {
                    image = ProgramFiles.load(guest);
                } catch (AssemblyException e) {
                    e.lines().forEach(err::println);
                    MODES.forEach(m -> rows.add(new Row(name, m, null, "does not assemble")));
                    continue;
                }
                for (Mode mode : MODES) {
                    rows.add(runOne(out, name, image, mode));
                }
            }
        }
        out.println();
        printTable(out, rows);
        out.flush();
        return rows.stream().allMatch(r -> r.report() != null) ? 0 : 1;
    }

    private static Row runOne(PrintStream out, String name, Image image, Mode mode) {
        out.printf("%n-- %s (%s)%n", name, mode.cliName());
        RunReport r;
        try {
            r = GuestRuns.run(List.of(image), RunOptions.defaults(mode)).get(0);
        } catch (UsageException e) {
            out.println("   not run: " + e.getMessage());
            return new Row(name, mode, null, "not run");
        }
        byte[] console = r.console();
        out.write(console, 0, console.length);
        if (console.length > 0 && console[console.length - 1] != '\n') {
            out.println();
        }
        out.printf("   %s; %d instructions; traps %s%n", RunSummary.exit(r), r.instructions(),
                orNone(RunSummary.causes(r.traps())));
        return new Row(name, mode, r, null);
    }

    private static void printTable(PrintStream out, List<Row> rows) {
        int width = Math.max("guest".length(), rows.stream().mapToInt(r -> r.guest().length()).max().orElse(0));
        String format = "%-" + width + "s  %-12s  %-9s  %6s  %12s  %s%n";
        out.printf(format, "guest", "mode", "exit", "status", "instructions", "traps");
        for (Row row : rows) {
            RunReport r = row.report();
            if (r == null) {
                out.printf(format, row.guest(), row.mode().cliName(), row.failure(), "-", "-", "-");
            } else {
                out.printf(format, row.guest(), row.mode().cliName(), r.exitKind().jsonName(), r.status(),
                        r.instructions(), orNone(RunSummary.causes(r.traps())));
            }
        }
    }

    private static String modeNames() {
        return MODES.size() == 1 ? "in mode " + MODES.get(0).cliName()
                : "in modes " + String.join(", ", MODES.stream().map(Mode::cliName).toList());
    }

    private static String orNone(String s) {
        return s.isEmpty() ? "none" : s;
    }
}
