package shadowvisor.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Whether the process's standard streams are terminals, which Java cannot tell by itself
 * ({@link System#console()} answers for stdin and stdout together before JDK 22, and no longer
 * at all from JDK 22, which gives a console to redirected streams). The launcher says so in
 * {@code SHADOWVISOR_STDIN_TTY} and {@code SHADOWVISOR_STDOUT_TTY} (from {@code [ -t 0 ]} and
 * {@code [ -t 1 ]}); without it, Linux tells through {@code /proc/self/fd}.
 */
final class StandardStreams {
    private StandardStreams() {
    }

    /** Whether a person types on stdin and reads stdout: {@code debug} then edits lines with JLine. */
    static boolean interactive() {
        return isTerminal(0, "SHADOWVISOR_STDIN_TTY") && isTerminal(1, "SHADOWVISOR_STDOUT_TTY");
    }

    private static boolean isTerminal(int fd, String variable) {
        String told = System.getenv(variable);
        if (told != null) {
            return told.equals("1");
        }
        try {
            String target = Files.readSymbolicLink(Path.of("/proc/self/fd/" + fd)).toString();
            return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return false; // no way to tell: plain lines are the safe choice
        }
    }
}
