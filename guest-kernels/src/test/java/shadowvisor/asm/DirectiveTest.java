package shadowvisor.asm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static shadowvisor.asm.Asm.error;
import static shadowvisor.asm.Asm.image;
import static shadowvisor.asm.Asm.memory;
import static shadowvisor.asm.Asm.words;

import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import shadowvisor.machine.image.Image;

/** The directives of spec 6, other than .phase, .macro and .include (their own classes). */
class DirectiveTest {

    @Test
    void orgPlacesTheFollowingWords() {
        Image i = image(".org 0x100\n .word 1\n .org 0x10\n .word 2, 3");
        assertEquals(2, i.chunks().size());
        assertEquals(Map.of(0x10L, 2, 0x11L, 3, 0x100L, 1), memory(i));
    }

    @Test
    void orgRangeAndFirstPassRule() {
        assertEquals("t.s:1:6: error: .org address 4294967296 out of range 0..4294967295", error(".org 1 << 32"));
        assertEquals("t.s:1:6: error: the .org address must be known on the first pass, but 'L' is defined later or not at all",
                error(".org L\nL: .word 0"));
    }

    @Test
    void wordTakesThirtyTwoBitValuesAndEveryDotIsTheFirstWord() {
        assertArrayEquals(new int[] {Integer.MIN_VALUE, -1, 7, 7, 7}, words(".org 7\n .word -2147483648, 0xFFFFFFFF, ., ., ."));
        assertEquals("t.s:1:7: error: value 4294967296 out of range -2147483648..4294967295", error(".word 0x100000000"));
        assertEquals("t.s:1:10: error: value -2147483649 out of range -2147483648..4294967295", error(".word 1, -2147483649"));
    }

    @Test
    void wordMayReferToLaterSymbols() {
        assertArrayEquals(new int[] {2, 42}, words(".word end, X\nend:\n .equ X, 42"));
    }

    @Test
    void spaceEmitsCountWordsOfTheFill() {
        assertArrayEquals(new int[] {0, 0, 0, 9}, words(".space 3\n .word 9"));
        assertArrayEquals(new int[] {7, 7}, words(".space 2, 7"));
        assertArrayEquals(new int[] {4, 4, 5}, words(".space 2, F\n .word 5\n F = 4"));
        assertEquals(0, image(".space 0").chunks().size());
        assertEquals("t.s:1:8: error: the .space count must be known on the first pass, but 'N' is defined later or not at all",
                error(".space N\nN = 3"));
        assertEquals("t.s:1:8: error: .space count -1 out of range 0..4194304", error(".space -1"));
    }

    @Test
    void layoutValuesMayUseForwardEquatesOnceTheirSymbolsAreDefined() {
        assertArrayEquals(new int[] {1, 2, 0, 0}, words(".equ N, e - s\ns: .word 1, 2\ne: .space N"));
        assertEquals("t.s:2:9: error: the .space count must be known on the first pass, but 'N' depends on a symbol defined later",
                error(".equ N, L\n .space N\nL:"));
    }

    @Test
    void stringIsOneWordPerCodePointThenZero() {
        assertArrayEquals(new int[] {'h', 0xE9, '\n', 0x1F600, 0}, words(".string \"h\u00e9\\n\uD83D\uDE00\""));
        assertArrayEquals(new int[] {'a', 0, 'b', 0}, words(".string \"a\", \"b\""));
        assertArrayEquals(new int[] {0}, words(".string \"\""));
        assertArrayEquals(new int[] {'"', '\\', '\'', '\t', 0}, words(".string \"\\\"\\\\\\'\\t\""));
    }

    @Test
    void asciiHasNoTerminator() {
        assertArrayEquals(new int[] {'o', 'k'}, words(".ascii \"ok\""));
        assertEquals("t.s:1:8: error: .ascii expects quoted strings", error(".ascii ok"));
        assertEquals("t.s:1:9: error: unterminated string", error(".string \"abc"));
    }

    @Test
    void alignAdvancesWithoutEmitting() {
        Image i = image(".org 17\n .word 1\na: .align 4\nb: .word a, b\n .align 1\n .word 3");
        Map<Long, Integer> expected = new TreeMap<>(Map.of(17L, 1, 20L, 18, 21L, 20, 22L, 3));
        assertEquals(expected, memory(i));
        assertEquals(2, i.chunks().size());
        assertEquals("t.s:1:8: error: .align boundary 0 out of range 1..4294967296", error(".align 0"));
    }

    @Test
    void equAndAssignmentDefineSymbols() {
        assertArrayEquals(new int[] {5, 6, 7}, words(".equ A, 5\nB = A + 1\n .equ C, B + 1\n .word A, B, C"));
    }

    @Test
    void equMayReferForwardAndInChains() {
        assertArrayEquals(new int[] {5, 5, 6}, words(".word A, B, C\n A = B\n B = C - 1\n C = end + 3\nend:"));
        assertArrayEquals(new int[] {4, 0}, words(".equ here, .\n .org 2\n .word there, here\n .equ there, .\n"));
    }

    @Test
    void labelsTakeTheLocationBeforeTheirLine() {
        assertArrayEquals(new int[] {1, 2, 0, 0}, words(".word a\na: .word b\nb: .space 2"));
        Image i = image("x: .org 0x40\n .word x\ny: .word y");
        assertEquals(Map.of(0x40L, 0, 0x41L, 0x41), memory(i));
    }

    @Test
    void entryDefaultsToStartThenTheLowestAddress() {
        assertEquals(0x20, image(".org 0x10\n nop\n.org 0x20\n_start: nop").entry());
        assertEquals(0x10, image(".org 0x30\n nop\n.org 0x10\n nop").entry());
        assertEquals(0, image("").entry());
        assertEquals(0, image("; nothing but a comment\n  X = 5\n").entry());
        assertEquals(5, image(" .entry 5").entry());
        assertEquals(0x31, image(".entry main\n .org 0x30\n nop\nmain: halt\n_start: halt").entry());
        assertEquals("t.s:2:2: error: duplicate .entry (first at t.s:1:2)", error(" .entry 1\n .entry 2"));
        assertEquals("t.s:1:9: error: .entry address -1 out of range 0..4294967295", error(" .entry -1"));
    }

    @Test
    void directivesAreCaseInsensitive() {
        assertArrayEquals(new int[] {1, 0, 0}, words(".WORD 1\n .Space 2"));
    }

    @Test
    void operandCountsAreChecked() {
        assertEquals("t.s:1:1: error: .org expects 1 operand, found 2", error(".org 1, 2"));
        assertEquals("t.s:1:1: error: .space expects 1 to 2 operands, found 3", error(".space 1, 2, 3"));
        assertEquals("t.s:1:1: error: .word expects at least 1 operand, found 0", error(".word"));
        assertEquals("t.s:1:1: error: .equ expects 2 operands, found 1", error(".equ A"));
        assertEquals("t.s:1:1: error: .dephase expects no operands, found 1", error(".dephase 1"));
    }

    @Test
    void programSizeIsBoundedAndReportedOnce() {
        String many = " .space 4000000\n .space 4000000\n .space 4000000\n";
        assertEquals("t.s:2:2: error: the program emits more than 4194304 words", error(many));
        assertEquals("t.s:2:2: error: words past the end of the 32-bit address space (0xFFFFFFFF)",
                error(" .org 0xFFFFFFFE\n .word 1, 2, 3\n .word 4\n"));
    }
}
