package shadowvisor.cli;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import shadowvisor.debug.Breakpoint;
import shadowvisor.debug.DebugTarget;
import shadowvisor.debug.Debugger;
import shadowvisor.debug.GuestEnd;
import shadowvisor.debug.ShadowProbe;
import shadowvisor.debug.Stop;
import shadowvisor.debug.VmTarget;
import shadowvisor.machine.TrapCause;
import shadowvisor.vmm.VmmEvent;
import shadowvisor.vmm.shadow.ShadowVmm;

/**
 * The command language of {@code shadowvisor debug}: one line, one command, gdb's names and
 * short forms where gdb has them ({@code s}, {@code c}, {@code b}, {@code x}, {@code info break},
 * {@code d}, {@code q}), executed against a {@link Debugger} and printed with {@link DebugViews}.
 * A command that cannot be carried out prints one line {@code error: ...} and the session goes
 * on; nothing a user types ends in a stack trace.
 */
final class DebugInterpreter {
    /** Events shown by {@code events} without a count. */
    static final int DEFAULT_EVENTS = 20;
    /** The most words one {@code x} or {@code xp} lists. */
    static final int MAX_WORDS = 4096;

    /** One command: its name, short forms, usage line, summary, and what it does with its arguments. */
    private record Command(String name, List<String> aliases, String usage, String summary, Action action) {
    }

    @FunctionalInterface
    private interface Action {
        /** Carries the command out; a user's mistake is an {@link IllegalArgumentException} with the reason. */
        void run(List<String> args);
    }

    private final Debugger debugger;
    private final List<DebugSymbols> symbols;
    private final List<String> programs;
    private final PrintStream out;
    private final Map<String, Command> byName = new LinkedHashMap<>();
    private final List<Command> commands = new ArrayList<>();
    private int errors;
    private boolean quit;

    /**
     * @param debugger the session
     * @param symbols  the labels of each guest's program, in the debugger's target order
     * @param programs each guest's program as named on the command line, in the same order
     * @param out      where everything is printed (stdout, with the guests' consoles)
     */
    DebugInterpreter(Debugger debugger, List<DebugSymbols> symbols, List<String> programs, PrintStream out) {
        this.debugger = debugger;
        this.symbols = List.copyOf(symbols);
        this.programs = List.copyOf(programs);
        this.out = out;
        define("step", List.of("s", "si", "stepi"), "step [N]",
                "Execute N guest instructions (default 1): each retires one (emulated and interpreted ones too) "
                        + "or delivers a trap into the guest's handler; stops early at a breakpoint, watch or event.",
                this::step);
        define("continue", List.of("c", "cont"), "continue",
                "Run until a breakpoint, a watch, an event breakpoint or the guest's end.", this::resume);
        define("break", List.of("b", "br"), "break ADDR|LABEL  |  break event KIND [CAUSE]",
                "Stop before the instruction at a guest-virtual address; or at the next VMM event of KIND (emulate, "
                        + "reflect, hidden, true, wp, sync, drop, forward, tick, slice, shutdown, the groups fault and "
                        + "shadow, a comma list, or exit for any exit), whose exit had CAUSE when given "
                        + "(break event exit PAGE).", this::breakpoint);
        define("watch", List.of(), "watch GPA|LABEL", "Stop when the guest-physical word changes.", this::watch);
        define("info", List.of("i"), "info break | info registers", "List the breakpoints, or show the registers.",
                this::info);
        define("delete", List.of("d"), "delete [N...]", "Delete breakpoints N (every breakpoint without N).",
                this::delete);
        define("regs", List.of("registers"), "regs", "The registers r0..r15 (r14 = sp, r15 = lr).", this::registers);
        define("psw", List.of(), "psw",
                "The PSW decoded, with ptbr and timer; under a VMM the vPSW beside the hardware's PSW.", this::psw);
        define("x", List.of(), "x ADDR [N]",
                "N words (default 1) at a guest-virtual address, translated as the guest would read them now, "
                        + "without setting A or D bits.", args -> memory(args, true));
        define("xp", List.of(), "xp GPA [N]", "N words (default 1) at a guest-physical address.",
                args -> memory(args, false));
        define("pt", List.of(), "pt VA [read|write|fetch] [user|supervisor]",
                "The guest's translation of VA: segment, PDE and PTE with their bits, and the address or fault, "
                        + "for a read in the guest's current mode unless an access and a mode are named.",
                this::pageWalk);
        define("shadow", List.of(), "shadow VA",
                "Under shadow-trace and shadow-vtlb: the shadow PDE and PTE for VA beside the guest's, and "
                        + "guest-physical to host-physical.", this::shadow);
        define("tlb", List.of(), "tlb", "The hardware TLB's valid entries.", this::tlb);
        define("events", List.of(), "events [N]", "The last N VMM events (default " + DEFAULT_EVENTS + ").",
                this::events);
        define("counters", List.of(), "counters", "Retired instructions, traps, TLB and VMM counters, as run prints them.",
                this::counters);
        define("vm", List.of(), "vm [N]", "Select VM N (the one that runs and is shown); without N, list the VMs.",
                this::vm);
        define("help", List.of("h", "?"), "help [COMMAND]", "This list, or one command's usage.", this::help);
        define("quit", List.of("q", "exit"), "quit", "End the session.", args -> quit = true);
    }

