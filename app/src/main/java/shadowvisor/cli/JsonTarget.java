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
        if (!Files.exists(file)) {
            // Permission bits do not tell everything (root, read-only or special file systems):
            // create the file and remove it again, so the run is never wasted on a report that
            // cannot be written. An existing file is left untouched until the report replaces it.
            try {
                Files.createFile(file);
                Files.delete(file);
            } catch (IOException e) {
                throw new UsageException("--json " + file + ": cannot write there (" + reason(e) + ")");
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

    /** Writes {@code json} and a final newline to {@code file}. */
    static void write(Path file, String json) {
        try {
            Files.writeString(file, json + "\n");
        } catch (IOException e) {
            throw new UsageException(file + ": cannot write the report: " + e.getMessage());
        }
    }
}
