package shadowvisor.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Stack;
import picocli.CommandLine.IParameterConsumer;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * The optional value of {@code --events[=KINDS]}, which is followed by program files: the next
 * argument is taken as KINDS unless it names a program (a {@code .s} source or an existing file),
 * so {@code run --events hello.s} traces every kind of event of {@code hello.s}. Unknown kinds
 * are reported when the command checks its options, with the names it accepts.
 */
public final class EventKindsConsumer implements IParameterConsumer {
    /** The value when {@code --events} stands alone. */
    static final String ALL = "all";

    @Override
    public void consumeParameters(Stack<String> args, ArgSpec argSpec, CommandSpec commandSpec) {
        String value = ALL;
        if (!args.isEmpty() && !args.peek().startsWith("-") && !namesProgram(args.peek())) {
            value = args.pop();
        }
        argSpec.setValue(value);
    }

    private static boolean namesProgram(String arg) {
        if (arg.endsWith(".s")) {
            return true;
        }
        try {
            return Files.exists(Path.of(arg));
        } catch (RuntimeException e) {
            return false;
        }
    }
}
