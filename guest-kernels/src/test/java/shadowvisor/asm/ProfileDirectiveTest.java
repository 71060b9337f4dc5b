package shadowvisor.asm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static shadowvisor.asm.Asm.error;
import static shadowvisor.asm.Asm.errors;
import static shadowvisor.asm.Asm.image;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import shadowvisor.machine.image.Image;
import shadowvisor.machine.image.ImageFile;
import shadowvisor.machine.image.ImageFormatException;

/**
 * {@code .profile NAME} (spec section 8): the image records the name, the {@code asm -o} image
 * carries it, and the disassembly gives it back; unknown and conflicting names are located errors.
 */
class ProfileDirectiveTest {

    @TempDir
    Path dir;

    @Test
    void theImageRecordsTheProfile() {
        assertEquals("x86", image(".profile x86\n popf r1").profile());
        assertEquals("pdp10", image(" nop\n .profile pdp10").profile(), "it may stand anywhere");
        for (String name : List.of("pg", "pdp10", "x86", "arm", "mips")) {
            assertEquals(name, image(".profile " + name).profile());
        }
    }

    @Test
    void withoutTheDirectiveThereIsNoProfile() {
        assertNull(image(" mrs r1").profile());
    }

    @Test
    void directiveAndNameAreCaseInsensitiveAndRecordedInLowerCase() {
        assertEquals("pdp10", image(".PROFILE PDP10").profile());
        assertEquals("arm", image(".Profile Arm").profile());
    }

    @Test
    void itEmitsNothingAndALabelOnItTakesTheLocation() {
        assertEquals(Map.of(5L, 5), Asm.memory(image(".org 5\nhere: .profile mips\n .word here")));
    }

    @Test
    void theSameNameAgainIsFine() {
        assertEquals("x86", image(".profile x86\n nop\n .profile X86\n .profile x86").profile());
    }

    @Test
    void anUnknownNameIsALocatedError() {
        assertEquals("t.s:1:10: error: unknown profile 'xyz' (known: pg, pdp10, x86, arm, mips)", error(".profile xyz"));
        assertEquals("t.s:2:11: error: unknown profile 'Vax' (known: pg, pdp10, x86, arm, mips)", error(" nop\n .profile Vax"));
    }

    @Test
    void aSecondDirectiveWithAnotherNameIsAnError() {
        assertEquals("t.s:3:10: error: .profile arm conflicts with .profile x86 at t.s:1:1",
                error(".profile x86\n nop\n.profile arm\n.profile x86"));
        // every conflicting line is reported, each against the first
        assertEquals(List.of("t.s:2:10: error: .profile pg conflicts with .profile mips at t.s:1:1",
                "t.s:3:10: error: .profile arm conflicts with .profile mips at t.s:1:1"),
                errors(".profile mips\n.profile pg\n.profile arm"));
    }

    @Test
    void theNameMustBeABareIdentifier() {
        assertEquals("t.s:1:1: error: .profile expects 1 operand, found 0", error(".profile"));
        assertEquals("t.s:1:1: error: .profile expects 1 operand, found 2", error(".profile x86, arm"));
        assertEquals("t.s:1:10: error: expected a profile name (pg, pdp10, x86, arm, mips), found '5'", error(".profile 5"));
        assertEquals("t.s:1:10: error: expected a profile name (pg, pdp10, x86, arm, mips), found string",
                error(".profile \"x86\""));
        assertEquals("t.s:1:10: error: expected a profile name (pg, pdp10, x86, arm, mips), found an expression",
                error(".profile x86 + 1"));
    }

    @Test
    void aDirectiveInAnIncludedFileCountsAndConflictsCarryTheChain() throws IOException {
        Files.writeString(dir.resolve("inc.s"), ".profile arm\n");
        Path main = dir.resolve("main.s");
        Files.writeString(main, ".include \"inc.s\"\n mrs r1\n");
        assertEquals("arm", Assembler.assembleFile(main).image().profile());
        Files.writeString(main, ".profile x86\n.include \"inc.s\"\n");
        List<String> e = Assembler.assembleFile(main).diagnostics().stream().map(Diagnostic::format).toList();
        assertEquals(1, e.size(), e.toString());
        assertEquals(dir.resolve("inc.s") + ":1:10: error: .profile arm conflicts with .profile x86 at " + main + ":1:1",
                e.get(0).lines().findFirst().orElseThrow());
    }

    /** The {@code asm -o} file carries the profile, and an image without one is still version 1. */
    @Test
    void theImageFileCarriesTheProfile() throws IOException, ImageFormatException {
        Image with = image(".profile pdp10\n.org 16\n jrstu 0(r1)\n halt");
        Path f = dir.resolve("with.img");
        ImageFile.write(with, f);
        Image back = ImageFile.read(f);
        assertEquals("pdp10", back.profile());
        assertEquals(with.entry(), back.entry());
        assertEquals(Asm.memory(with), Asm.memory(back));

        Image without = image(".org 16\n jrstu 0(r1)\n halt");
        Path g = dir.resolve("without.img");
        ImageFile.write(without, g);
        assertEquals(ImageFile.VERSION, Files.readAllBytes(g)[7]);
        assertNull(ImageFile.read(g).profile());
        assertEquals(Asm.memory(without), Asm.memory(ImageFile.read(g)));
    }

    @Test
    void theDisassemblyStartsWithTheProfileAndReassemblesToTheSameImage() {
        Image original = image(".org 16\n_start: popf r2\n smsw r3, b\n halt\n.profile x86");
        String text = Disassembler.disassemble(original);
        assertEquals(List.of("; 3 words in 1 chunk", "        .profile x86", "        .entry 0x00000010"),
                text.lines().limit(3).toList());
        Image back = image(text);
        assertEquals("x86", back.profile());
        assertEquals(original.entry(), back.entry());
        assertEquals(Asm.memory(original), Asm.memory(back));
    }
}
