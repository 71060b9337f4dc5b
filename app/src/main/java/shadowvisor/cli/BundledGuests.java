package shadowvisor.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Enumeration;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import shadowvisor.asm.Assembler;

/**
 * The guest programs that ship inside shadowvisor: the files under {@code guests/} in the
 * guest-kernels module's resources ({@code guest-kernels/src/main/resources/guests/}). Every
 * {@code *.s} file directly in that folder is a guest; files in subfolders (or with other
 * names) are there to be included by them.
 *
 * <p>The folder is found next to the assembler's own classes, a directory while developing and
 * a jar entry in the shaded jar, and is copied as a whole into a temporary directory: the
 * assembler reads files, and {@code .include} paths are relative to the including file, so the
 * guests must sit in a real folder with their includes. {@link #close} deletes the copy.
 */
final class BundledGuests implements AutoCloseable {
    /** The resource folder, as the guest-kernels module lays it out. */
    static final String FOLDER = "guests";

    private final Path root;

    private BundledGuests(Path root) {
        this.root = root;
    }

    /** Copies the bundled guests out of the class path. */
    static BundledGuests extract() {
        try {
            Path root = Files.createTempDirectory("shadowvisor-guests");
            Path codeSource = Path.of(Assembler.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            if (Files.isDirectory(codeSource)) {
                copyFolder(codeSource.resolve(FOLDER), root);
            } else {
                copyFromJar(codeSource, root);
            }
            return new BundledGuests(root);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot extract the bundled guests: " + e.getMessage(), e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException("cannot locate the bundled guests: " + e.getMessage(), e);
        }
    }

    /** The guests, sorted by name. */
    List<Path> guests() {
        try (Stream<Path> files = Files.list(root)) {
            return files.filter(p -> Files.isRegularFile(p) && p.getFileName().toString().endsWith(".s"))
                    .sorted(Comparator.comparing(p -> p.getFileName().toString()))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void copyFolder(Path from, Path to) throws IOException {
        if (!Files.isDirectory(from)) {
            return;
        }
        List<Path> files;
        try (Stream<Path> walk = Files.walk(from)) {
            files = walk.filter(Files::isRegularFile).toList();
        }
        for (Path f : files) {
            Path target = to.resolve(from.relativize(f).toString());
            Files.createDirectories(target.getParent());
            Files.copy(f, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static void copyFromJar(Path jar, Path to) throws IOException {
        String prefix = FOLDER + "/";
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            Enumeration<? extends ZipEntry> entries = zip.entries();
            while (entries.hasMoreElements()) {
                ZipEntry e = entries.nextElement();
                if (e.isDirectory() || !e.getName().startsWith(prefix)) {
                    continue;
                }
                Path target = to.resolve(e.getName().substring(prefix.length())).normalize();
                if (!target.startsWith(to)) {
                    continue; // a name with "..": never write outside the copy
                }
                Files.createDirectories(target.getParent());
                try (InputStream in = zip.getInputStream(e)) {
                    Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    /** Deletes the temporary copy. */
    @Override
    public void close() {
        List<Path> paths;
        try (Stream<Path> walk = Files.walk(root)) {
            paths = new ArrayList<>(walk.toList());
        } catch (IOException e) {
            return; // nothing left to delete, or nothing we can do
        }
        paths.sort(Comparator.reverseOrder());
        for (Path p : paths) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException e) {
                // A leftover file in the temporary directory is harmless.
            }
        }
    }
}