    private void define(String name, List<String> aliases, String usage, String summary, Action action) {
        Command c = new Command(name, aliases, usage, summary, action);
        commands.add(c);
        byName.put(name, c);
        aliases.forEach(a -> byName.put(a, c));
    }

    /** Command errors so far. */
    int errors() {
        return errors;
    }

    /** What Tab completes at a terminal: the command names and the labels of every program. */
    List<String> completionWords() {
        List<String> words = new ArrayList<>(byName.keySet());
        symbols.forEach(s -> words.addAll(s.names()));
        return words;
    }

    /** The first lines of a session: what runs where, and the first instruction. */
    void greet() {
        List<DebugTarget> targets = debugger.targets();
        String mode = debugger.virtualized() ? debugger.preparedRun().stack().cliName() : "native";
        if (targets.size() == 1) {
            out.println("shadowvisor debug: " + programs.get(0) + (debugger.virtualized() ? " as " + targets.get(0).name()
                    + " of " + mode : " on the bare machine") + ", " + targets.get(0).memory().size()
                    + " words; stopped before its first instruction ('help' lists the commands)");
        } else {
            List<String> vms = new ArrayList<>();
            for (int i = 0; i < targets.size(); i++) {
                vms.add(targets.get(i).name() + " " + programs.get(i));
            }
            out.println("shadowvisor debug: " + targets.size() + " VMs of " + mode + " (" + String.join(", ", vms)
                    + "); vm1 selected, each stopped before its first instruction ('help' lists the commands)");
        }
        out.println(DebugViews.location(debugger.target(), symbols()));
    }

    /**
     * Executes one command line: blank lines and {@code #} comments do nothing.
     *
     * @return false once the session must end ({@code quit})
     */
    boolean execute(String line) {
        String text = line.strip();
        if (text.isEmpty() || text.startsWith("#")) {
            return !quit;
        }
        List<String> words = new ArrayList<>(Arrays.asList(text.split("\\s+")));
        String name = words.remove(0).toLowerCase(Locale.ROOT);
        Command command = byName.get(name);
        if (command == null) {
            error("unknown command '" + name + "' (try 'help')");
            return true;
        }
        try {
            command.action().run(words);
        } catch (IllegalArgumentException | IllegalStateException e) {
            error(command.name() + ": " + e.getMessage());
        } catch (RuntimeException e) {
            // A bug of ours: still one line, and the session goes on.
            error(command.name() + ": internal error: " + e + " (this is a bug in shadowvisor)");
        }
        out.flush();
        return !quit;
    }

    private void error(String message) {
        errors++;
        out.println("error: " + message);
        out.flush();
    }

    private DebugSymbols symbols() {
        return symbols.get(debugger.targets().indexOf(debugger.target()));
    }

    // ---------------------------------------------------------------------------------------
    // Running.

