package shadowvisor.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code run --load ADDR=PROGRAM} and {@code compare --load} end to end (spec sections 1.2 and
 * 9): the loaded program lies at ADDR, the boot program finds it in r2 and r3; every bad value
 * is one line naming it, status 2.
 */
class LoadOptionTest {
    @TempDir
    Path dir;

    /** Jumps to r2 + r3: the loaded program's entry, in the boot program's flat segment. */
    private static final String BOOT = """
                    .org 16
            _start: add  r4, r2, r3
                    jalr r0, r4, 0
            """;

    /** Position-independent: prints "hi", then powers off with status ADDR / 4096, read from r2. */
    private static final String GUEST = """
                    .word 0, 0                  ; so the entry (2) is not 0
            _start: li   r1, 'h'
                    out  r1, CONSOLE
                    li   r1, 'i'
                    out  r1, CONSOLE
                    li   r1, '\\n'
                    out  r1, CONSOLE
                    shri r1, r2, 12             ; ADDR / 4096 as the status
                    out  r1, POWER
            """;

    private Path boot() {
        return Cli.file(dir, "boot.s", BOOT);
    }

    private Path guest() {
        return Cli.file(dir, "guest.s", GUEST);
    }

    @Test
    void runPlacesTheProgramAtAddrAndTheBootProgramRunsIt() {
        Cli r = Cli.run("run", "--mem", "64K", "--load", "0x3000=" + guest(), boot());
        assertEquals("hi\n", r.out());
        assertEquals(3, r.status(), r.err());
    }

    @Test
    void addrTakesSuffixesAndDecimalAndTheEqualsForm() {
        Path guest = guest();
        assertEquals(4, Cli.run("run", "--mem", "64K", "--load", "16K=" + guest, boot()).status());
        assertEquals(5, Cli.run("run", "--mem", "64K", "--load=20480=" + guest, boot()).status());
        assertEquals(1, Cli.run("run", "--mem", "0x10000", "--load", "0X1000=" + guest, boot()).status());
    }

    @Test
    void everyVmGetsTheLoadAndEveryModeRunsIt() {
        Path guest = guest();
        Path boot = boot();
        for (String mode : List.of("segment", "shadow-trace", "shadow-vtlb")) {
            Cli one = Cli.run("run", "--mode", mode, "--mem", "64K", "--load", "0x2000=" + guest, boot);
            assertEquals("hi\n", one.out(), mode);
            assertEquals(2, one.status(), mode);
        }
        Cli two = Cli.run("run", "--mode", "segment", "--mem", "64K", "--load", "0x2000=" + guest, boot, boot);
        assertEquals("[vm1] hi\n[vm2] hi\n", two.out().lines().sorted().map(l -> l + "\n").reduce("", String::concat));
        assertEquals(2, two.status());
    }

    @Test
    void anImageWrittenByAsmLoadsToo() {
        Path image = dir.resolve("guest.img");
        assertEquals(0, Cli.run("asm", guest(), "-o", image).status());
        Cli r = Cli.run("run", "--mem", "64K", "--load", "0x1000=" + image, boot());
        assertEquals("hi\n", r.out());
        assertEquals(1, r.status());
    }

    @Test
    void theLoadedProgramsProfileIsIgnored() throws IOException {
        Path guest = Cli.file(dir, "x86guest.s", ".profile x86\n" + GUEST);
        Path json = dir.resolve("r.json");
        Cli r = Cli.run("run", "--mem", "64K", "--json", json, "--load", "0x1000=" + guest, boot());
        assertEquals(1, r.status(), r.err());
        assertEquals("pg", new ObjectMapper().readTree(json.toFile()).get("profile").asText());
    }

    @Test
    void compareRunsEveryModeWithTheLoad() {
        Cli r = Cli.run("compare", "--mem", "64K", "--load", "0x1000=" + guest(), boot());
        assertEquals(0, r.status(), r.out() + r.err());
        assertTrue(r.out().contains("hi"), r.out());
        assertTrue(r.out().contains("shadow-vtlb   poweroff 1"), r.out());
    }

    @Test
    void helpMentionsLoad() {
        assertTrue(Cli.run("run", "--help").out().contains("--load=ADDR=PROGRAM"));
        assertTrue(Cli.run("compare", "--help").out().contains("--load=ADDR=PROGRAM"));
    }

    @Test
    void everyBadValueIsOneLineNamingItWithStatus2() throws IOException {
        Path boot = boot();
        Path guest = guest();
        Path bad = Cli.file(dir, "bad.s", "foo r1\n  bar\nli r1, 99999999999\n");
        Files.createDirectory(dir.resolve("adir"));
        record Bad(String value, String reason) {
        }
        for (Bad b : List.of(
                new Bad("foo", "'foo' is not ADDR=PROGRAM"),
                new Bad("12=", "'12=' has no PROGRAM after '='"),
                new Bad("=x.s", "'=x.s' has no ADDR before '='"),
                new Bad("zz=" + guest, "'zz' is not a word address"),
                new Bad("-1=" + guest, "'-1' is not a word address"),
                new Bad("0x100000000=" + guest, "'0x100000000' is not a word address"),
                new Bad("0x1000=" + dir.resolve("missing.s"), "--load 0x1000=" + dir.resolve("missing.s")
                        + ": no such file"),
                new Bad("0x1000=" + dir.resolve("adir"), ": is a directory, not a program"),
                new Bad("0x1000=" + bad, "--load 0x1000=" + bad + ": " + bad + ":1:1: error: "),
                new Bad("0x10=" + guest, "--load 0x10=" + guest + ": the loaded program's words 0x10..0x19 overlap "
                        + "the boot image's words 0x10..0x11"),
                new Bad("0xFFF8=" + guest, "--load 0xFFF8=" + guest + ": the loaded program's last word 0x10001 lies "
                        + "past the memory's 65536 words"),
                new Bad("64K=" + guest, "--load 64K=" + guest + ": the load address 0x10000 lies past the memory's "
                        + "65536 words"))) {
            for (String command : List.of("run", "compare")) {
                Cli r = Cli.run(command, "--mem", "64K", "--load=" + b.value(), boot);
                assertEquals(2, r.status(), command + " " + b.value() + ": " + r.err());
                assertEquals(1, r.errLines().size(), command + " " + b.value() + ": " + r.err());
                assertTrue(r.err().startsWith("shadowvisor: error: "), r.err());
                assertTrue(r.err().contains(b.reason()), command + " " + b.value() + ": " + r.err());
                assertEquals("", r.out(), command + " " + b.value());
            }
        }
    }

    @Test
    void anAssemblyErrorCountsTheOthers() {
        Path bad = Cli.file(dir, "bad.s", "foo r1\nbar r2\nbaz r3\n");
        Cli r = Cli.run("run", "--load", "0x1000=" + bad, boot());
        assertEquals(2, r.status());
        assertTrue(r.err().contains("(and 2 more errors: 'shadowvisor asm " + bad + "' lists them)"), r.err());
    }

    @Test
    void parseReadsAWordAddress() {
        assertEquals(0x1000, LoadOption.parse("0x1000=a.s").address());
        assertEquals(0, LoadOption.parse("0=a.s").address());
        assertEquals(3 << 20, LoadOption.parse("3M=a.s").address());
        assertEquals(-1, LoadOption.parse("0xFFFFFFFF=a.s").address());
        assertEquals(Path.of("a=b.s"), LoadOption.parse("16=a=b.s").program());
        assertThrows(TypeConversionException.class, () -> LoadOption.parse("1.5=a.s"));
    }
}
