package shadowvisor.suite;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import shadowvisor.asm.Assembler;
import shadowvisor.asm.AssemblyResult;
import shadowvisor.machine.image.Image;

/**
 * Where the suites' {@code .s} files are on disk and how they become images. The assembler
 * reads files and resolves {@code .include "lib/report.s"} relative to the including file, so
 * the suites must sit in a real directory: the resource directory itself when the classes run
 * from a build tree, else (from a jar) a temporary copy of the manifest's tests and libraries.
 */
public final class SuiteSources {
    private final Path root;

    private SuiteSources(Path root) {
        this.root = root;
    }

    /** Suites in {@code dir} (a directory laid out as {@code suites/} on the classpath). */
    public static SuiteSources at(Path dir) {
        return new SuiteSources(dir);
    }

    /**
     * The suites bundled on the classpath, copied out of a jar when they are not plain files.
     *
     * @throws UncheckedIOException when they cannot be copied
     */
    public static SuiteSources fromClasspath(Manifest manifest) {
        URL url = SuiteSources.class.getResource(Manifest.RESOURCE_DIR + Manifest.FILE_NAME);
        if (url != null && "file".equals(url.getProtocol())) {
            try {
                return new SuiteSources(Path.of(url.toURI()).getParent());
            } catch (URISyntaxException | IllegalArgumentException e) {
                // An unusual file URL: fall back to a copy, which always works.
            }
        }
        return copiedFromClasspath(manifest);
    }

    /** The suites bundled on the classpath, always as a temporary copy (what a jar needs). */
    static SuiteSources copiedFromClasspath(Manifest manifest) {
        return new SuiteSources(copyOut(manifest));
    }

    /** The directory the suites are read from. */
    public Path root() {
        return root;
    }

    /** A suite file (or library), given relative to the suites directory. */
    public Path path(String file) {
        return root.resolve(file);
    }

    /**
     * Assembles {@code test}'s source.
     *
     * @throws SuiteSourceException with the assembler's diagnostics when it has errors
     */
    public Image assemble(SuiteTest test) {
        AssemblyResult result = Assembler.assembleFile(path(test.file()));
        if (!result.ok()) {
            throw new SuiteSourceException(test.file() + " does not assemble:\n" + result.formattedDiagnostics());
        }
        return result.image();
    }

    private static Path copyOut(Manifest manifest) {
        List<String> files = new ArrayList<>(manifest.libraries());
        for (SuiteTest t : manifest.tests()) {
            files.add(t.file());
        }
        try {
            Path dir = Files.createTempDirectory("shadowvisor-suites");
            for (String f : files) {
                Path target = dir.resolve(f).normalize();
                if (!target.startsWith(dir)) {
                    throw new IllegalStateException("manifest file outside the suites directory: " + f);
                }
                try (InputStream in = SuiteSources.class.getResourceAsStream(Manifest.RESOURCE_DIR + f)) {
                    if (in == null) {
                        throw new IllegalStateException("manifest names " + f + ", which is not on the classpath");
                    }
                    Files.createDirectories(target.getParent());
                    Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
                }
                target.toFile().deleteOnExit();
            }
            dir.toFile().deleteOnExit();
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy the suites out of the jar: " + e.getMessage(), e);
        }
    }

    /** A suite that cannot become an image: its message holds the assembler's diagnostics. */
    public static final class SuiteSourceException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        SuiteSourceException(String message) {
            super(message);
        }
    }
}
