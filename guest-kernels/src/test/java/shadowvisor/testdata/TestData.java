package shadowvisor.testdata;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the repository's shared test data lives: the conformance vectors and the example guests
 * under {@code test-suites/src/test/resources/}, found from the repository root (the nearest
 * directory above the working directory whose {@code pom.xml} lists {@code <module>mmu</module>}),
 * so that the tests of every module, run by Maven from the module or by an IDE from the root,
 * read the same files with nothing outside the checkout and no system property.
 *
 * <p>The same class is in the test sources of guest-kernels, hypervisor and test-suites: none of
 * them can see another's test classes without a test-jar, and the copies must stay identical.
 */
public final class TestData {
    private TestData() {
    }

    /** {@code test-suites/src/test/resources/conformance}: {@code cNNNN.s}/{@code pNNNN.s} with {@code .expected.json}. */
    public static Path conformanceDir() {
        return dataDir("conformance");
    }

    /** {@code test-suites/src/test/resources/examples}: {@code hello.s}, {@code user-svc.s}. */
    public static Path examplesDir() {
        return dataDir("examples");
    }

    /** The repository root: the nearest ancestor of the working directory holding the parent pom. */
    public static Path repositoryRoot() {
        Path start = Path.of("").toAbsolutePath();
        for (Path dir = start; dir != null; dir = dir.getParent()) {
            Path pom = dir.resolve("pom.xml");
            try {
                if (Files.isRegularFile(pom) && Files.readString(pom).contains("<module>mmu</module>")) {
                    return dir;
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        throw new IllegalStateException("no shadowvisor repository root (a pom.xml with <module>mmu</module>) above " + start);
    }

    private static Path dataDir(String name) {
        Path dir = repositoryRoot().resolve("test-suites/src/test/resources").resolve(name);
        if (!Files.isDirectory(dir)) {
            throw new IllegalStateException("missing test data directory " + dir);
        }
        return dir;
    }
}
