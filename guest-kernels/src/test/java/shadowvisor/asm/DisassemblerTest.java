package shadowvisor.asm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import shadowvisor.machine.image.Image;
import shadowvisor.machine.isa.Encoding;
import shadowvisor.machine.isa.Opcode;
import shadowvisor.machine.isa.Profile;

/** The disassembler: readable lines, and output that assembles back to the same image. */
class DisassemblerTest {

    private static String only(int word) {
        String text = Disassembler.disassemble(new Image(0x10, List.of(new Image.Chunk(0x10, new int[] {word}))));
        String[] lines = text.split("\n");
        return lines[lines.length - 1];
    }

    @Test
    void showsOrgEntryAndOneLinePerWordWithAddressAndWord() {
        String text = Disassembler.disassemble(new Image(0x11, List.of(new Image.Chunk(0x10, new int[] {
            Asm.r3(Opcode.ADD, 1, 2, 3), Asm.branch(Opcode.BNE, 5, 0, -5 & 0x1FFFF)}))));
        assertEquals(String.join("\n",
                "; 2 words in 1 chunk",
                "        .entry 0x00000011",
                "        .org 0x00000010",
                "        add r1, r2, r3                  ; 00000010: 02246000",
                "        bne r5, r0, . - 5               ; 00000011: 42a1fffb",
                ""), text);
    }

    @Test
    void operandsReadAsTheyAreWritten() {
        assertTrue(only(Asm.ri(Opcode.ADDI, 14, 14, 0xFFFF)).startsWith("        addi sp, sp, -1 "));
        assertTrue(only(Asm.ri(Opcode.ORI, 1, 1, 0xBEEF)).startsWith("        ori r1, r1, 0xbeef "));
        assertTrue(only(Asm.ri(Opcode.LD, 1, 14, 0xFFFE)).startsWith("        ld r1, -2(sp) "));
        assertTrue(only(Asm.jal(15, 0)).startsWith("        jal lr, . "));
        assertTrue(only(Asm.jal(0, 7)).startsWith("        jal r0, . + 7 "));
        assertTrue(only(Asm.ri(Opcode.RDPSW, 1, 0, 2)).startsWith("        rdpsw r1, l "));
        assertTrue(only(Asm.ri(Opcode.RDPSW, 1, 0, 7)).startsWith("        rdpsw r1, 7 "));
        assertTrue(only(Encoding.encode(Opcode.MTCR.code(), 0, 2, 0, 1)).startsWith("        mtcr timer, r2 "));
        assertTrue(only(Opcode.HALT.code() << 25).startsWith("        halt "));
        assertTrue(only(Encoding.encode(Opcode.JRSTU.code(), 0, 14, 0, 0xFFFF)).startsWith("        jrstu -1(sp) "));
        assertTrue(only(Encoding.encode(Opcode.POPF.code(), 0, 3, 0, 0)).startsWith("        popf r3 "));
        assertTrue(only(Asm.ri(Opcode.SMSW, 1, 0, 0)).startsWith("        smsw r1, flags "));
        assertTrue(only(Asm.ri(Opcode.MRS, 15, 0, 0)).startsWith("        mrs lr "));
    }

    @Test
    void undefinedOpcodesAndUnusedBitsBecomeWordsWithAComment() {
        assertEquals("        .word 0x00000000                ; 00000010: 00000000 (undefined opcode 0x00)", only(0));
        assertEquals("        .word 0x0224600f                ; 00000010: 0224600f add r1, r2, r3 "
                + "(unused bits or fields out of range)", only(Asm.r3(Opcode.ADD, 1, 2, 3) | 0xF));
        assertTrue(only(Opcode.HALT.code() << 25 | 1).startsWith("        .word 0x90000001 "));
        // a shift amount of 32 or more is valid hardware (imm mod 32) but not valid assembly
        assertTrue(only(Asm.ri(Opcode.SHLI, 1, 1, 33)).startsWith("        .word "));
    }

