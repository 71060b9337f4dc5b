package shadowvisor.asm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import shadowvisor.machine.image.Image;
import shadowvisor.machine.isa.Encoding;
import shadowvisor.machine.isa.Opcode;

/** Shorthands for the assembler tests: assemble a snippet, look at its words or its errors. */
final class Asm {
    private Asm() {
    }

    /** Assembles source that must be free of errors. */
    static Image image(String source) {
        AssemblyResult r = Assembler.assembleString("t.s", source);
        if (!r.ok()) {
            fail("unexpected errors:\n" + r.formattedDiagnostics());
        }
        return r.image();
    }

    /** The image as address -> word. */
    static SortedMap<Long, Integer> memory(Image image) {
        SortedMap<Long, Integer> m = new TreeMap<>();
        for (Image.Chunk c : image.chunks()) {
            for (int i = 0; i < c.words().length; i++) {
                m.put(c.address() + i, c.words()[i]);
            }
        }
        return m;
    }

    /** All words of error-free source, in address order (the source should be one run). */
    static int[] words(String source) {
        Image image = image(source);
        assertTrue(image.chunks().size() <= 1, "expected one chunk");
        return image.chunks().isEmpty() ? new int[0] : image.chunks().get(0).words();
    }

    /** The one word of a one-instruction program. */
    static int word(String source) {
        int[] w = words(source);
        assertEquals(1, w.length, "expected one word");
        return w[0];
    }

    /** The formatted diagnostics of source that must fail, one entry per diagnostic. */
    static List<String> errors(String source) {
        AssemblyResult r = Assembler.assembleString("t.s", source);
        assertFalse(r.ok(), "expected errors");
        assertEquals(null, r.image());
        List<String> out = new ArrayList<>();
        r.diagnostics().forEach(d -> out.add(d.format()));
        return out;
    }

    /** The single error of source, formatted. */
    static String error(String source) {
        List<String> e = errors(source);
        assertEquals(1, e.size(), () -> "expected one error, got " + e);
        return e.get(0);
    }

    // Reference encodings, spelled from the spec's field table rather than through Instruction.

    static int r3(Opcode op, int rd, int rs1, int rs2) {
        return Encoding.encode(op.code(), rd, rs1, rs2, 0);
    }

    static int ri(Opcode op, int a, int b, int imm) {
        return Encoding.encode(op.code(), a, b, 0, imm);
    }

    static int branch(Opcode op, int rs1, int rs2, int off) {
        return Encoding.encodeBranch(op.code(), rs1, rs2, off);
    }

    static int jal(int rd, int off) {
        return Encoding.encodeJal(Opcode.JAL.code(), rd, off);
    }
}
