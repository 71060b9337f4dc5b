package shadowvisor.asm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static shadowvisor.asm.Asm.error;
import static shadowvisor.asm.Asm.word;

import java.util.List;
import org.junit.jupiter.api.Test;
import shadowvisor.machine.image.Image;

/**
 * The four profile-only instructions of spec section 8 (jrstu, popf, smsw, mrs): their exact
 * words (spec 2.1, hand-computed here rather than through the encoder), their operand errors,
 * and that every source knows them whatever its {@code .profile}.
 */
class ProfileInstructionTest {

    @Test
    void jrstuPlacesRs1InBAndTheOffsetInImm16() {
        // 0x50 << 25 = 0xA0000000; B = 3 << 17 = 0x00060000; imm = 5
        assertEquals(0xA006_0005, word("jrstu 5(r3)"));
        // B = 15 << 17 = 0x001E0000; imm = -1 as 16 bits
        assertEquals(0xA01E_FFFF, word("jrstu -1(lr)"));
        assertEquals(0xA000_0010, word("jrstu 16"));
        assertEquals(0xA002_0000, word("jrstu (r1)"));
    }

    @Test
    void popfPlacesRsInB() {
        // 0x51 << 25 = 0xA2000000; B = 7 << 17 = 0x000E0000
        assertEquals(0xA20E_0000, word("popf r7"));
        assertEquals(0xA21C_0000, word("popf sp"));
    }

    @Test
    void smswPlacesRdInAAndTheFieldInImm16LikeRdpsw() {
        // 0x52 << 25 = 0xA4000000; A = 1 << 21 = 0x00200000
        assertEquals(0xA420_0000, word("smsw r1, flags"));
        assertEquals(0xA420_0001, word("smsw r1, B"));
        // A = 2 << 21 = 0x00400000; field l = 2
        assertEquals(0xA440_0002, word("smsw r2, l"));
        // an unknown field number assembles (it traps ILLEGAL at run time): A = 15 << 21
        assertEquals(0xA5E0_FFFF, word("smsw r15, 0xFFFF"));
        assertEquals(0xA420_0003, word("smsw r1, 3"));
    }

    @Test
    void mrsPlacesRdInA() {
        // 0x53 << 25 = 0xA6000000; A = 9 << 21 = 0x01200000
        assertEquals(0xA720_0000, word("mrs r9"));
        assertEquals(0xA600_0000, word("MRS zero"));
    }

    @Test
    void everyProfilesMnemonicsAssembleWhateverTheSourcesProfile() {
        String body = "jrstu 0(r1)\npopf r1\nsmsw r1, l\nmrs r1\n";
        int[] expected = Asm.words(body);
        for (String profile : List.of("pg", "pdp10", "x86", "arm", "mips")) {
            assertArrayEquals(expected, Asm.words(".profile " + profile + "\n" + body), profile);
        }
    }

    @Test
    void operandErrorsAreLocated() {
        assertEquals("t.s:1:1: error: 'mrs' expects 1 operand (rd), found 2", error("mrs r1, r2"));
        assertEquals("t.s:1:1: error: 'mrs' expects 1 operand (rd), found 0", error("mrs"));
        assertEquals("t.s:1:6: error: expected a register, found '3'", error("popf 3"));
        assertEquals("t.s:1:10: error: PSW field 65536 out of range 0..65535", error("smsw r1, 65536"));
        assertEquals("t.s:1:10: error: PSW field -1 out of range 0..65535", error("smsw r1, -1"));
        assertEquals("t.s:1:7: error: offset 32768 out of range -32768..32767", error("jrstu 32768(r1)"));
    }

    @Test
    void theDisassemblerWritesThemBackWithTheProfilesThatDefineThem() {
        String text = Disassembler.disassemble(new Image(0, List.of(new Image.Chunk(0, new int[] {
            0xA006_0005, 0xA20E_0000, 0xA440_0002, 0xA720_0000, 0xA420_0007}))));
        assertEquals(String.join("\n",
                "; 5 words in 1 chunk",
                "        .entry 0x00000000",
                "        .org 0x00000000",
                "        jrstu 5(r3)                     ; 00000000: a0060005 (pdp10 only)",
                "        popf r7                         ; 00000001: a20e0000 (x86 only)",
                "        smsw r2, l                      ; 00000002: a4400002 (x86 only)",
                "        mrs r9                          ; 00000003: a7200000 (arm only)",
                "        smsw r1, 7                      ; 00000004: a4200007 (x86 only)",
                ""), text);
    }

    @Test
    void bitsTheFormatIgnoresMakeAWord() {
        // mrs reads A only: a B field set is not what "mrs r9" assembles to
        String text = Disassembler.disassemble(new Image(0, List.of(new Image.Chunk(0, new int[] {0xA722_0000}))));
        assertEquals("        .word 0xa7220000                ; 00000000: a7220000 mrs r9 (unused bits or fields out of range)",
                text.lines().reduce((first, second) -> second).orElseThrow());
    }
}
