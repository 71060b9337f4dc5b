package shadowvisor.cli;

import java.io.InputStream;
import java.io.PrintStream;

/**
 * The standard streams of one invocation, as every command sees them. Commands never touch
 * {@code System.out}, {@code System.err} or {@code System.in} directly, so a test runs the whole
 * command line in-process with the streams captured (and {@code debug}'s commands fed from a
 * string), and two invocations can coexist.
 *
 * @param out where results go: guest console bytes, listings, disassembly, the demo
 * @param err where counters, traces and diagnostics go
 * @param in  where commands are read from ({@code debug}); empty unless given
 */
public record Terminal(PrintStream out, PrintStream err, InputStream in) {
    /** Streams with nothing to read. */
    public Terminal(PrintStream out, PrintStream err) {
        this(out, err, InputStream.nullInputStream());
    }

    /** The process's own streams. */
    public static Terminal system() {
        return new Terminal(System.out, System.err, System.in);
    }

    /** Whether these are the process's own streams, so that a terminal may stand behind them. */
    public boolean isSystem() {
        return out == System.out && in == System.in;
    }
}
