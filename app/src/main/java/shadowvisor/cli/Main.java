package shadowvisor.cli;

import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;

/**
 * The entry point of {@code shadowvisor.jar}: builds the command line over the process's
 * streams, runs it and exits with its status. {@link #commandLine} is the same command line
 * over any streams, which is how tests run every command in-process.
 */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        int status;
        try {
            status = commandLine(Terminal.system()).execute(args);
        } catch (Throwable t) {
            // picocli hands exceptions to the ErrorReporter; an Error (a stack overflow, a
            // failure to link a class) escapes it and still must not become a stack trace.
            System.err.println("shadowvisor: internal error: " + t + " (this is a bug in shadowvisor)");
            status = ErrorReporter.INTERNAL;
        }
        System.out.flush();
        System.exit(status);
    }

    /**
     * The whole command line writing to {@code terminal}: help and usage text to its streams,
     * every error reported as one line by {@link ErrorReporter}.
     */
    public static CommandLine commandLine(Terminal terminal) {
        CommandLine cmd = new CommandLine(new ShadowvisorCommand(terminal));
        cmd.setOut(new PrintWriter(new OutputStreamWriter(terminal.out(), StandardCharsets.UTF_8), true));
        cmd.setErr(new PrintWriter(new OutputStreamWriter(terminal.err(), StandardCharsets.UTF_8), true));
        ErrorReporter reporter = new ErrorReporter(terminal.err());
        cmd.setParameterExceptionHandler(reporter);
        cmd.setExecutionExceptionHandler(reporter);
        return cmd;
    }
}
