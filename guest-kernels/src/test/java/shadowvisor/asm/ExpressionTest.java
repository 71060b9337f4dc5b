package shadowvisor.asm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static shadowvisor.asm.Asm.error;
import static shadowvisor.asm.Asm.words;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Expressions (spec 6): numbers, literals, C precedence and C arithmetic on unbounded integers. */
class ExpressionTest {

    private static int value(String expression) {
        int[] w = words(".word " + expression);
        assertEquals(1, w.length);
        return w[0];
    }

    static Stream<Arguments> table() {
        return Stream.of(
            Arguments.of("1 + 2 * 3", 7),
            Arguments.of("(1 + 2) * 3", 9),
            Arguments.of("1 << 2 + 1", 8),
            Arguments.of("6 & 3 ^ 1 | 8", 11),
            Arguments.of("1 | 2 ^ 3 & 1", 3),
            Arguments.of("10 - 4 - 3", 3),
            Arguments.of("100 / 10 / 5", 2),
            Arguments.of("2 * 3 % 4", 2),
            Arguments.of("-2 * -3", 6),
            Arguments.of("- - 3", 3),
            Arguments.of("+5", 5),
            Arguments.of("~0 & 0xFF", 255),
            Arguments.of("1 + ~1", -1),
            Arguments.of("-7 / 2", -3),
            Arguments.of("7 / -2", -3),
            Arguments.of("-7 % 2", -1),
            Arguments.of("7 % -2", 1),
            Arguments.of("-16 >> 2", -4),
            Arguments.of("-1 >> 100000000", -1),
            Arguments.of("1 << 4 >> 2", 4),
            Arguments.of("(1 << 40) >> 38", 4),
            Arguments.of("0xFFFFFFFF * 0xFFFFFFFF >> 32", -2),
            Arguments.of("(1 << 100) - (1 << 100) + 5", 5),
            Arguments.of("0x1F", 31),
            Arguments.of("0X1f", 31),
            Arguments.of("0b101", 5),
            Arguments.of("0B11", 3),
            Arguments.of("010", 10),
            Arguments.of("'a'", 97),
            Arguments.of("'A' - 1", 64),
            Arguments.of("'\\n'", 10),
            Arguments.of("'\\t'", 9),
            Arguments.of("'\\0'", 0),
            Arguments.of("'\\\\'", 92),
            Arguments.of("'\\''", 39),
            Arguments.of("'\"'", 34),
            Arguments.of("'é'", 233),
            Arguments.of("'😀'", 128512),
            Arguments.of("PAGE_SIZE - 1", 1023));
    }

    @ParameterizedTest(name = "{0} = {1}")
    @MethodSource("table")
    void evaluates(String expression, int expected) {
        assertEquals(expected, value(expression));
    }

    @Test
    void predefinedSymbols() {
        assertArrayEquals(new int[] {1, 2, 4, 0, 4, 8, 9, 10},
                words(".word PSW_S, PSW_P, PSW_I, OLD_PSW, NEW_PSW, TRAP_CAUSE, TRAP_VALUE, TRAP_DETAIL"));
        assertArrayEquals(new int[] {1, 2, 3, 4, 5, 6, 7, 8},
                words(".word T_PRIVILEGED, T_ILLEGAL, T_SVC, T_SEGMENT, T_MEMORY, T_PAGE, T_ARITH, T_TIMER"));
        assertArrayEquals(new int[] {1, 2, 4, 8, 1, 2, 4, 8, 16, 1024, 0, 1},
                words(".word ACC_P, ACC_W, ACC_U, ACC_F, PTE_P, PTE_W, PTE_U, PTE_A, PTE_D, PAGE_SIZE, CONSOLE, POWER"));
    }

    @Test
    void dotIsTheCurrentAddress() {
        assertArrayEquals(new int[] {5, 6, 7}, words(".org 5\n .word ., . + 1\n .word ."));
    }

    @Test
    void symbolsAreCaseSensitive() {
        assertArrayEquals(new int[] {1, 2}, words("foo = 1\nFOO = 2\n .word foo, FOO"));
        assertEquals("t.s:1:7: error: undefined symbol 'console'", error(".word console"));
    }

    @Test
    void divisionByZeroIsAnError() {
        assertEquals("t.s:1:9: error: division by zero in expression", error(".word 1 / (2 - 2)"));
        assertEquals("t.s:1:11: error: division by zero in expression", error("li r1, 10 % 0"));
    }

    @Test
    void malformedExpressions() {
        assertEquals("t.s:1:10: error: expected an expression", error(".word 1 +"));
        assertEquals("t.s:1:7: error: unbalanced '('", error(".word (1 + 2"));
        assertEquals("t.s:1:9: error: unexpected ')' in expression", error(".word 1 ) 2"));
        assertEquals("t.s:1:9: error: unexpected '2' in expression", error(".word 1 2"));
        assertEquals("t.s:1:7: error: register 'r1' where an expression is expected", error(".word r1"));
        assertEquals("t.s:1:7: error: malformed number '0x'", error(".word 0x"));
        assertEquals("t.s:1:7: error: malformed number '12ab'", error(".word 12ab"));
        assertEquals("t.s:1:7: error: malformed number '0b12'", error(".word 0b12"));
        assertEquals("t.s:1:9: error: unexpected '<' (shifts are written <<)", error(".word 1 < 2"));
        assertEquals("t.s:1:8: error: unknown escape '\\q' (known: \\n \\t \\0 \\\\ \\' \\\")", error(".word '\\q'"));
        assertEquals("t.s:1:7: error: empty character literal", error(".word ''"));
        assertEquals("t.s:1:7: error: a character literal holds one character (strings are \"...\")", error(".word 'ab'"));
        assertEquals("t.s:1:9: error: negative shift count -1", error(".word 1 << -1"));
        assertEquals("t.s:1:9: error: shift count 100000 too large", error(".word 1 << 100000"));
    }

    @Test
    void deepNestingIsAnErrorNotAStackOverflow() {
        String deep = "(".repeat(5000) + "1" + ")".repeat(5000);
        assertEquals("t.s:1:207: error: expression nested more than 200 parentheses deep", error(".word " + deep));
    }
}
