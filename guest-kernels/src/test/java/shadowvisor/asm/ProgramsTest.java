package shadowvisor.asm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import shadowvisor.machine.image.Image;
import shadowvisor.machine.image.ImageFile;

/** {@link Programs#load}: sources are assembled, images are read, failures are one message. */
class ProgramsTest {

    @TempDir
    Path dir;

    @Test
    void loadsSourceAndTheImageWrittenFromIt() throws Exception {
        Path src = dir.resolve("p.s");
        Files.writeString(src, " .org 3\n_start: halt\n .word 9\n");
        Image fromSource = Programs.load(src);
        Path img = dir.resolve("p.img");
        ImageFile.write(fromSource, img);
        Image fromImage = Programs.load(img);
        assertEquals(3, fromImage.entry());
        assertEquals(Asm.memory(fromSource), Asm.memory(fromImage));
    }

    @Test
    void sourceErrorsAreTheFormattedDiagnosticsOnePerLine() throws IOException {
        Path src = dir.resolve("bad.s");
        Files.writeString(src, " bogus\n .word x\n");
        ProgramException e = assertThrows(ProgramException.class, () -> Programs.load(src));
        assertEquals(src + ":1:2: error: unknown mnemonic 'bogus'\n" + src + ":2:8: error: undefined symbol 'x'", e.getMessage());
    }

    @Test
    void badImagesAreOneLine() throws IOException {
        Path img = dir.resolve("bad.img");
        Files.write(img, new byte[] {'P', 'G', 'I', 'M', 'G', 0, 0, 1, 0});
        ProgramException e = assertThrows(ProgramException.class, () -> Programs.load(img));
        assertEquals(img + ": byte 9: truncated: the file ends inside the entry address", e.getMessage());
    }

    @Test
    void missingFilesAreReported() {
        Path missing = dir.resolve("none.s");
        ProgramException e = assertThrows(ProgramException.class, () -> Programs.load(missing));
        assertEquals(missing + ": error: cannot read file: no such file", e.getMessage());
    }
}
