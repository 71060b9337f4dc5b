package shadowvisor.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The FILE of a {@code --json FILE} option: checked before the guests run, so that a long run is
 * not wasted on a report that cannot be written, and written after them. Both failures are
 * usage errors (one line, status 2).
 */
final class JsonTarget {
    private JsonTarget() {
    }

    /**
     * Fails with one line when {@code file} is a directory, its directory does not exist, or it
     * cannot be written (an existing read-only file, a new file in a read-only directory); null
     * passes.
     */
    static void check(Path file) {
        if (file == null) {
            return;
        }
        Path dir = file.toAbsolutePath().getParent();
        if (Files.isDirectory(file)) {
            throw new UsageException("--json " + file + ": is a directory");
        }
        if (dir != null && !Files.isDirectory(dir)) {
            throw new UsageException("--json " + file + ": no such directory " + dir);
        }
        if (Files.exists(file) ? !Files.isWritable(file) : dir != null && !Files.isWritable(dir)) {
            throw new UsageException("--json " + file + ": cannot write there (permission denied)");
        }
    }

    /** Writes {@code json} and a final newline to {@code file}. */
    static void write(Path file, String json) {
        try {
            Files.writeString(file, json + "\n");
        } catch (IOException e) {
            throw new UsageException(file + ": cannot write the report: " + e.getMessage());
        }
    }
}
