package shadowvisor.asm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@link AssemblyResult#labels}: the locations a debugger names, and nothing else. */
class LabelsTest {
    @Test
    void labelsAreLocationsInSourceOrderWithPhasedAddressesAndNoEquates() {
        AssemblyResult r = Assembler.assembleString("labels.s", """
                        .equ SIZE, 4
                        .org 16
                _start: li   r1, SIZE
                loop:   addi r1, r1, -1
                        bnez r1, loop
                        halt
                user:   .phase 0x100
                entry:  svc  0
                        .dephase
                after:
                """);
        assertTrue(r.ok(), r::formattedDiagnostics);
        Map<String, Integer> expected = new LinkedHashMap<>();
        expected.put("_start", 16);
        expected.put("loop", 17);
        expected.put("user", 20);
        expected.put("entry", 0x100);
        expected.put("after", 21);
        assertEquals(expected, r.labels());
        assertEquals(expected.keySet().stream().toList(), r.labels().keySet().stream().toList());
    }

    @Test
    void anImageFileCarriesNoLabels() throws Exception {
        java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("labels");
        java.nio.file.Path image = dir.resolve("halt.img");
        shadowvisor.machine.image.ImageFile.write(Assembler.assembleString("h.s", "x: halt\n").image(), image);
        assertEquals(Map.of(), Programs.read(image).labels());
    }
}
