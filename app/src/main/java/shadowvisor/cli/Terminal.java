package shadowvisor.cli;

import java.io.PrintStream;

/**
 * The standard output and error of one invocation, as every command sees them. Commands never
 * touch {@code System.out} or {@code System.err} directly, so a test runs the whole command
 * line in-process with both streams captured, and two invocations can coexist.
 *
 * @param out where results go: guest console bytes, listings, disassembly, the demo
 * @param err where counters, traces and diagnostics go
 */
public record Terminal(PrintStream out, PrintStream err) {
    /** The process's own streams. */
    public static Terminal system() {
        return new Terminal(System.out, System.err);
    }
}
