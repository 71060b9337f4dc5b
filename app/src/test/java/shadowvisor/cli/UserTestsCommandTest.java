package shadowvisor.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.SchemaFactory;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;

/**
 * {@code test PATH...}: the user's own test files, each with its manifest entry in a header
 * comment, judged as the bundled suites are (the guest's checks, the exit, equivalence to native
 * in each mode); {@code --junit FILE} writes the same results as JUnit XML, checked against
 * JUnit.xsd (test resources) and against the TAP's counts.
 */
class UserTestsCommandTest {
    @TempDir
    Path dir;

    /** The report and paging libraries beside the tests, in lib/ (a subfolder: not taken for tests). */
    @BeforeEach
    void libraries() throws IOException {
        Files.createDirectories(dir.resolve("lib"));
        Files.writeString(dir.resolve("lib/report.s"), suite("lib/report.s"));
        Files.writeString(dir.resolve("lib/paging.s"), suite("lib/paging.s"));
    }

    private static String suite(String name) {
        try (InputStream in = UserTestsCommandTest.class.getClassLoader().getResourceAsStream("suites/" + name)) {
            if (in == null) {
                throw new IllegalStateException("no bundled suite file " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Path write(String name, String text) {
        return Cli.file(dir, name, text);
    }

    private static final String ANSWER = String.join("\n",
            "; answer.s: reads its input, checks a product, prints a line the header expects.",
            "; test: mem=32K modes=native,segment,hybrid,shadow-trace,shadow-vtlb",
            "; test: input=\"6*\" expect_output=\"the answer is 42\"",
            "        .include \"lib/report.s\"",
            "main:   in   r1, CONSOLE",
            "        in   r2, CONSOLE",
            "        check_eqi \"first input byte\", r1, '6'",
            "        check_eqi \"second input byte\", r2, '*'",
            "        li   r3, 6",
            "        li   r4, 7",
            "        mul  r5, r3, r4",
            "        check_eqi \"six times seven\", r5, 42",
            "        la   r13, said",
            "        call sv_puts",
            "        summary",
            "said:   .string \"the answer is 42\\n\"",
            "");

    private static List<String> tapLines(Cli r) {
        return r.out().lines().filter(l -> l.startsWith("ok ") || l.startsWith("not ok ")).toList();
    }

    @Test
    void aPassingTestIsOkInEveryModeItLists() {
        Path f = write("answer.s", ANSWER);
        Cli r = Cli.run("test", "--jobs", "2", f);
        assertEquals(0, r.status(), r.out() + r.err());
        assertEquals(List.of("ok 1 - answer [native]", "ok 2 - answer [segment]", "ok 3 - answer [hybrid]",
                "ok 4 - answer [shadow-trace]", "ok 5 - answer [shadow-vtlb]"), tapLines(r), r.out());
    }

    @Test
    void aFailingGuestCheckIsNotOkWithStatusOne() {
        Path f = write("wrong.s", ANSWER.replace("check_eqi \"six times seven\", r5, 42",
                "check_eqi \"six times seven\", r5, 41").replace("modes=native,segment,hybrid,shadow-trace,shadow-vtlb",
                "modes=native,segment"));
        Cli r = Cli.run("test", f);
        assertEquals(1, r.status(), r.out() + r.err());
        assertEquals(List.of("not ok 1 - wrong [native] - FAIL: six times seven",
                "not ok 2 - wrong [segment] - FAIL: six times seven"), tapLines(r), r.out());
        assertTrue(r.out().contains("#   got 0x0000002a, want 0x00000029") || r.out().contains("got 0x"), r.out());
        assertTrue(r.out().contains("# 0 ok, 2 not ok, 0 skipped"), r.out());
    }

    @Test
    void aMissingConsoleLineIsNotOk() {
        Path f = write("quiet.s", ANSWER.replace("expect_output=\"the answer is 42\"",
                "expect_output=\"the answer is 43\"").replace("modes=native,segment,hybrid,shadow-trace,shadow-vtlb",
                "modes=native"));
        Cli r = Cli.run("test", f);
        assertEquals(1, r.status(), r.out());
        assertEquals(List.of("not ok 1 - quiet [native] - console line missing: the answer is 43"), tapLines(r));
    }

    /** pdp10_jrstu.s under its profile: segment differs from native, as the header says it may. */
    @Test
    void anExpectedDifferenceUnderAProfileIsOkAndWithoutItNotOk() {
        String header = "; test: mem=32K profile=pdp10 modes=native,segment,hybrid\n";
        Path expected = write("jrstu.s", header
                + "; test: expect_difference.segment=\"Theorem 1: jrstu is a plain jump in vm-supervisor\"\n"
                + suite("pdp10_jrstu.s"));
        Cli r = Cli.run("test", expected);
        assertEquals(0, r.status(), r.out() + r.err());
        assertEquals(List.of("ok 1 - jrstu [native]", "ok 2 - jrstu [segment]", "ok 3 - jrstu [hybrid]"), tapLines(r));
        assertTrue(r.out().contains("# differs from native, as expected (Theorem 1: jrstu is a plain jump in "
                + "vm-supervisor): "), r.out());

        Path unexpected = write("jrstu2.s", header + suite("pdp10_jrstu.s"));
        Cli u = Cli.run("test", "--modes", "native,segment", unexpected);
        assertEquals(1, u.status(), u.out());
        assertEquals("ok 1 - jrstu2 [native]", tapLines(u).get(0));
        assertTrue(tapLines(u).get(1).startsWith("not ok 2 - jrstu2 [segment]"), u.out());
    }

    /**
     * A paging guest with every field of the manifest in its header: refused by segment and
     * hybrid (expected), a double-fault shutdown on profile x86 in the shadow modes.
     */
    @Test
    void anExpectedRefusalAndEveryFieldTogether() {
        Path f = write("every.s", String.join("\n",
                "; test: name=every-field mem=64K modes=native,shadow-trace,shadow-vtlb expect_refused=segment,hybrid",
                "; test: input=\"unused\\n\" profile=x86 max_instructions=100000",
                "; test: exit.kind=shutdown exit.status=125 exit.reason_contains=double",
                "; test: expect_output=\"PASS: paging on before the double fault\"",
                "; test: expect_difference.shadow-trace=\"a difference the profile would explain\"",
                suite("doublefault_page.s")));
        Cli r = Cli.run("test", f);
        assertEquals(0, r.status(), r.out() + r.err());
        assertEquals(List.of("ok 1 - every-field [native]", "ok 2 - every-field [segment]", "ok 3 - every-field [hybrid]",
                "ok 4 - every-field [shadow-trace]", "ok 5 - every-field [shadow-vtlb]"), tapLines(r), r.out());
        assertTrue(r.out().contains("# refused as expected: "), r.out());
        assertTrue(r.out().contains("# expected to differ from native (a difference the profile would explain), but "
                + "it ended exactly as natively"), r.out());

        // The same guest without its refusals: segment runs it, which is not what a paging guest gets.
        Path g = write("norefuse.s", String.join("\n",
                "; test: mem=64K modes=native,segment exit.kind=shutdown exit.status=125 exit.reason_contains=double",
                suite("doublefault_page.s")));
        Cli n = Cli.run("test", g);
        assertEquals(1, n.status(), n.out());
        assertTrue(tapLines(n).get(1).startsWith("not ok 2 - norefuse [segment]"), n.out());
    }

    @Test
    void aFolderRunsItsFilesSortedAndFiltersApply() {
        Path sub = dir.resolve("more");
        write("zeta.s", ANSWER.replace("modes=native,segment,hybrid,shadow-trace,shadow-vtlb", "modes=native"));
        write("alpha.s", ANSWER.replace("modes=native,segment,hybrid,shadow-trace,shadow-vtlb", "modes=native,hybrid"));
        try {
            Files.createDirectories(sub);
            Files.writeString(sub.resolve("lone.s"), ANSWER.replace("lib/report.s", "../lib/report.s")
                    .replace("modes=native,segment,hybrid,shadow-trace,shadow-vtlb", "modes=segment"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Cli r = Cli.run("test", dir, sub);
        assertEquals(0, r.status(), r.out() + r.err());
        assertEquals(List.of("ok 1 - alpha [native]", "ok 2 - alpha [hybrid]", "ok 3 - zeta [native]",
                "ok 4 - lone [segment]"), tapLines(r), r.out());

        Cli list = Cli.run("test", "--list", "--filter", "z*", dir);
        assertEquals(0, list.status(), list.err());
        assertEquals(List.of("zeta [native]"), list.out().lines().toList());
    }

    /** Each kind of bad input: one line naming FILE:LINE, status 2, nothing on stdout (nothing ran). */
    @Test
    void aBadHeaderIsAUsageErrorNamingFileAndLine() {
        write("good.s", ANSWER);
        Path bad = write("zz-bad.s", "; a test\n; test: mem=32K modes=native\n; test: colour=red\n");
        Cli r = Cli.run("test", dir);
        assertEquals(2, r.status(), r.out() + r.err());
        assertEquals("", r.out());
        assertEquals(List.of("shadowvisor: error: " + bad + ":3: unknown key 'colour' (known: name, mem, modes, "
                + "expect_refused, input, profile, max_instructions, exit.kind, exit.status, exit.reason_contains, "
                + "expect_output, expect_difference.MODE)"), r.errLines());

        Path mode = write("mode.s", "; test: mem=32K modes=native,shadow-tlb\n");
        Cli m = Cli.run("test", mode);
        assertEquals(2, m.status());
        assertEquals(List.of("shadowvisor: error: " + mode + ":1: modes: unknown mode 'shadow-tlb' (known: native, "
                + "segment, hybrid, shadow-trace, shadow-vtlb)"), m.errLines());

        Path missing = write("missing.s", "; about\n\n; test: input=\"x\"\n");
        Cli s = Cli.run("test", missing);
        assertEquals(2, s.status());
        assertEquals(List.of("shadowvisor: error: " + missing + ":3: missing mem= (a test needs mem= and modes=)"),
                s.errLines());

        Cli none = Cli.run("test", dir.resolve("none.s"));
        assertEquals(2, none.status());
        assertEquals(List.of("shadowvisor: error: " + dir.resolve("none.s") + ": no such file or folder"),
                none.errLines());
    }

    @Test
    void junitXmlIsValidAgainstItsSchemaAndCountsAsTheTap() throws Exception {
        write("answer.s", ANSWER);
        write("wrong.s", ANSWER.replace("r5, 42", "r5, 41").replace("said:   .string \"the answer is 42\\n\"",
                "said:   .ascii \"<&>\"\n        .word 1, 10, 0").replace("expect_output=\"the answer is 42\"",
                "expect_output=\"a <b> & \\\"c\\\"\""));
        Path jrstu = write("jrstu.s", "; test: mem=32K profile=pdp10 modes=native,segment\n"
                + "; test: expect_difference.segment=\"Theorem 1\"\n" + suite("pdp10_jrstu.s"));
        Path xml = dir.resolve("out/report.xml");
        Files.createDirectories(xml.getParent());
        Cli r = Cli.run("test", "--junit", xml, "--jobs", "3", dir);
        assertEquals(1, r.status(), r.out() + r.err());
        assertTrue(r.out().startsWith("TAP version 13\n"), "the TAP stays on stdout");

        String text = Files.readString(xml);
        URL xsd = getClass().getResource("/junit/JUnit.xsd");
        SchemaFactory sf = SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI);
        sf.newSchema(xsd).newValidator().validate(new StreamSource(new StringReader(text)));

        List<String> tap = tapLines(r);
        long notOk = tap.stream().filter(l -> l.startsWith("not ok")).count();
        long skipped = tap.stream().filter(l -> l.contains(" # SKIP ")).count();
        Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new InputSource(new StringReader(text)));
        Element root = doc.getDocumentElement();
        assertEquals("testsuites", root.getTagName());
        assertEquals(String.valueOf(tap.size()), root.getAttribute("tests"));
        assertEquals(String.valueOf(notOk), root.getAttribute("failures"));
        assertEquals(String.valueOf(skipped), root.getAttribute("skipped"));
        NodeList cases = doc.getElementsByTagName("testcase");
        assertEquals(tap.size(), cases.getLength());
        assertEquals(notOk, doc.getElementsByTagName("failure").getLength());
        assertEquals(skipped, doc.getElementsByTagName("skipped").getLength());
        for (int i = 0; i < cases.getLength(); i++) {
            Element c = (Element) cases.item(i);
            String line = tap.get(i);
            String name = line.replaceFirst("^(not )?ok \\d+ - ", "").replaceFirst(" - .*$", "");
            assertEquals(name, c.getAttribute("name"), "testcase " + i + " is TAP line " + (i + 1));
            assertEquals(line.startsWith("not ok"), c.getElementsByTagName("failure").getLength() == 1, line);
        }
        Element first = (Element) cases.item(0);
        assertEquals(dir.resolve("answer.s").toString(), first.getAttribute("classname"));
        NodeList suites = doc.getElementsByTagName("testsuite");
        assertEquals(3, suites.getLength(), "one testsuite per test file");
        // The failing case's reason reaches the failure message, escaped by the XML writer.
        assertTrue(text.contains("message=\"FAIL: six times seven\""), text);
        assertTrue(text.contains("console line missing: a &lt;b&gt; &amp; \"c\""), text);
        assertTrue(text.contains("differs from native, as expected (Theorem 1)"), text);
        assertTrue(Files.exists(jrstu));
    }

    @Test
    void anUnwritableJunitTargetIsAUsageErrorBeforeAnythingRuns() {
        Path f = write("answer.s", ANSWER);
        Cli r = Cli.run("test", "--junit", dir.resolve("no/such/dir/x.xml"), f);
        assertEquals(2, r.status());
        assertEquals("", r.out(), "nothing ran");
        assertEquals(List.of("shadowvisor: error: --junit " + dir.resolve("no/such/dir/x.xml") + ": no such directory "
                + dir.resolve("no/such/dir")), r.errLines());

        Cli d = Cli.run("test", "--junit", "-", f);
        assertEquals(2, d.status());
        assertEquals("", d.out());
        assertEquals(List.of("shadowvisor: error: --junit -: stdout carries the TAP; give the JUnit XML a FILE"),
                d.errLines());
        assertFalse(Files.exists(dir.resolve("-")));
    }

    @Test
    void theBundledSuitesCanBeReportedAsJunitToo() throws Exception {
        Path xml = dir.resolve("bundled.xml");
        Cli r = Cli.run("test", "--filter", "{alu,tlb}", "--modes", "native,segment", "--junit", xml);
        assertEquals(0, r.status(), r.out() + r.err());
        String text = Files.readString(xml);
        SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI).newSchema(getClass().getResource("/junit/JUnit.xsd"))
                .newValidator().validate(new StreamSource(new StringReader(text)));
        assertTrue(text.contains("<testcase classname=\"alu.s\" name=\"alu [native]\""), text);
        assertTrue(text.contains("<system-out>refused as expected: "), text);
    }
}
