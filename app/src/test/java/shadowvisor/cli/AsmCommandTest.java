package shadowvisor.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code asm} and {@code disasm} (spec section 9): images, listings, the summary and the round trip. */
class AsmCommandTest {
    @TempDir
    Path dir;

    @Test
    void withoutOutputOrListingAsmPrintsOneSummaryLineOnStderr() {
        Path hello = Cli.guest(dir, "hello.s");
        Cli r = Cli.run("asm", hello);
        assertEquals(0, r.status());
        assertEquals("", r.out());
        assertEquals(hello + ": 20 words, entry 0x00000010\n", r.err());
    }

    @Test
    void theListingGoesToStdout() {
        Cli r = Cli.run("asm", "--listing", Cli.guest(dir, "hello.s"));
        assertEquals(0, r.status(), r.err());
        assertEquals("", r.err());
        assertTrue(r.out().contains("_start: la   r2, msg"), r.out());
        assertTrue(r.out().lines().anyMatch(l -> l.startsWith("00000010  ")), r.out());
    }

    @Test
    void disasmOfAnImageReassemblesToTheSameImage() throws IOException {
        for (String guest : new String[] {"hello.s", "user-svc.s"}) {
            Path image = dir.resolve(guest + ".img");
            assertEquals(0, Cli.run("asm", Cli.guest(dir, guest), "-o", image).status());
            Cli dis = Cli.run("disasm", image);
            assertEquals(0, dis.status(), dis.err());
            Path again = Cli.file(dir, guest + ".dis.s", dis.out());
            Path image2 = dir.resolve(guest + ".again.img");
            Cli asm = Cli.run("asm", again, "-o", image2);
            assertEquals(0, asm.status(), asm.err());
            assertArrayEquals(Files.readAllBytes(image), Files.readAllBytes(image2), guest);
        }
    }

    @Test
    void disasmOfASourceEqualsDisasmOfItsImage() {
        Path hello = Cli.guest(dir, "hello.s");
        Path image = dir.resolve("hello.img");
        assertEquals(0, Cli.run("asm", hello, "-o=" + image).status());
        assertEquals(Cli.run("disasm", image).out(), Cli.run("disasm", hello).out());
    }
}