    private void step(List<String> args) {
        atMost(args, 1, "step [N]");
        long n = args.isEmpty() ? 1 : count(args.get(0), Long.MAX_VALUE);
        report(() -> debugger.step(n));
    }

    private void resume(List<String> args) {
        atMost(args, 0, "continue");
        report(debugger::resume);
    }

    /** Runs, then says why it stopped and where the guest stands, on a line of its own after the guest's output. */
    private void report(java.util.function.Supplier<Stop> run) {
        DebugTarget t = debugger.target();
        int consoleBefore = t.console().output().length;
        Stop stop = run.get();
        byte[] console = t.console().output();
        if (debugger.targets().size() == 1 && console.length > consoleBefore && console[console.length - 1] != '\n') {
            out.println(); // the guest left a line unfinished: the debugger's lines start on their own
        }
        DebugViews.stop(stop, t, symbols()).forEach(out::println);
        GuestEnd end = t.end();
        if (end == null) {
            out.println(DebugViews.location(t, symbols()));
        } else if (!(stop instanceof Stop.Ended)) {
            out.println(DebugViews.ended(t.name(), end));
        }
    }

    // ---------------------------------------------------------------------------------------
    // Breakpoints.

    private void breakpoint(List<String> args) {
        if (args.isEmpty()) {
            throw new IllegalArgumentException("usage: break ADDR|LABEL, or break event KIND [CAUSE]");
        }
        if (args.get(0).equals("event")) {
            eventBreakpoint(args.subList(1, args.size()));
            return;
        }
        Breakpoint.Code b = debugger.breakAt(symbols().address(String.join("", args)));
        out.println("breakpoint " + b.id() + " at " + DebugViews.hex(b.pc()) + symbols().mark(b.pc()));
    }

    private void eventBreakpoint(List<String> args) {
        if (args.isEmpty() || args.size() > 2) {
            throw new IllegalArgumentException("usage: break event KIND [CAUSE], KIND one of exit, "
                    + VmmEvent.Kind.names() + "; CAUSE one of " + causes());
        }
        String kind = args.get(0).toLowerCase(Locale.ROOT);
        boolean exit = kind.equals("exit");
        Set<VmmEvent.Kind> kinds = exit ? EnumSet.allOf(VmmEvent.Kind.class) : VmmEvent.Kind.parse(kind);
        TrapCause cause = args.size() == 2 ? cause(args.get(1)) : null;
        String spelled = kind + (cause == null ? "" : " " + cause.name());
        Breakpoint.OnEvent b = debugger.breakOnEvent(kinds, exit, cause, spelled);
        out.println("event breakpoint " + b.id() + ": the next " + (exit ? "exit" : kind + " event")
                + (cause == null ? "" : (exit ? " by " : " from an exit by ") + cause.name()));
    }