    @Test
    void anEmptyImageKeepsItsEntry() {
        Image back = Asm.image(Disassembler.disassemble(new Image(0xABCD, List.of())));
        assertEquals(0xABCD, back.entry());
        assertEquals(0, back.chunks().size());
    }

    @Test
    void exampleProgramRoundTrips() {
        Image original = Asm.image(".org 16\n_start: la r2, msg\nloop: ld r1, 0(r2)\n beqz r1, done\n out r1, CONSOLE\n"
                + " addi r2, r2, 1\n j loop\ndone: li r1, 7\n out r1, POWER\nmsg: .string \"hi\"");
        Image back = Asm.image(Disassembler.disassemble(original));
        assertEquals(original.entry(), back.entry());
        assertEquals(Asm.memory(original), Asm.memory(back));
    }

    /** The profile-only instructions of spec section 8, drawn on their own so that their few rows are not rare. */
    private static final List<Opcode> PROFILE_ONLY = Arrays.stream(Opcode.values()).filter(op -> !op.inBase()).toList();

    /** Random images: chunks anywhere in the 32-bit space, any words, any entry, any or no profile. */
    @Provide
    Arbitrary<Image> images() {
        Arbitrary<Integer> anyWord = Arbitraries.oneOf(Arbitraries.integers(),
                // words with a defined opcode and random fields, so instructions are well covered
                Combinators.combine(Arbitraries.of(Opcode.values()), Arbitraries.integers())
                        .as((op, rest) -> op.code() << 25 | (rest & 0x01FF_FFFF)),
                // the profile-only ones, with random fields and with only the fields their format reads
                Combinators.combine(Arbitraries.of(PROFILE_ONLY), Arbitraries.integers())
                        .as((op, rest) -> op.code() << 25 | (rest & 0x01FF_FFFF)),
                Combinators.combine(Arbitraries.of(PROFILE_ONLY), Arbitraries.integers())
                        .as((op, rest) -> Instruction.decode(op.code() << 25 | (rest & 0x01FF_FFFF)).encode()));
        Arbitrary<long[]> placement = Arbitraries.longs().between(0, 0xFFFF_FFFFL).array(long[].class).ofMaxSize(4);
        Arbitrary<List<List<Integer>>> runs = anyWord.list().ofMaxSize(30).list().ofSize(4);
        Arbitrary<String> profile = Arbitraries.of(Profile.builtIns().stream().map(Profile::name).toList())
                .injectNull(0.3);
        return Combinators.combine(Arbitraries.integers(), placement, runs, profile).as((entry, starts, words, name) -> {
            List<Image.Chunk> chunks = new ArrayList<>();
            for (int i = 0; i < starts.length; i++) {
                int[] w = words.get(i).stream().mapToInt(Integer::intValue).toArray();
                long start = Math.min(starts[i], (1L << 32) - w.length);
                boolean clashes = chunks.stream().anyMatch(c -> start < c.end() + 1 && c.address() < start + w.length + 1);
                if (!clashes) {
                    chunks.add(new Image.Chunk(start, w));
                }
            }
            return new Image(entry, chunks, name);
        });
    }

    @Property(tries = 300)
    void disassemblyAssemblesBackToTheSameImage(@ForAll("images") Image image) {
        String text = Disassembler.disassemble(image);
        AssemblyResult back = Assembler.assembleString("dis.s", text);
        assertEquals(List.of(), back.diagnostics(), text);
        assertEquals(image.entry(), back.image().entry());
        assertEquals(image.profile(), back.image().profile());
        Map<Long, Integer> expected = Asm.memory(image);
        assertEquals(expected, Asm.memory(back.image()));
    }

    @Property(tries = 2000)
    void everySingleWordRoundTrips(@ForAll int word) {
        Image image = new Image(0, List.of(new Image.Chunk(0x1000, new int[] {word})));
        Image back = Asm.image(Disassembler.disassemble(image));
        assertEquals(Map.of(0x1000L, word), Asm.memory(back));
    }
}
