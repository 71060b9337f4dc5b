package shadowvisor.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Every usage or input error is one line {@code shadowvisor: error: ...} on stderr, nothing on
 * stdout, and exit status 2, never a stack trace (spec section 9); an internal error is one
 * line and status 70.
 */
class BadInputTest {
    @TempDir
    Path dir;

    /** A case: a name, and the arguments given the test's directory and a good hello.s in it. */
    private record Case(String name, Function<Path, Object[]> args) {
    }

    private static Case of(String name, Function<Path, Object[]> args) {
        return new Case(name, args);
    }

    @TestFactory
    Stream<DynamicTest> eachIsOneLineAndStatus2() throws IOException {
        Path hello = Cli.guest(dir, "hello.s");
        Path garbage = Files.write(dir.resolve("garbage.img"), new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9});
        byte[] good = Files.readAllBytes(writeImage(hello));
        Path truncated = Files.write(dir.resolve("truncated.img"), java.util.Arrays.copyOf(good, good.length - 3));
        List<Case> cases = new ArrayList<>(List.of(
                of("no command", d -> new Object[] {}),
                of("unknown command", d -> new Object[] {"frobnicate"}),
                of("unknown flag", d -> new Object[] {"run", "--bogus", hello}),
                of("unknown top flag", d -> new Object[] {"--bogus", "run", hello}),
                of("no program", d -> new Object[] {"run"}),
                of("bad mode", d -> new Object[] {"run", "--mode", "warp", hello}),
                of("bad mode, = form", d -> new Object[] {"run", "--mode=Native", hello}),
                of("bad number", d -> new Object[] {"run", "--max-instructions", "lots", hello}),
                of("negative limit", d -> new Object[] {"run", "--max-instructions=-1", hello}),
                of("bad mem", d -> new Object[] {"run", "--mem", "12Q", hello}),
                of("mem suffix only", d -> new Object[] {"run", "--mem", "K", hello}),
                of("mem below 16 words", d -> new Object[] {"run", "--mem", "15", hello}),
                of("mem too large", d -> new Object[] {"run", "--mem", "2048M", hello}),
                of("mem overflowing", d -> new Object[] {"run", "--mem", "99999999999M", hello}),
                of("bad tlb entries", d -> new Object[] {"run", "--tlb-entries", "x", hello}),
                of("tlb entries not a power of two", d -> new Object[] {"run", "--tlb-entries", "12", hello}),
                of("tlb ways above entries", d -> new Object[] {"run", "--tlb-entries=4", "--tlb-ways=8", hello}),
                of("missing file", d -> new Object[] {"run", d.resolve("nosuch.s")}),
                of("a directory", d -> new Object[] {"run", d}),
                of("unreadable image", d -> new Object[] {"run", garbage}),
                of("truncated image", d -> new Object[] {"run", truncated}),
                of("image too large for --mem", d -> new Object[] {"run", "--mem", "16", hello}),
                of("several programs natively", d -> new Object[] {"run", hello, hello}),
                of("shadow mode with a partial page", d -> new Object[] {"run", "--mode=shadow-vtlb", "--mem=1500", hello}),
                of("shadow mode inside segment", d -> new Object[] {"run", "--mode", "shadow-trace/segment", hello}),
                of("native in a stack", d -> new Object[] {"run", "--mode", "segment/native", hello}),
                of("stack with an empty level", d -> new Object[] {"run", "--mode", "segment//segment", hello}),
                of("stack with a partial page", d -> new Object[] {"run", "--mode=shadow-vtlb/shadow-trace", "--mem=1500",
                        hello}),
                of("compare with an impossible stack", d -> new Object[] {"compare", "--modes", "shadow-vtlb/hybrid", hello}),
                of("test with an impossible stack", d -> new Object[] {"test", "--modes", "native,shadow-trace/hybrid"}),
                of("json in a missing directory", d -> new Object[] {"run", "--json", d.resolve("no/r.json"), hello}),
                of("asm of a missing file", d -> new Object[] {"asm", d.resolve("nosuch.s")}),
                of("asm without a source", d -> new Object[] {"asm"}),
                of("asm to a missing directory", d -> new Object[] {"asm", hello, "-o", d.resolve("no/x.img")}),
                of("disasm of a missing file", d -> new Object[] {"disasm", d.resolve("nosuch.img")}),
                of("disasm of garbage", d -> new Object[] {"disasm", garbage}),
                of("demo with an argument", d -> new Object[] {"demo", "extra"}),
                of("demo with a bad glob", d -> new Object[] {"demo", "--guests", "[a"}),
                of("compare without a program", d -> new Object[] {"compare"}),
                of("compare with two programs", d -> new Object[] {"compare", hello, hello}),
                of("compare with a bad mode", d -> new Object[] {"compare", "--modes", "native,warp", hello}),
                of("compare with an empty mode", d -> new Object[] {"compare", "--modes=", hello}),
                of("compare with no mode", d -> new Object[] {"compare", "--modes=,", hello}),
                of("test with no mode", d -> new Object[] {"test", "--modes=,"}),
                of("compare with a bad mem", d -> new Object[] {"compare", "--mem", "12Q", hello}),
                of("compare with no repeat", d -> new Object[] {"compare", "--repeat", "0", hello}),
                of("compare of a missing file", d -> new Object[] {"compare", d.resolve("nosuch.s")}),
                of("compare of an image too large", d -> new Object[] {"compare", "--mem", "16", hello}),
                of("compare json in a missing directory", d -> new Object[] {"compare", "--json", d.resolve("no/c.json"), hello}),
                of("test with a bad mode", d -> new Object[] {"test", "--modes", "warp"}),
                of("test with no jobs", d -> new Object[] {"test", "--jobs", "0"}),
                of("test with a bad jobs number", d -> new Object[] {"test", "--jobs", "many"}),
                of("test with a bad glob", d -> new Object[] {"test", "--filter", "[a"}),
                of("test with an argument", d -> new Object[] {"test", "alu"}),
                of("run with an unknown profile", d -> new Object[] {"run", "--profile", "vax", hello}),
                of("compare with an unknown profile", d -> new Object[] {"compare", "--profile", "vax", hello}),
                of("analyze with an unknown profile", d -> new Object[] {"analyze", "--profile", "vax"}),
                of("analyze with a profile directory", d -> new Object[] {"analyze", "--profile", d}),
                of("analyze json in a missing directory", d -> new Object[] {"analyze", "--json", d.resolve("no/a.json")}),
                of("analyze with an argument", d -> new Object[] {"analyze", "pg"})));
        return cases.stream().map(c -> DynamicTest.dynamicTest(c.name(), () -> {
            Cli r = Cli.run(c.args().apply(dir));
            assertEquals(2, r.status(), c.name() + ": " + r.err());
            assertEquals("", r.out(), c.name());
            assertEquals(1, r.errLines().size(), c.name() + ": " + r.err());
            assertTrue(r.err().startsWith("shadowvisor: error: "), r.err());
        }));
    }

    @Test
    void aMissingFileIsNamed() {
        Cli r = Cli.run("run", dir.resolve("nosuch.s"));
        assertEquals("shadowvisor: error: " + dir.resolve("nosuch.s") + ": no such file\n", r.err());
    }

    @Test
    void aDamagedImageNamesTheFileAndTheByteOffset() throws IOException {
        Path garbage = Files.write(dir.resolve("garbage.img"), new byte[] {1, 2, 3});
        Cli r = Cli.run("run", garbage);
        assertTrue(r.err().startsWith("shadowvisor: error: " + garbage + ": byte 0: bad magic"), r.err());
    }

    @Test
    void aBadModeListsTheModes() {
        Cli r = Cli.run("run", "--mode", "warp", "x.s");
        assertTrue(r.err().contains("unknown mode 'warp' (expected one of native, segment, hybrid, shadow-trace, shadow-vtlb)"),
                r.err());
    }

    @Test
    void aSourceWithErrorsPrintsEachDiagnosticWithItsLocationAndStatus2() {
        Path bad = Cli.file(dir, "bad.s", "        .org 16\n_start: frob r1\n        addi r1, r0, 99999\n");
        for (String command : List.of("run", "asm", "disasm")) {
            Cli r = Cli.run(command, bad);
            assertEquals(2, r.status(), command);
            assertEquals("", r.out(), command);
            List<String> lines = r.errLines();
            assertEquals(2, lines.size(), command + ": " + r.err());
            assertTrue(lines.get(0).startsWith(bad + ":2:"), lines.get(0));
            assertTrue(lines.get(1).startsWith(bad + ":3:"), lines.get(1));
            assertTrue(lines.stream().allMatch(l -> l.contains(": error: ")), r.err());
        }
    }

    @Test
    void aFileThatNeverEndsIsOneLineAndStatus2() throws IOException {
        Path zero = Path.of("/dev/zero");
        assumeTrue(Files.isReadable(zero));
        Cli r = Cli.run("asm", zero);
        assertEquals(2, r.status(), r.err());
        assertEquals("/dev/zero: error: cannot read file: larger than 67108864 bytes (64 MiB)\n", r.err());
        r = Cli.run("run", zero);
        assertEquals(2, r.status(), r.err());
        assertEquals(1, r.errLines().size(), r.err());
        assertTrue(r.err().startsWith("shadowvisor: error: /dev/zero: byte 0: bad magic"), r.err());
        Path link = dir.resolve("zero.s");
        try {
            Files.createSymbolicLink(link, zero);
        } catch (UnsupportedOperationException | IOException e) {
            return; // no symbolic links here
        }
        for (String command : List.of("asm", "run")) {
            r = Cli.run(command, link);
            assertEquals(2, r.status(), command + ": " + r.err());
            assertEquals("", r.out(), command);
            assertEquals(link + ": error: cannot read file: larger than 67108864 bytes (64 MiB)\n", r.err(), command);
        }
    }

    @Test
    void aJsonTargetTheFileSystemRefusesIsAUsageErrorBeforeTheGuestRuns() throws IOException {
        // /proc refuses new files whatever the permission bits say (and the tests may run as root).
        assumeTrue(Files.isDirectory(Path.of("/proc/self")), "needs Linux /proc");
        Path hello = Cli.guest(dir, "hello.s");
        for (String command : List.of("run", "compare")) {
            Cli r = Cli.run(command, "--json", "/proc/shadowvisor-report.json", hello);
            assertEquals(2, r.status(), r.err());
            assertEquals("", r.out(), command + ": nothing ran, not even the native run");
            assertEquals("shadowvisor: error: --json /proc/shadowvisor-report.json: cannot write there (the file "
                    + "system lets no file be created there)\n", r.err());
        }
    }

    @Test
    void aFailedWriteSaysWhy() throws IOException {
        Path hello = Cli.guest(dir, "hello.s");
        Cli r = Cli.run("asm", hello, "-o", dir.resolve("no/x.img"));
        assertEquals(2, r.status(), r.err());
        assertEquals("shadowvisor: error: cannot write " + dir.resolve("no/x.img") + ": no such directory\n", r.err());
        r = Cli.run("asm", hello, "-o", dir);
        assertEquals(2, r.status(), r.err());
        assertEquals("shadowvisor: error: cannot write " + dir + ": Is a directory\n", r.err());
    }

    @Test
    void aControlCharacterInASourceIsShownEscaped() {
        Path nul = Cli.file(dir, "nul.s", " .word 1 \u0000 2\n");
        Cli r = Cli.run("asm", nul);
        assertEquals(2, r.status(), r.err());
        assertEquals(nul + ":1:10: error: unexpected character U+0000\n", r.err());
    }

    @Test
    void anUnexpectedExceptionIsOneLineAndStatus70() {
        java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
        ErrorReporter reporter = new ErrorReporter(new java.io.PrintStream(err, true));
        CommandLine cmd = Main.commandLine(Terminal.system());
        int status = reporter.handleExecutionException(new IllegalStateException("boom\nsecond line"), cmd,
                cmd.parseArgs("demo"));
        assertEquals(70, status);
        assertEquals("shadowvisor: internal error: java.lang.IllegalStateException: boom (this is a bug in shadowvisor)\n",
                err.toString());
    }

    private Path writeImage(Path source) {
        Path image = dir.resolve("good.img");
        Cli r = Cli.run("asm", source, "-o", image);
        assertEquals(0, r.status(), r.err());
        return image;
    }
}