    private static TrapCause cause(String name) {
        try {
            return TrapCause.valueOf(name.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown trap cause '" + name + "' (expected one of " + causes() + ")");
        }
    }

    private static String causes() {
        return String.join(", ", Arrays.stream(TrapCause.values()).map(Enum::name).toList());
    }

    private void watch(List<String> args) {
        if (args.isEmpty()) {
            throw new IllegalArgumentException("usage: watch GPA|LABEL");
        }
        Breakpoint.Watch w = debugger.watch(symbols().address(String.join("", args)));
        int now = debugger.target().memory().read(w.gpa());
        out.println("watch " + w.id() + ": gpa " + DebugViews.hex(w.gpa()) + symbols().mark(w.gpa()) + ", now "
                + DebugViews.hex(now));
    }

    private void info(List<String> args) {
        String what = args.isEmpty() ? "" : args.get(0).toLowerCase(Locale.ROOT);
        if (args.size() == 1 && List.of("break", "breakpoints", "b", "watch", "watchpoints").contains(what)) {
            List<Breakpoint> list = debugger.breakpoints();
            if (list.isEmpty()) {
                out.println("no breakpoints");
            }
            DebugViews.breakpoints(list, symbols()).forEach(out::println);
        } else if (args.size() == 1 && List.of("registers", "regs", "r").contains(what)) {
            registers(List.of());
        } else {
            throw new IllegalArgumentException("usage: info break, or info registers");
        }
    }

    private void delete(List<String> args) {
        if (args.isEmpty()) {
            debugger.deleteAll();
            out.println("deleted every breakpoint");
            return;
        }
        List<Integer> ids = new ArrayList<>();
        for (String a : args) {
            ids.add((int) count(a, Integer.MAX_VALUE));
        }
        for (int id : ids) {
            if (!debugger.delete(id)) {
                throw new IllegalArgumentException("no breakpoint " + id + " (see 'info break')");
            }
            out.println("deleted breakpoint " + id);
        }
    }

    // ---------------------------------------------------------------------------------------
    // Looking.

    private void registers(List<String> args) {
        atMost(args, 0, "regs");
        DebugViews.registers(debugger.target()).forEach(out::println);
    }

    private void psw(List<String> args) {
        atMost(args, 0, "psw");
        DebugViews.psw(debugger.target()).forEach(out::println);
    }

    private void memory(List<String> args, boolean virtual) {
        String usage = virtual ? "x ADDR [N]" : "xp GPA [N]";
        if (args.isEmpty() || args.size() > 2) {
            throw new IllegalArgumentException("usage: " + usage);
        }
        int address = symbols().address(args.get(0));
        int n = args.size() == 2 ? (int) count(args.get(1), MAX_WORDS) : 1;
        DebugTarget t = debugger.target();
        List<String> lines = virtual ? DebugViews.virtualMemory(t, symbols(), address, n, physicalName())
                : DebugViews.physicalMemory(t, symbols(), address, n);
        lines.forEach(out::println);
    }

    private void pageWalk(List<String> args) {
        String usage = "pt VA [read|write|fetch] [user|supervisor]";
        if (args.isEmpty() || args.size() > 3) {
            throw new IllegalArgumentException("usage: " + usage);
        }
        DebugTarget t = debugger.target();
        int kind = 0;
        boolean user = !t.psw().supervisor();
        for (String word : args.subList(1, args.size())) {
            switch (word) {
                case "read" -> kind = 0;
                case "write" -> kind = TrapCause.ACC_W;
                case "fetch" -> kind = TrapCause.ACC_F;
                case "user" -> user = true;
                case "supervisor" -> user = false;
                default -> throw new IllegalArgumentException("'" + word + "' is neither an access (read, write, "
                        + "fetch) nor a mode (user, supervisor); usage: " + usage);
            }
        }
        int access = kind | (user ? TrapCause.ACC_U : 0);
        DebugViews.walk(t, t.translate(symbols().address(args.get(0)), access), physicalName()).forEach(out::println);
    }

    private void shadow(List<String> args) {
        exactly(args, 1, "shadow VA");
        DebugTarget t = debugger.target();
        if (!(t instanceof VmTarget vm) || !(vm.vmm() instanceof ShadowVmm shadows)) {
            String mode = t instanceof VmTarget vm ? "mode " + vm.preparedRun().stack().cliName() : "mode native";
            throw new IllegalArgumentException(mode + " has no shadow page tables: shadow works under --mode "
                    + "shadow-trace and shadow-vtlb");
        }
        ShadowProbe probe = ShadowProbe.of(shadows, vm.vm(), t.translate(symbols().address(args.get(0))));
        DebugViews.shadow(vm, probe).forEach(out::println);
    }

    private void tlb(List<String> args) {
        atMost(args, 0, "tlb");
        DebugTarget t = debugger.target();
        String whose = t instanceof VmTarget ? "hardware TLB (below the VMM: "
                + (((VmTarget) t).vmm() instanceof ShadowVmm ? "shadow translations" : "empty while the VMM runs "
                + "guests with paging off") + ")" : "TLB";
        DebugViews.tlb(t.hardwareTlb(), whose).forEach(out::println);
    }

    private void events(List<String> args) {
        atMost(args, 1, "events [N]");
        if (!debugger.virtualized()) {
            throw new IllegalArgumentException("mode native has no VMM, so no VMM events");
        }
        int n = args.isEmpty() ? DEFAULT_EVENTS : (int) count(args.get(0), Debugger.EVENT_LOG_CAPACITY);
        List<VmmEvent> last = debugger.events().last(n);
        if (last.isEmpty()) {
            out.println("no VMM events yet");
            return;
        }
        out.println("the last " + last.size() + " of " + debugger.events().recorded() + " VMM events:");
        DebugViews.events(last).forEach(out::println);
    }

    private void counters(List<String> args) {
        atMost(args, 0, "counters");
        DebugTarget t = debugger.target();
        String mode = debugger.virtualized() ? debugger.preparedRun().stack().cliName() : "native";
        GuestEnd end = t.end();
        out.println("== " + t.name() + " (" + mode + "): " + (end == null ? "stopped"
                : RunSummary.exit(end.kind(), end.powerValue(), end.reason())));
        DebugViews.counters(t).forEach(out::println);
    }

    private void vm(List<String> args) {
        atMost(args, 1, "vm [N]");
        List<DebugTarget> targets = debugger.targets();
        if (args.isEmpty()) {
            for (int i = 0; i < targets.size(); i++) {
                DebugTarget t = targets.get(i);
                GuestEnd end = t.end();
                out.println((t == debugger.target() ? "* " : "  ") + t.name() + "  " + programs.get(i) + "  retired "
                        + t.retired() + ", " + (end == null ? "stopped at " + DebugViews.hex(t.psw().pc())
                        : RunSummary.exit(end.kind(), end.powerValue(), end.reason())));
            }
            return;
        }
        if (!debugger.virtualized()) {
            throw new IllegalArgumentException("mode native runs one guest on the bare machine: there is no VM to select");
        }
        DebugTarget t = debugger.select((int) count(args.get(0), Integer.MAX_VALUE));
        out.println(t.name() + " (" + programs.get(targets.indexOf(t)) + ") selected");
        GuestEnd end = t.end();
        out.println(end == null ? DebugViews.location(t, symbols()) : DebugViews.ended(t.name(), end));
    }

    private void help(List<String> args) {
        atMost(args, 1, "help [COMMAND]");
        if (args.size() == 1) {
            Command c = byName.get(args.get(0).toLowerCase(Locale.ROOT));
            if (c == null) {
                throw new IllegalArgumentException("no command '" + args.get(0) + "'");
            }
            out.println(c.usage() + (c.aliases().isEmpty() ? "" : "   (also " + String.join(", ", c.aliases()) + ")"));
            out.println("  " + c.summary());
            return;
        }
        int width = commands.stream().mapToInt(c -> c.usage().length()).max().orElse(0);
        for (Command c : commands) {
            out.println(String.format("%-" + width + "s  %s", c.usage(), firstSentence(c.summary())));
        }
        out.println("Addresses: decimal, 0x hex, a label of the program, or label+N. An empty line at a terminal "
                + "repeats the last command.");
    }

    private static String firstSentence(String s) {
        int end = s.indexOf(": ");
        int stop = s.indexOf("; ");
        int cut = end < 0 ? stop : stop < 0 ? end : Math.min(end, stop);
        return cut < 0 ? s : s.substring(0, cut) + ".";
    }

    /** "physical" natively, "gpa" under a VMM: what the guest's addresses translate to. */
    private String physicalName() {
        return debugger.virtualized() ? "gpa" : "pa";
    }

    // ---------------------------------------------------------------------------------------
    // Arguments.

    private static void atMost(List<String> args, int n, String usage) {
        if (args.size() > n) {
            throw new IllegalArgumentException("usage: " + usage);
        }
    }

    private static void exactly(List<String> args, int n, String usage) {
        if (args.size() != n) {
            throw new IllegalArgumentException("usage: " + usage);
        }
    }

    /** A positive count (decimal, {@code 0x} hex, {@code _} between digits) no larger than {@code max}. */
    private static long count(String text, long max) {
        String digits = text.replace("_", "");
        long value;
        try {
            value = digits.startsWith("0x") || digits.startsWith("0X") ? Long.parseLong(digits.substring(2), 16)
                    : Long.parseLong(digits);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "' is not a count");
        }
        if (value < 1 || value > max) {
            throw new IllegalArgumentException("'" + text + "' must be from 1 to " + max);
        }
        return value;
    }
}
