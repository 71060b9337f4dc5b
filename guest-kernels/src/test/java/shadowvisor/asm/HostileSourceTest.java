package shadowvisor.asm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static shadowvisor.asm.Asm.error;
import static shadowvisor.asm.Asm.errors;
import static shadowvisor.asm.Asm.words;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.IntFunction;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sources built to hurt the assembler (spec 6, "never a stack trace"): every one of them ends in
 * located diagnostics, quickly, with bounded memory and one readable line per message.
 */
class HostileSourceTest {
    private static final Duration HANG_GUARD = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    private static String lines(int n, IntFunction<String> line) {
        return IntStream.range(0, n).mapToObj(line).collect(Collectors.joining("\n"));
    }

    // Number literals.

    @Test
    void aMillionDigitLiteralIsOneShortErrorAtItsColumn() {
        assertEquals("t.s:1:7: error: number longer than 100 digits", error(".word " + "9".repeat(1_000_000)));
        assertEquals("t.s:1:9: error: number longer than 100 digits", error(".word 1+0x" + "f".repeat(5_000)));
        assertEquals("t.s:1:7: error: malformed number '11111111111111111111...111111111x'",
                error(".word " + "1".repeat(1_000_000) + "x"));
    }

    @Test
    void aHundredDigitsAreAccepted() {
        assertArrayEquals(new int[] {42, 5}, words(".word 0x" + "0".repeat(98) + "2A, " + "0".repeat(99) + "5"));
    }

    @Test
    void aHugeValueIsAbbreviatedInItsRangeError() {
        String digits = BigInteger.ONE.shiftLeft(400).subtract(BigInteger.ONE).toString();
        String shown = digits.substring(0, 20) + "..." + digits.substring(digits.length() - 10) + " (121 digits)";
        assertEquals("t.s:1:7: error: value " + shown + " out of range -2147483648..4294967295",
                error(".word 0x" + "F".repeat(100)));
        assertEquals("t.s:1:14: error: immediate -" + shown + " out of range -32768..32767",
                error("addi r1, r0, -0x" + "F".repeat(100)));
    }

    // Expression size and depth.

    @Test
    void longOperatorChainsEvaluateWithoutRecursion() {
        assertArrayEquals(new int[] {8_000}, words(".word " + "1+".repeat(7_999) + "1"));
        assertArrayEquals(new int[] {10_000}, words("x = " + "1+".repeat(9_999) + "1\n .word x"));
        assertArrayEquals(new int[] {-9_999}, words(".word 1" + "-1".repeat(10_000)));
        assertArrayEquals(new int[] {1 << 20}, words(".word 1" + "*2".repeat(20) + "|0".repeat(9_000)));
    }

    @Test
    void moreThanTheOperatorLimitIsALocatedError() {
        int n = ExpressionParser.MAX_OPERATORS + 1;
        // The n-th '+' of ".word 1+1+..." stands at column 6 + 2n.
        assertEquals("t.s:1:" + (6 + 2 * n) + ": error: expression has more than " + ExpressionParser.MAX_OPERATORS
                + " operators", error(".word " + "1+".repeat(n) + "1"));
    }

    @Test
    void nestingAsDeepAsAllowedThroughEveryPrecedenceLevelIsFine() {
        // Each level nests one parenthesis under six binary operators of rising precedence: the
        // deepest evaluation (and parse) an operand can ask for.
        String level = "0|0^0&0<<0+1*(";
        int max = ExpressionParser.MAX_NESTING;
        assertArrayEquals(new int[] {0}, words(".word " + level.repeat(max) + "1" + ")".repeat(max)));
        assertEquals("t.s:1:" + (6 + level.length() * (max + 1)) + ": error: expression nested more than " + max
                + " parentheses deep", error(".word " + level.repeat(max + 1) + "1" + ")".repeat(max + 1)));
    }

    @Test
    void longUnaryChainsAreALocatedError() {
        assertArrayEquals(new int[] {1}, words(".word " + "-".repeat(200) + "1"));
        assertEquals("t.s:1:207: error: more than 200 unary operators in a row", error(".word " + "-".repeat(50_000) + "1"));
        assertEquals("t.s:1:207: error: more than 200 unary operators in a row", error(".word " + "~-".repeat(25_000) + "1"));
    }

    // Include depth.

