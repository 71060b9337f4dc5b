package shadowvisor.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import shadowvisor.asm.Program;
import shadowvisor.debug.Debugger;
import shadowvisor.machine.image.Image;
import shadowvisor.machine.isa.Profile;
import shadowvisor.mode.ModeStack;
import shadowvisor.run.RunOptions;

/**
 * {@code shadowvisor debug}: the guests of {@code run}, booted with the same options and stopped
 * before their first instruction, driven one command line at a time by {@link DebugInterpreter}
 * over the engine {@link Debugger}. Commands come from a person at a terminal (line editing and
 * history with JLine), else from stdin or {@code --script FILE}, each echoed after the prompt so
 * that a scripted transcript reads like a session. Everything goes to stdout, the guests'
 * consoles included. The session ends at {@code quit} or the end of input.
 */
@Command(name = "debug", sortOptions = false, description = {
        "Debug guest programs, natively or under a VMM: step, break, watch, and look at the guest's "
                + "registers, PSW, memory and page tables, the VMM's shadows, events and counters.",
        "Commands come from the terminal, or from stdin or --script FILE when not a terminal; 'help' lists them."},
        footer = {"", "Exit status: 0 after quit or the end of the commands; 1 when a command of a",
                "script or of piped input failed (the session went on); 2 for a usage or input error."})
final class DebugCommand implements Callable<Integer> {
    private static final Logger LOG = LogManager.getLogger(DebugCommand.class);

    @ParentCommand
    private ShadowvisorCommand top;

    @Option(names = "--mode", paramLabel = "MODE", converter = ModeName.class, defaultValue = "native",
            completionCandidates = ModeName.class,
            description = "native (default), segment, hybrid, shadow-trace, shadow-vtlb, or a stack of VMMs X/Y[/Z...].")
    private ModeStack mode;

    @Mixin
    private ProfileOption profile;

    @Mixin
    private GuestOptions guest;

    @Option(names = "--script", paramLabel = "FILE",
            description = "Read the debugger's commands from FILE (one per line, # starts a comment) instead of stdin.")
    private Path script;

    @Parameters(paramLabel = "PROGRAM", arity = "1..*",
            description = "Assembly sources (.s), whose labels work as addresses, or images written by 'asm -o'; "
                    + "several run as several VMs.")
    private List<Path> programs;

    @Override
    public Integer call() {
        Terminal terminal = top.terminal();
        List<String> scriptLines = script == null ? null : readScript(script);
        List<Program> loaded = new ArrayList<>();
        for (Path p : programs) {
            loaded.add(ProgramFiles.program(p));
        }
        List<Image> images = loaded.stream().map(Program::image).toList();
        Profile machine = profile.forRun(programs, images);
        guest.checkImagesFit(programs, images);
        RunOptions options = guest.applyTo(RunOptions.defaults(mode))
                .withProfile(machine)
                .withLiveConsole(terminal.out());
        LOG.debug("debug {} in mode {}, profile {}, mem {} words", programs, mode.cliName(), machine.name(),
                guest.memWords());
        Debugger debugger = start(images, options);
        List<DebugSymbols> symbols = loaded.stream().map(p -> new DebugSymbols(p.labels())).toList();
        DebugInterpreter interpreter = new DebugInterpreter(debugger, symbols,
                programs.stream().map(Path::toString).toList(), terminal.out());
        boolean interactive;
        try (DebugInput input = input(terminal, scriptLines, interpreter, debugger)) {
            interactive = input.interactive();
            interpreter.greet();
            session(input, interpreter);
        }
        terminal.out().flush();
        return interpreter.errors() > 0 && !interactive ? 1 : 0;
    }

    /** Reads commands until {@code quit} or the end of input; at a terminal an empty line repeats the last command. */
    private static void session(DebugInput input, DebugInterpreter interpreter) {
        String last = null;
        for (String line = input.readLine(); line != null; line = input.readLine()) {
            if (input.interactive() && line.isBlank() && last != null) {
                line = last;
            } else if (!line.isBlank()) {
                last = line;
            }
            if (!interpreter.execute(line)) {
                return;
            }
        }
    }

    private static Debugger start(List<Image> images, RunOptions options) {
        try {
            return Debugger.start(images, options);
        } catch (IllegalArgumentException e) {
            // The runner's one-line refusal: several programs natively, a memory a mode cannot map.
            throw new UsageException(e.getMessage());
        } catch (OutOfMemoryError e) {
            throw new UsageException("not enough host memory for " + images.size() + " guest(s) of "
                    + options.memWords() + " words: use a smaller --mem or give the JVM more (-Xmx)");
        }
    }

    /** The whole script, read before anything boots, so that a file that cannot be read is a usage error. */
    private static List<String> readScript(Path file) {
        ProgramFiles.checkReadable(file, "script");
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (CharacterCodingException e) {
            throw new UsageException("--script " + file + ": not UTF-8 text");
        } catch (IOException e) {
            throw new UsageException("--script " + file + ": cannot read (" + e.getMessage() + ")");
        }
    }

    /**
     * The script when given; else a person at a terminal when the process's stdin and stdout are
     * one (JLine, falling back to plain lines when it cannot open the terminal); else stdin's lines.
     */
    private static DebugInput input(Terminal terminal, List<String> script, DebugInterpreter interpreter,
                                    Debugger debugger) {
        if (script != null) {
            return new DebugInput.Scripted(script, terminal.out());
        }
        if (terminal.isSystem() && StandardStreams.interactive()) {
            try {
                return new DebugInput.Interactive(interpreter.completionWords(), debugger::interrupt);
            } catch (IOException | RuntimeException e) {
                LOG.debug("no line editing: {}", e.toString());
            }
        }
        return new DebugInput.Scripted(new BufferedReader(new InputStreamReader(terminal.in(), StandardCharsets.UTF_8)),
                terminal.out());
    }
}
