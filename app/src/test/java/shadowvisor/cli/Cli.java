package shadowvisor.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Runs the shadowvisor command line in-process, as {@code Main} would, with stdout and stderr
 * captured: the tests see exactly what a user of the jar sees, minus the JVM.
 *
 * @param status the exit status
 * @param out    everything written to stdout, decoded as UTF-8
 * @param err    everything written to stderr, decoded as UTF-8
 */
record Cli(int status, String out, String err) {

    static Cli run(Object... args) {
        return runWithInput("", args);
    }

    /** {@link #run} with {@code stdin} as the command's standard input (UTF-8), as a pipe would give it. */
    static Cli runWithInput(String stdin, Object... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        String[] argv = new String[args.length];
        for (int i = 0; i < args.length; i++) {
            argv[i] = args[i].toString();
        }
        int status;
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
             PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            status = Main.commandLine(new Terminal(o, e,
                    new java.io.ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)))).execute(argv);
        }
        return new Cli(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** The lines of stderr. */
    List<String> errLines() {
        return err.lines().toList();
    }

    /** Copies a bundled guest ({@code guests/NAME} on the class path) into {@code dir}. */
    static Path guest(Path dir, String name) {
        try (InputStream in = Cli.class.getClassLoader().getResourceAsStream("guests/" + name)) {
            if (in == null) {
                throw new IllegalStateException("no bundled guest " + name);
            }
            Path p = dir.resolve(name);
            Files.write(p, in.readAllBytes());
            return p;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A bundled guest where it lies on disk (the guest-kernels module's class-path folder), so
     * that its {@code .include}s resolve.
     */
    static Path bundled(String name) {
        java.net.URL url = Cli.class.getClassLoader().getResource("guests/" + name);
        if (url == null) {
            throw new IllegalStateException("no bundled guest " + name);
        }
        if (!"file".equals(url.getProtocol())) {
            // Built against the installed guest-kernels jar: the guests, with their lib/, extracted once.
            return Extracted.GUESTS.guests().stream().filter(p -> p.getFileName().toString().equals(name)).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no bundled guest file " + name));
        }
        try {
            return Path.of(url.toURI());
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Writes {@code text} to {@code dir/name}. */
    static Path file(Path dir, String name, String text) {
        try {
            return Files.writeString(dir.resolve(name), text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The bundled guests extracted to a folder for the whole test run, deleted when the JVM ends. */
    private static final class Extracted {
        static final BundledGuests GUESTS = BundledGuests.extract();

        static {
            Runtime.getRuntime().addShutdownHook(new Thread(GUESTS::close));
        }
    }
}
