package shadowvisor.asm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static shadowvisor.asm.Asm.error;
import static shadowvisor.asm.Asm.errors;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Errors (spec 6): each kind at its file:line:column, all errors of a run collected in source
 * order, and no input that makes the assembler throw.
 */
class DiagnosticTest {

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        // source (\n for newlines)                 | expected diagnostic
        "`  frob r1, r2` | t.s:1:3: error: unknown mnemonic 'frob'",
        "`  .frob 1` | t.s:1:3: error: unknown directive '.frob'",
        "`  add r1, r2,` | t.s:1:13: error: missing operand after ','",
        "`  add r1,, r2` | t.s:1:10: error: missing operand before ','",
        "`  add r1, r2` | t.s:1:3: error: 'add' expects 3 operands (rd, rs1, rs2), found 2",
        "`  halt r1` | t.s:1:3: error: 'halt' takes no operands",
        "`  add r1, r2, 5` | t.s:1:15: error: expected a register, found '5'",
        "`  add r1, r2, r3 r4` | t.s:1:18: error: unexpected 'r4' after register",
        "`  add r16, r2, r3` | t.s:1:7: error: expected a register, found 'r16'",
        "`  .word nothere` | t.s:1:9: error: undefined symbol 'nothere'",
        "`  beq r1, r0, nowhere` | t.s:1:15: error: undefined symbol 'nowhere'",
        "`x: nop\\nx: nop` | t.s:2:1: error: duplicate symbol 'x' (first defined at t.s:1:1)",
        "`x: nop\\n .equ x, 1` | t.s:2:7: error: duplicate symbol 'x' (first defined at t.s:1:1)",
        "`y = 1\\ny = 2` | t.s:2:1: error: duplicate symbol 'y' (first defined at t.s:1:1)",
        "`sp: nop` | t.s:1:1: error: 'sp' is a register name and cannot be a symbol",
        "` .equ R3, 1` | t.s:1:7: error: 'R3' is a register name and cannot be a symbol",
        "`CONSOLE = 2` | t.s:1:1: error: 'CONSOLE' is a predefined symbol and cannot be redefined",
        "` .org 4\\n .word 1, 2\\n .org 5\\n .word 3` | t.s:4:2: error: overlapping emission: address 0x00000005 already holds a word from t.s:2:2",
        "` .word 1 + 'a` | t.s:1:12: error: unterminated character literal",
        "` .string \"abc` | t.s:1:10: error: unterminated string",
        "` nop @` | t.s:1:6: error: unexpected character '@'",
        "`a: b: nop` | t.s:1:5: error: only one label per line",
        "`  , r1` | t.s:1:3: error: expected a label, mnemonic or directive, found ','",
        "` .equ 5, 1` | t.s:1:7: error: expected a symbol name, found '5'",
        "` .equ A, B + 1\\n .equ B, C` | t.s:2:10: error: undefined symbol 'C'",
        "` .align L\\nL:` | t.s:1:9: error: the .align boundary must be known on the first pass, but 'L' is defined later or not at all",
        "` .org 0xFFFFFFFF\\n .word 1, 2` | t.s:2:2: error: words past the end of the 32-bit address space (0xFFFFFFFF)",
    })
    void eachKindOfErrorAtItsPlace(String source, String expected) {
        List<String> found = errors(source.replace("\\n", "\n"));
        assertEquals(List.of(expected), found);
    }

    @Test
    void circularEquatesReportEachMember() {
        assertEquals(List.of("t.s:1:10: error: circular definition of 'A'", "t.s:2:10: error: circular definition of 'B'"),
                errors(" .equ A, B\n .equ B, A"));
    }

    @Test
    void anEquateThatDependsOnABrokenOneIsSilent() {
        assertEquals(List.of("t.s:1:10: error: undefined symbol 'C'"), errors(" .equ A, C\n .equ B, A\n .word B"));
        assertEquals(List.of("t.s:1:12: error: division by zero in expression"), errors(" .equ A, 1 / 0\n li r1, A"));
    }

    @Test
    void aLabelBeforeASyntaxErrorIsStillDefined() {
        assertEquals(List.of("t.s:1:9: error: unexpected character '$'"), errors("here: j $\n j here"));
    }

    @Test
    void allErrorsOfARunAreCollectedInSourceOrder() {
        String src = String.join("\n",
                "        .word later_undefined",   // 1: found by the second pass
                "        bogus r1",                // 2: found by the reader
                "        .org L",                  // 3: found by the first pass
                "L:      addi r1, r0, 1 << 20",    // 4: second pass
                "        .equ Q, 1 / 0",           // 5: first pass
                "        .org 0",                  // would overlap line 1, but the layout is already in doubt
                "        .word 5",
                "        .macro open");            // 8: end of file
        assertEquals(List.of(
                "t.s:1:15: error: undefined symbol 'later_undefined'",
                "t.s:2:9: error: unknown mnemonic 'bogus'",
                "t.s:3:14: error: the .org address must be known on the first pass, but 'L' is defined later or not at all",
                "t.s:4:22: error: immediate 1048576 out of range -32768..32767",
                "t.s:5:19: error: division by zero in expression",
                "t.s:8:9: error: unterminated macro 'open' (missing .endm)"), errors(src));
        // Line 7 is not reported: after the failed .org the addresses are guesses, so overlaps are not checked.
    }

    @Test
    void overlapIsReportedOncePerStatement() {
        assertEquals(List.of("t.s:3:2: error: overlapping emission: address 0x00000000 already holds a word from t.s:1:2"),
                errors(" .word 1, 2, 3\n .org 0\n .space 4"));
    }

    @Test
    void diagnosticFormat() {
        Diagnostic d = new Diagnostic("a.s", 3, 7, "bad", List.of("included from m.s:1:1"));
        assertEquals("a.s:3:7: error: bad\n  included from m.s:1:1", d.format());
        assertEquals("a.s: error: unreadable", new Diagnostic("a.s", 0, 0, "unreadable", List.of()).format());
    }

    @Test
    void tabsCountAsOneColumn() {
        assertEquals("t.s:1:3: error: unknown mnemonic 'frob'", error("\t\tfrob"));
    }

    @Provide
    Arbitrary<String> junk() {
        Arbitrary<String> pieces = Arbitraries.of("add", "li", "la", "r1", "sp", ",", "(", ")", ":", "=", ".", "+", "-",
                "<<", ">>", "~", "x", "y", "0x", "12", "'a'", "'", "\"s\"", "\"", "\\", "\\@", ".word", ".org", ".phase",
                ".dephase", ".macro", ".endm", ".include", ".space", ".align", ".equ", ".entry", "m", ";", "\n", " ",
                "push", "beq", "j", "0xFFFFFFFF", "1 << 40", "/ 0", "\t", "é");
        return pieces.list().ofMaxSize(40).map(l -> String.join(" ", l));
    }

    @Property(tries = 1000)
    void noInputMakesTheAssemblerThrow(@ForAll("junk") String source) {
        AssemblyResult r = Assembler.assembleString("junk.s", source);
        assertNotNull(r.listing());
        assertEquals(r.ok(), r.image() != null);
        for (Diagnostic d : r.diagnostics()) {
            assertEquals("junk.s", d.file());
        }
    }
}