    @Test
    void anExponentialMacroIsRefusedAtTheExpansionThatPassesTheLimit() {
        StringBuilder src = new StringBuilder(".macro m0\n  .word 0\n.endm\n");
        for (int i = 1; i <= 30; i++) {
            src.append(".macro m").append(i).append("\n  m").append(i - 1).append("\n  m").append(i - 1)
                    .append("\n.endm\n");
        }
        src.append("_start: m30\n");
        AssemblyResult r = assertTimeoutPreemptively(HANG_GUARD, () -> Assembler.assembleString("bomb.s",
                src.toString()));
        assertFalse(r.ok());
        String first = r.formattedDiagnostics().lines().findFirst().orElseThrow();
        assertTrue(first.matches("bomb\\.s:\\d+:\\d+: error: more than 200000 macro expansions; giving up .*"), first);
    }

    @Test
    void aDeepIncludeChainIsRefusedAtTheIncludeWithItsChain() throws IOException {
        int files = 2_000;
        for (int i = 0; i < files; i++) {
            Files.writeString(dir.resolve("f" + i + ".s"), i + 1 < files ? " .include \"f" + (i + 1) + ".s\"\n" : " .word 1\n");
        }
        int max = SourceReader.MAX_INCLUDE_DEPTH;
        AssemblyResult r = assertTimeoutPreemptively(HANG_GUARD, () -> Assembler.assembleFile(dir.resolve("f0.s")));
        assertEquals(1, r.diagnostics().size(), r.formattedDiagnostics());
        Diagnostic d = r.diagnostics().get(0);
        assertEquals(dir.resolve("f" + max + ".s").toString(), d.file());
        assertEquals(1, d.line());
        assertEquals(11, d.column());
        assertEquals("include nested more than " + max + " deep (\"f" + (max + 1) + ".s\" is not read)", d.message());
        assertEquals(max, d.chain().size());
        assertEquals("included from " + dir.resolve("f" + (max - 1) + ".s") + ":1:2", d.chain().get(0));
        assertEquals("included from " + dir.resolve("f0.s") + ":1:2", d.chain().get(max - 1));
    }

    @Test
    void includesExactlyAsDeepAsTheLimitAreFine() throws IOException {
        int max = SourceReader.MAX_INCLUDE_DEPTH;
        for (int i = 0; i <= max; i++) {
            Files.writeString(dir.resolve("g" + i + ".s"), i < max ? " .include \"g" + (i + 1) + ".s\"\n" : " .word 7\n");
        }
        AssemblyResult r = Assembler.assembleFile(dir.resolve("g0.s"));
        assertEquals("", r.formattedDiagnostics());
        assertArrayEquals(new int[] {7}, r.image().chunks().get(0).words());
    }

    // Growth of values.

    @Test
    void aValueBeyondTheBitLimitIsALocatedError() {
        String tooLarge = "error: value too large in expression (more than " + Expression.MAX_BITS + " bits)";
        assertEquals("t.s:1:8: " + tooLarge, error("a0 = 1 << 65536"));
        assertEquals(List.of("t.s:2:9: " + tooLarge),
                errors("a0 = 1 << 4000\n" + lines(30, i -> "a" + (i + 1) + " = a" + i + " * a" + i) + "\n .word a30"));
        // The same when the equate waits for a later symbol and is resolved after the first pass.
        assertEquals(List.of("t.s:1:9: " + tooLarge), errors("a1 = a0 * a0\na0 = 1 << 4000\n .word a1"));
        assertEquals("t.s:1:19: " + tooLarge, error(".word (1 << 4095) * 2"));
        assertArrayEquals(new int[] {1, 3}, words(".word (1 << 4095) >> 4095, -(1 << 4095) - -(1 << 4095) + 3"));
    }

    // Unbounded input files.

    @Test
    void anIncludedDeviceIsRefusedAfterTheSizeLimit() {
        assumeTrue(Files.isReadable(Path.of("/dev/zero")));
        assertEquals("t.s:1:11: error: cannot read include file \"/dev/zero\": larger than 67108864 bytes (64 MiB)",
                error(" .include \"/dev/zero\""));
    }

    @Test
    void aSourceLinkedToADeviceIsRefusedAfterTheSizeLimit() throws IOException {
        assumeTrue(Files.isReadable(Path.of("/dev/zero")));
        Path link = dir.resolve("zero.s");
        try {
            Files.createSymbolicLink(link, Path.of("/dev/zero"));
        } catch (UnsupportedOperationException | IOException e) {
            assumeTrue(false, "no symbolic links here");
        }
        AssemblyResult r = Assembler.assembleFile(link);
        assertEquals(link + ": error: cannot read file: larger than 67108864 bytes (64 MiB)\n", r.formattedDiagnostics());
    }

