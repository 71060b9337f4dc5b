package shadowvisor.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The FILE of an option that writes data for other tools ({@code --json FILE}, {@code --csv FILE}):
 * checked before the guests run, so that a long run is not wasted on a report that cannot be
 * written, and written after them. Both failures are usage errors (one line, status 2), named
 * after the option. The FILE {@code -} is standard output, always fine (a file named {@code -}
 * is written as {@code ./-}); a command whose data goes there moves what it would print on
 * stdout for people to stderr, so that stdout carries the data alone ({@link #toStdout}).
 *
 * @param option the option's name, {@code --json} or {@code --csv}, for the messages
 * @param file   the path given, {@code -} for standard output
 */
record OutputTarget(String option, Path file) {
    /** The FILE that names standard output. */
    static final String STDOUT = "-";

    /** The target of {@code option}, or null when the option was not given ({@code file} null). */
    static OutputTarget of(String option, Path file) {
        return file == null ? null : new OutputTarget(option, file);
    }

    /** Whether {@code target} is given and is standard output. */
    static boolean toStdout(OutputTarget target) {
        return target != null && target.stdout();
    }

    /** Whether this target is standard output ({@code -}). */
    boolean stdout() {
        return file.toString().equals(STDOUT);
    }

    /**
     * Fails with one line when the file is a directory, its directory does not exist, or it
     * cannot be written (an existing read-only file, a new file in a read-only directory, a
     * file system where no file can be created); standard output passes.
     */
    void check() {
        if (stdout()) {
            return;
        }
        Path dir = file.toAbsolutePath().getParent();
        if (Files.isDirectory(file)) {
            throw new UsageException(option + " " + file + ": is a directory");
        }
        if (dir != null && !Files.isDirectory(dir)) {
            throw new UsageException(option + " " + file + ": no such directory " + dir);
        }
        if (Files.exists(file) ? !Files.isWritable(file) : dir != null && !Files.isWritable(dir)) {
            throw new UsageException(option + " " + file + ": cannot write there (permission denied)");
        }
        if (!Files.exists(file)) {
            // Permission bits do not tell everything (root, read-only or special file systems):
            // create the file and remove it again, so the run is never wasted on a report that
            // cannot be written. An existing file is left untouched until the report replaces it.
            try {
                Files.createFile(file);
                Files.delete(file);
            } catch (IOException e) {
                throw new UsageException(option + " " + file + ": cannot write there (" + reason(e) + ")");
            }
        }
    }

    /** {@link #check()}s each target given (nulls pass), and refuses two targets that both are stdout. */
    static void check(OutputTarget... targets) {
        OutputTarget onStdout = null;
        for (OutputTarget t : targets) {
            if (t == null) {
                continue;
            }
            t.check();
            if (t.stdout()) {
                if (onStdout != null) {
                    throw new UsageException(onStdout.option + " - and " + t.option
                            + " -: only one of them can write to stdout (give the other a FILE)");
                }
                onStdout = t;
            }
        }
    }

    private static String reason(IOException e) {
        String m = e.getMessage();
        return e instanceof java.nio.file.AccessDeniedException ? "permission denied"
                : e instanceof java.nio.file.NoSuchFileException ? "the file system lets no file be created there"
                : e instanceof java.nio.file.FileSystemException f && f.getReason() != null ? f.getReason()
                : m == null ? e.getClass().getSimpleName() : m;
    }

    /**
     * Writes {@code text}, as UTF-8, to the file or to {@code stdout} (flushed). The caller
     * gives the final newline it wants ({@link #writeLine} adds one).
     */
    void write(PrintStream stdout, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        if (stdout()) {
            stdout.write(bytes, 0, bytes.length);
            stdout.flush();
            return;
        }
        try {
            Files.write(file, bytes);
        } catch (IOException e) {
            throw new UsageException(file + ": cannot write the report: " + e.getMessage());
        }
    }

    /** {@link #write} of {@code text} and a final newline (a JSON document). */
    void writeLine(PrintStream stdout, String text) {
        write(stdout, text + "\n");
    }
}
