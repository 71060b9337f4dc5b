package shadowvisor.cli;

import java.io.PrintStream;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * Turns every failure of the command line into one line on stderr and an exit status, so that
 * no user ever sees a Java stack trace (spec section 9). Parse errors (an unknown option, a
 * value that does not convert, a missing program) and {@link UsageException}s print
 * {@code shadowvisor: error: ...} and exit {@value #USAGE}; an {@link AssemblyException} prints
 * the assembler's diagnostics instead and exits {@value #USAGE} too. Anything else escaping a command is
 * a bug in shadowvisor: it prints {@code shadowvisor: internal error: ...} naming the exception
 * and exits {@value #INTERNAL} (sysexits' EX_SOFTWARE); the stack trace goes to the log at
 * debug level, so {@code --verbose} shows it to whoever reports the bug.
 */
final class ErrorReporter implements IParameterExceptionHandler, IExecutionExceptionHandler {
    /** Exit status of a usage or input error. */
    static final int USAGE = 2;
    /** Exit status of a bug in shadowvisor. */
    static final int INTERNAL = 70;

    private static final Logger LOG = LogManager.getLogger(ErrorReporter.class);

    private final PrintStream err;

    ErrorReporter(PrintStream err) {
        this.err = err;
    }

    @Override
    public int handleParseException(ParameterException ex, String[] args) {
        CommandLine cmd = ex.getCommandLine();
        err.println("shadowvisor: error: " + reason(ex) + " (see '" + cmd.getCommandSpec().qualifiedName() + " --help')");
        err.flush();
        return USAGE;
    }

    @Override
    public int handleExecutionException(Exception ex, CommandLine cmd, ParseResult parseResult) {
        if (ex instanceof UsageException) {
            usageError(ex.getMessage());
            return USAGE;
        }
        if (ex instanceof AssemblyException a) {
            a.lines().forEach(err::println);
            err.flush();
            return USAGE;
        }
        if (ex instanceof ParameterException p) {
            return handleParseException(p, parseResult.originalArgs().toArray(new String[0]));
        }
        LOG.debug("internal error", ex);
        String message = ex.getMessage();
        err.println("shadowvisor: internal error: " + ex.getClass().getName()
                + (message == null ? "" : ": " + firstLine(message)) + " (this is a bug in shadowvisor)");
        err.flush();
        return INTERNAL;
    }

    /**
     * The reason in the user's words. picocli says "Unmatched argument at index 0" for a
     * misspelt command and may add "Did you mean" lines; its first line carries the reason.
     */
    private static String reason(ParameterException ex) {
        if (ex instanceof UnmatchedArgumentException u && !u.getUnmatched().isEmpty()) {
            String first = u.getUnmatched().get(0);
            CommandLine cmd = ex.getCommandLine();
            if (!cmd.getSubcommands().isEmpty() && !first.startsWith("-")) {
                return "unknown command '" + first + "' (expected one of "
                        + String.join(", ", cmd.getSubcommands().keySet()) + ")";
            }
            if (!first.startsWith("-")) {
                return "unexpected argument '" + first + "'";
            }
        }
        return firstLine(ex.getMessage());
    }

    /** Prints the one line of a usage error. */
    void usageError(String message) {
        err.println("shadowvisor: error: " + firstLine(message));
        err.flush();
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "(no message)";
        }
        int nl = message.indexOf('\n');
        return (nl < 0 ? message : message.substring(0, nl)).strip();
    }
}
