package shadowvisor.asm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code .include} (spec 6): relative to the including file, cycles refused, chains in errors. */
class IncludeTest {

    @TempDir
    Path dir;

    private Path write(String name, String text) throws IOException {
        Path p = dir.resolve(name);
        Files.createDirectories(p.getParent());
        Files.writeString(p, text);
        return p;
    }

    private static List<String> errors(AssemblyResult r) {
        return r.diagnostics().stream().map(Diagnostic::format).toList();
    }

    @Test
    void includedLinesAreAssembledInPlace() throws IOException {
        write("lib/consts.s", "        .equ ANSWER, 42\n        .include \"more.s\"\n");
        write("lib/more.s", "helper: .word ANSWER\n");
        Path main = write("main.s", "        .word 1\n        .include \"lib/consts.s\"\n        .word helper\n");
        AssemblyResult r = Assembler.assembleFile(main);
        assertEquals(List.of(), errors(r));
        assertArrayEquals(new int[] {1, 42, 1}, r.image().chunks().get(0).words());
    }

    @Test
    void assembleStringResolvesAgainstTheFileNamesParent() throws IOException {
        write("sub/inc.s", " .word 7\n");
        AssemblyResult r = Assembler.assembleString(dir.resolve("virtual.s").toString(), " .include \"sub/inc.s\"");
        assertEquals(List.of(), errors(r));
        assertArrayEquals(new int[] {7}, r.image().chunks().get(0).words());
    }

    @Test
    void errorsInIncludedFilesCarryTheIncludeChain() throws IOException {
        write("inner.s", "; inner\n        addi r1, r0, 99999\n");
        write("middle.s", "\n   .include \"inner.s\"\n");
        Path main = write("main.s", "; main\n\n.include \"middle.s\"\n");
        AssemblyResult r = Assembler.assembleFile(main);
        assertNull(r.image());
        assertEquals(List.of(dir.resolve("inner.s") + ":2:22: error: immediate 99999 out of range -32768..32767\n"
                + "  included from " + dir.resolve("middle.s") + ":2:4\n"
                + "  included from " + main + ":3:1"), errors(r));
        Diagnostic d = r.diagnostics().get(0);
        assertEquals(dir.resolve("inner.s").toString(), d.file());
        assertEquals(2, d.line());
        assertEquals(22, d.column());
        assertEquals(List.of("included from " + dir.resolve("middle.s") + ":2:4", "included from " + main + ":3:1"), d.chain());
    }

    @Test
    void macroExpansionInsideAnIncludedFileShowsBothLinks() throws IOException {
        write("m.s", ".macro boom\n .word 1 / 0\n.endm\n boom\n");
        Path main = write("main.s", " .include \"m.s\"\n");
        AssemblyResult r = Assembler.assembleFile(main);
        assertEquals(List.of(dir.resolve("m.s") + ":2:10: error: division by zero in expression\n"
                + "  in expansion of macro 'boom' at " + dir.resolve("m.s") + ":4:2\n"
                + "  included from " + main + ":1:2"), errors(r));
    }

    @Test
    void missingIncludeIsAnError() throws IOException {
        Path main = write("main.s", " nop\n .include \"nope.s\"\n nop\n");
        AssemblyResult r = Assembler.assembleFile(main);
        assertEquals(List.of(main + ":2:11: error: cannot read include file \"nope.s\": no such file"), errors(r));
    }

    @Test
    void includeCyclesAreDetected() throws IOException {
        write("a.s", " .include \"b.s\"\n");
        write("b.s", " .include \"a.s\"\n");
        Path main = write("main.s", " .include \"a.s\"\n");
        AssemblyResult r = Assembler.assembleFile(main);
        assertEquals(List.of(dir.resolve("b.s") + ":1:11: error: include cycle: \"a.s\" is already being included\n"
                + "  included from " + dir.resolve("a.s") + ":1:2\n"
                + "  included from " + main + ":1:2"), errors(r));
        Path self = write("self.s", " .include \"self.s\"\n");
        assertEquals(List.of(self + ":1:11: error: include cycle: \"self.s\" is already being included"),
                errors(Assembler.assembleFile(self)));
    }

    @Test
    void includingTheSameFileTwiceIsNotACycle() throws IOException {
        write("w.s", " .word 5\n");
        Path main = write("main.s", " .include \"w.s\"\n .include \"w.s\"\n");
        assertArrayEquals(new int[] {5, 5}, Assembler.assembleFile(main).image().chunks().get(0).words());
    }

    @Test
    void includeNeedsAQuotedPath() {
        assertEquals("t.s:1:10: error: expected .include \"path\"", Asm.error(".include nope.s"));
        assertEquals("t.s:1:9: error: expected .include \"path\"", Asm.error(".include"));
    }

    @Test
    void unreadableMainFileIsADiagnostic() {
        Path missing = dir.resolve("missing.s");
        AssemblyResult r = Assembler.assembleFile(missing);
        assertEquals(List.of(missing + ": error: cannot read file: no such file"), errors(r));
    }

    @Test
    void invalidUtf8IsADiagnostic() throws IOException {
        Path bad = dir.resolve("bad.s");
        Files.write(bad, new byte[] {' ', 'n', 'o', 'p', '\n', (byte) 0xC3, '\n'});
        assertEquals(List.of(bad + ": error: cannot read file: not valid UTF-8 text"), errors(Assembler.assembleFile(bad)));
    }

    @Test
    void crlfLineEndingsAreAccepted() throws IOException {
        Path p = write("crlf.s", " .word 1\r\n .word 2\r\n");
        assertArrayEquals(new int[] {1, 2}, Assembler.assembleFile(p).image().chunks().get(0).words());
    }
}