    // Forward equate chains.

    @Test
    void aLongForwardEquateChainIsResolved() {
        int n = 50_000;
        String src = lines(n, i -> "x" + i + " = " + (i + 1 < n ? "x" + (i + 1) : "lbl") + " + 1") + "\nlbl: .word x0, x" + (n - 1);
        assertArrayEquals(new int[] {n, 1}, assertTimeoutPreemptively(HANG_GUARD, () -> words(src)));
    }

    @Test
    void aLongBackwardEquateChainIsResolved() {
        int n = 50_000;
        String src = lines(n, i -> "x" + (n - 1 - i) + " = " + (i == 0 ? "lbl" : "x" + (n - i)) + " + 1")
                + "\nlbl: .word x0, x" + (n - 1);
        assertArrayEquals(new int[] {n, 1}, assertTimeoutPreemptively(HANG_GUARD, () -> words(src)));
    }

    @Test
    void aLongChainToAnUndefinedSymbolReportsOnlyItsEnd() {
        int n = 50_000;
        String src = lines(n, i -> "x" + i + " = " + (i + 1 < n ? "x" + (i + 1) : "nothere") + " + 1") + "\n .word x0";
        assertEquals(List.of("t.s:" + n + ":10: error: undefined symbol 'nothere'"),
                assertTimeoutPreemptively(HANG_GUARD, () -> errors(src)));
    }

    @Test
    void aLongCycleReportsEachMember() {
        int n = 50_000;
        String src = "y = x0 + 1\n" + lines(n, i -> "x" + i + " = x" + ((i + 1) % n) + " + 1") + "\n .word y";
        List<String> found = assertTimeoutPreemptively(HANG_GUARD, () -> errors(src));
        assertEquals(n + 1, found.size());
        assertEquals("t.s:1:5: error: circular definition of 'y'", found.get(0));
        assertEquals("t.s:2:6: error: circular definition of 'x0'", found.get(1));
        assertEquals("t.s:" + (n + 1) + ":10: error: circular definition of 'x" + (n - 1) + "'", found.get(n));
    }

    @Test
    void equateResultsDoNotDependOnTheOrderOfResolution() {
        // Waits for a cycle, for an undefined symbol, for a broken equate, and plain values.
        String src = String.join("\n",
                "a = b + c", "b = c", "c = d", "d = b",      // 1-4: a, b, c, d circular
                "e = f + nothere", "f = g", "g = L",          // 5: undefined, f and g fine
                "h = i", "i = 1 / z", "z = L - L",            // 9: division by zero, h silent
                "L: .word e, f, g, h");
        assertEquals(List.of(
                "t.s:1:5: error: circular definition of 'a'",
                "t.s:2:5: error: circular definition of 'b'",
                "t.s:3:5: error: circular definition of 'c'",
                "t.s:4:5: error: circular definition of 'd'",
                "t.s:5:9: error: undefined symbol 'nothere'",
                "t.s:9:7: error: division by zero in expression"), errors(src));
    }

    // What diagnostics echo.

    @Test
    void controlCharactersAreShownEscaped() {
        assertEquals("t.s:1:9: error: unexpected character U+0000", error(".word 1 \u0000 2"));
        assertEquals("t.s:1:5: error: unexpected character U+001B", error("nop \u001b[31m"));
        assertEquals("t.s:1:4: error: unexpected character U+00A0", error("nop\u00a0"));
        assertEquals("t.s:1:11: error: invalid include path \"a<U+0000>b\"", error(" .include \"a\u0000b\""));
        String e = error(".word '\\\u0007'");
        assertTrue(e.startsWith("t.s:1:8: error: unknown escape '\\<U+0007>'"), e);
    }

    @Test
    void aRunawayNameIsCutToOneReadableLine() {
        String e = error(" " + "f".repeat(100_000));
        assertTrue(e.length() < 600, () -> e.length() + " characters");
        assertTrue(e.startsWith("t.s:1:2: error: unknown mnemonic 'fff"), e);
        assertTrue(e.contains("ff[... 99"), e);
        assertTrue(e.endsWith("fff'"), e);
    }
}
