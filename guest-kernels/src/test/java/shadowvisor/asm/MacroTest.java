package shadowvisor.asm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static shadowvisor.asm.Asm.error;
import static shadowvisor.asm.Asm.errors;
import static shadowvisor.asm.Asm.ri;
import static shadowvisor.asm.Asm.words;

import java.util.List;
import org.junit.jupiter.api.Test;
import shadowvisor.machine.isa.Opcode;

/** {@code .macro}/{@code .endm} (spec 6): parameters, {@code \@}, nesting and their errors. */
class MacroTest {

    @Test
    void parametersAreSubstituted() {
        String src = ".macro store3 reg, base\n st \\reg, 0(\\base)\n st \\reg, 1(\\base)\n st \\reg, 2(\\base)\n.endm\n"
                + " store3 r1, sp";
        assertArrayEquals(new int[] {ri(Opcode.ST, 1, 14, 0), ri(Opcode.ST, 1, 14, 1), ri(Opcode.ST, 1, 14, 2)}, words(src));
    }

    @Test
    void argumentsAreTheirTextIncludingExpressions() {
        String src = ".macro w a b\n .word \\a * 2\n.endm\n w (1 + 2), 0";
        assertArrayEquals(new int[] {6}, words(src));
        assertArrayEquals(new int[] {'x', 0}, words(".macro s text\n .string \\text\n.endm\n s \"x\""));
    }

    @Test
    void atSignIsUniquePerExpansion() {
        String src = ".macro spin\nw\\@: .word w\\@\n.endm\n spin\n spin\n spin";
        assertArrayEquals(new int[] {0, 1, 2}, words(src));
    }

    @Test
    void emptyParenthesesSeparateAParameterFromFollowingText() {
        assertArrayEquals(new int[] {7}, words(".macro m n\nv\\n\\()x = 7\n .word v\\n\\()x\n.endm\n m 1"));
    }

    @Test
    void escapesInBodiesAreNotParameters() {
        // \n is an escape, not parameter n, because the macro has no parameter named n.
        assertArrayEquals(new int[] {10, '\\', 0}, words(".macro nl\n .word '\\n'\n .string \"\\\\\"\n.endm\n nl"));
    }

    @Test
    void labelOnTheInvocationLineTakesTheLocation() {
        assertArrayEquals(new int[] {0, 0, 0, 0, 2}, words(".macro two\n .word 0, 0\n.endm\n two\nhere: two\n .word here"));
        assertArrayEquals(new int[] {1, 1}, words(".macro one\n .word here\n.endm\n .word 1\nhere: one"));
    }

    @Test
    void macrosMayInvokeOtherMacrosAndDefineMacros() {
        String src = ".macro inner v\n .word \\v\n.endm\n.macro outer v\n inner \\v\n inner \\v + 1\n.endm\n outer 5";
        assertArrayEquals(new int[] {5, 6}, words(src));
        String defining = ".macro def name\n.macro \\name\n .word 9\n.endm\n.endm\n def nine\n nine";
        assertArrayEquals(new int[] {9}, words(defining));
    }

    @Test
    void namesAreCaseInsensitiveLikeMnemonics() {
        assertArrayEquals(new int[] {3}, words(".macro Three\n .word 3\n.endm\n THREE"));
    }

    @Test
    void runawayRecursionIsAnErrorNotACrash() {
        String e = error(".macro forever\n forever\n.endm\n forever");
        assertTrue(e.startsWith("t.s:2:2: error: macro expansion nested more than 100 deep "
                + "(does macro 'forever' invoke itself without end?)\n  in expansion of macro 'forever' at t.s:2:2"), e);
        assertTrue(e.endsWith("  in expansion of macro 'forever' at t.s:4:2"), e);
    }

    @Test
    void expansionErrorsCarryTheChain() {
        String src = ".macro bad r\n addi \\r, r0, 70000\n.endm\n\n bad r1";
        assertEquals("t.s:2:15: error: immediate 70000 out of range -32768..32767\n"
                + "  in expansion of macro 'bad' at t.s:5:2", error(src));
    }

    @Test
    void definitionErrors() {
        assertEquals("t.s:1:2: error: unterminated macro 'm' (missing .endm)", error(" .macro m\n nop"));
        assertEquals("t.s:1:2: error: .endm without .macro", error(" .endm"));
        assertEquals("t.s:1:8: error: 'add' is an instruction; a macro cannot take its name", error(".macro add\n.endm"));
        assertEquals("t.s:1:8: error: 'push' is an instruction; a macro cannot take its name", error(".macro push\n.endm"));
        assertEquals("t.s:3:8: error: macro 'm' already defined at t.s:1:1", error(".macro m\n.endm\n.macro m\n.endm"));
        assertEquals("t.s:1:13: error: duplicate macro parameter 'a'", error(".macro m a, a\n.endm"));
        assertEquals("t.s:1:7: error: expected a macro name after .macro", error(".macro\n.endm"));
        assertEquals("t.s:3:2: error: macro 'm' expects 2 arguments (a, b), found 1", error(".macro m a, b\n.endm\n m 1"));
        assertEquals("t.s:1:2: error: unknown mnemonic 'm'", error(" m\n.macro m\n.endm"));
    }

    @Test
    void anInvalidDefinitionStillSwallowsItsBody() {
        List<String> e = errors(".macro add\n this is not assembly\n.endm\n nop");
        assertEquals(List.of("t.s:1:8: error: 'add' is an instruction; a macro cannot take its name"), e);
    }

    @Test
    void unknownBackslashOutsideQuotesIsReported() {
        assertEquals("t.s:2:8: error: unexpected '\\' (not a parameter of the enclosing macro?)\n"
                + "  in expansion of macro 'm' at t.s:4:2", error(".macro m a\n .word \\b\n.endm\n m 1"));
    }
}
