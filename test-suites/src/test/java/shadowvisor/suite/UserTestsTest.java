package shadowvisor.suite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import shadowvisor.machine.ExitKind;
import shadowvisor.machine.isa.Profile;
import shadowvisor.mode.Mode;

/**
 * The header of a user's test file ({@link UserTests}): every manifest field read into the same
 * entry as manifest.json would give, and each kind of bad header refused with FILE:LINE.
 */
class UserTestsTest {
    @TempDir
    Path dir;

    private Path write(String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text);
    }

    @Test
    void everyFieldOfTheManifestIsReadFromTheHeader() throws IOException {
        Path f = write("all.s", String.join("\n",
                "; all.s: every field.",
                ";",
                "; test: name=every-field mem=0x10000 modes=native,shadow-trace,shadow-vtlb",
                "; test: expect_refused=segment,hybrid input=\"Hi \\\"there\\\"\\n\\t\\\\\" profile=x86",
                ";; test: max_instructions=20K exit.kind=shutdown exit.status=125 exit.reason_contains=double",
                "; test: expect_output=\"line one\" expect_output=\"PASS: two words\"",
                "; test: expect_difference.shadow-trace=\"Theorem 1: because\"",
                "        .include \"lib/report.s\"",
                "; an ordinary comment below the header",
                ""));
        Manifest m = UserTests.load(List.of(f));
        SuiteTest t = m.tests().get(0);
        assertEquals("every-field", t.name());
        assertEquals(f.toString(), t.file());
        assertEquals(65536, t.memWords());
        assertEquals("Hi \"there\"\n\t\\", t.input());
        assertEquals(List.of(Mode.NATIVE, Mode.SHADOW_TRACE, Mode.SHADOW_VTLB), t.modes());
        assertEquals(List.of(Mode.SEGMENT, Mode.HYBRID), t.expectRefused());
        assertEquals(Profile.builtIn("x86"), t.profile());
        assertEquals(20 * 1024, t.maxInstructions());
        assertEquals(new SuiteTest.ExpectedExit(ExitKind.SHUTDOWN, 125, "double"), t.exit());
        assertEquals(List.of("line one", "PASS: two words"), t.expectOutput());
        assertEquals(Map.of(Mode.SHADOW_TRACE, "Theorem 1: because"), t.expectDifference());
    }

    @Test
    void defaultsAreTheManifestsAndTheNameIsTheFileName() throws IOException {
        Path f = write("plain.s", "; test: mem=16K modes=native,segment\n        halt\n");
        SuiteTest t = UserTests.load(List.of(f)).tests().get(0);
        assertEquals("plain", t.name());
        assertNull(t.input());
        assertNull(t.profile());
        assertEquals(SuiteTest.ExpectedExit.CLEAN_POWEROFF, t.exit());
        assertEquals(Manifest.DEFAULT_MAX_INSTRUCTIONS, t.maxInstructions());
        assertEquals(List.of(), t.expectRefused());
        assertEquals(Map.of(), t.expectDifference());
    }

    @Test
    void aFolderIsItsSortedDotSFilesWithoutSubfolders() throws IOException {
        write("b.s", "; test: mem=16K modes=native\n");
        write("a.s", "; test: mem=16K modes=native\n");
        write("notes.txt", "not a test");
        Files.createDirectories(dir.resolve("lib"));
        write("lib/helper.s", "; no header: an include, not a test\n");
        List<String> names = UserTests.load(List.of(dir)).tests().stream().map(SuiteTest::name).toList();
        assertEquals(List.of("a", "b"), names);
    }

    /** Each kind of bad header: the line it is on, and a word of the reason. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "unknown key        | ; test: mem=16K modes=native colour=red                   | 1 | unknown key 'colour'",
            "file key           | ; test: mem=16K modes=native file=x.s                      | 1 | the file is the test itself",
            "bad mode           | ; x\\n; test: mem=16K modes=native,segmnt                  | 2 | unknown mode 'segmnt'",
            "bad mem            | ; test: mem=lots modes=native                              | 1 | mem: 'lots' is not",
            "tiny mem           | ; test: mem=8 modes=native                                 | 1 | out of range",
            "mem not in pages   | ; test: mem=1000 modes=native,shadow-vtlb                  | 1 | whole number of 1024-word pages",
            "missing mem        | ; about\\n; test: modes=native                             | 2 | missing mem=",
            "missing modes      | ; test: mem=16K                                            | 1 | missing modes=",
            "no header          | main: halt                                                 | 1 | no '; test:' header",
            "below the header   | ; test: mem=16K modes=native\\n  halt\\n; test: input=x    | 3 | below the header",
            "twice              | ; test: mem=16K modes=native\\n; test: mem=32K             | 2 | mem is given twice (first on line 1)",
            "no equals          | ; test: mem=16K modes=native shadow                        | 1 | expected key=value",
            "unterminated quote | ; test: mem=16K modes=native input=\"abc                   | 1 | unterminated",
            "bad escape         | ; test: mem=16K modes=native input=\"a\\qb\"               | 1 | unknown escape",
            "bad profile        | ; test: mem=16K modes=native profile=vax                   | 1 | unknown profile 'vax'",
            "run and refused    | ; test: mem=16K modes=native,segment expect_refused=segment | 1 | is in modes too",
            "bad exit kind      | ; test: mem=16K modes=native exit.kind=crash               | 1 | unknown exit kind 'crash'",
            "status alone       | ; test: mem=16K modes=native\\n; test: exit.status=3       | 2 | needs exit.kind",
            "bad status         | ; test: mem=16K modes=native exit.kind=poweroff exit.status=300 | 1 | not an exit status",
            "bad max            | ; test: mem=16K modes=native max_instructions=0            | 1 | must be positive",
            "native differs     | ; test: mem=16K modes=native expect_difference.native=\"x\" | 1 | oracle",
            "difference not run | ; test: mem=16K modes=native expect_difference.segment=\"x\" | 1 | is not in modes",
            "bad name           | ; test: mem=16K modes=native name=\"a b\"                  | 1 | is not a test name",
            "empty fields       | ; test:                                                    | 1 | without fields",
    })
    void aBadHeaderNamesFileAndLine(String kind, String text, int line, String reason) throws IOException {
        Path f = write("bad.s", text.strip().replace("\\n", "\n") + "\n");
        UserTests.BadTestException e = assertThrows(UserTests.BadTestException.class, () -> UserTests.load(List.of(f)));
        assertTrue(e.getMessage().startsWith(f + ":" + line + ": "), kind + ": " + e.getMessage());
        assertTrue(e.getMessage().contains(reason), kind + ": " + e.getMessage());
        assertEquals(1, e.getMessage().lines().count(), e.getMessage());
    }

    @Test
    void twoTestsOfOneNameAreRefused() throws IOException {
        Files.createDirectories(dir.resolve("x"));
        Path a = write("a.s", "; test: mem=16K modes=native\n");
        Path b = write("x/a.s", "; about\n; test: mem=16K modes=native\n");
        UserTests.BadTestException e = assertThrows(UserTests.BadTestException.class,
                () -> UserTests.load(List.of(a, b)));
        assertEquals(b + ":2: test name 'a' is also the name of " + a + " (give one of them another name=)",
                e.getMessage());
    }

    @Test
    void badPathsAreRefused() throws IOException {
        Path missing = dir.resolve("nope.s");
        assertEquals(missing + ": no such file or folder",
                assertThrows(UserTests.BadTestException.class, () -> UserTests.load(List.of(missing))).getMessage());
        Path txt = write("t.txt", "");
        assertTrue(assertThrows(UserTests.BadTestException.class, () -> UserTests.load(List.of(txt))).getMessage()
                .startsWith(txt + ": not a test file"));
        Path empty = Files.createDirectories(dir.resolve("empty"));
        assertTrue(assertThrows(UserTests.BadTestException.class, () -> UserTests.load(List.of(empty))).getMessage()
                .startsWith(empty + ": no .s file in this folder"));
    }
}
