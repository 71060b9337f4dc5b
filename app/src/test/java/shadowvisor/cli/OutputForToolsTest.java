package shadowvisor.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Output for other tools: {@code compare --csv FILE}, {@code --json -} and {@code --csv -} on
 * stdout with nothing else there, {@code --quiet}, and the up-front check of every target.
 */
class OutputForToolsTest {
    /** A mapper that refuses anything after the document: stdout must be the JSON alone. */
    private static final ObjectMapper STRICT = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    @TempDir
    Path dir;

    // ---- CSV -------------------------------------------------------------------------------

    @Test
    void theCsvFileParsesBackToAHeaderAndOneRowPerMode() throws Exception {
        Path csv = dir.resolve("c.csv");
        Path paged = Cli.file(dir, "paged.s", CompareCommandTest.PAGED);
        Cli r = Cli.run("compare", "--repeat", "1", "--csv", csv, paged);
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().contains("mode "), "the table still goes to stdout: " + r.out());
        String text = Files.readString(csv, StandardCharsets.UTF_8);
        assertTrue(text.endsWith("\r\n"), "RFC 4180 records end with CRLF");
        List<List<String>> rows = parse(text);
        assertEquals(6, rows.size(), text);
        List<String> header = rows.get(0);
        assertEquals(List.of("mode", "exit_kind", "exit_status", "instructions", "equivalent", "differences", "refusal",
                "expected_theorem", "expected_instructions", "host_ms", "ratio", "exits"), header.subList(0, 12));
        assertTrue(header.containsAll(List.of("exits_privileged", "exits_page", "emulated", "reflected", "slice_ends",
                "interpreted", "hidden_faults", "shadow_pages_built", "syncs")), header.toString());
        assertEquals(header.size(), header.stream().distinct().count(), "column names are unique: " + header);
        for (List<String> row : rows) {
            assertEquals(header.size(), row.size(), "every row has every column: " + row);
        }
        List<String> modes = rows.stream().skip(1).map(row -> row.get(0)).toList();
        assertEquals(List.of("native", "segment", "hybrid", "shadow-trace", "shadow-vtlb"), modes);

        Row nativeRow = new Row(header, rows.get(1));
        assertEquals("poweroff", nativeRow.get("exit_kind"));
        assertEquals("5", nativeRow.get("exit_status"));
        assertEquals("oracle", nativeRow.get("equivalent"));
        assertEquals("1.0000", nativeRow.get("ratio"));
        assertTrue(nativeRow.get("host_ms").matches("\\d+\\.\\d{3}"), nativeRow.get("host_ms"));
        for (String vmmOnly : List.of("exits", "exits_privileged", "emulated", "reflected", "slice_ends", "hidden_faults")) {
            assertEquals("", nativeRow.get(vmmOnly), "native has no " + vmmOnly);
        }
        long instructions = Long.parseLong(nativeRow.get("instructions"));

        Row segment = new Row(header, rows.get(2));
        assertEquals("refused", segment.get("equivalent"));
        String refusal = segment.get("refusal");
        assertTrue(refusal.contains("paging") && refusal.contains(","), refusal);
        assertTrue(text.contains(",\"" + refusal + "\","), "a value with a comma is quoted: " + text);
        assertEquals("", segment.get("hidden_faults"), "segment declares no hidden_faults");

        Row trace = new Row(header, rows.get(4));
        assertEquals("yes", trace.get("equivalent"));
        assertEquals("", trace.get("differences"));
        assertEquals(instructions, Long.parseLong(trace.get("instructions")));
        assertTrue(Long.parseLong(trace.get("hidden_faults")) > 0, trace.toString());
        assertEquals(Long.parseLong(trace.get("exits")),
                Long.parseLong(trace.get("exits_privileged")) + Long.parseLong(trace.get("exits_page")), trace.toString());
        assertEquals("", new Row(header, rows.get(3)).get("hidden_faults"), "hybrid declares no hidden_faults");
        assertFalse(new Row(header, rows.get(3)).get("interpreted").isEmpty(), "hybrid's own counter");
    }

    @Test
    void aFindingAndAnExpectedDifferenceAreNamedInTheCsv() throws Exception {
        Path csv = dir.resolve("stale.csv");
        Cli r = Cli.run("compare", "--modes", "shadow-trace", "--repeat", "1", "--csv", csv,
                Cli.file(dir, "stale.s", CompareCommandTest.STALE));
        assertEquals(1, r.status(), r.err());
        List<List<String>> rows = parse(Files.readString(csv));
        Row trace = new Row(rows.get(0), rows.get(2));
        assertEquals("no", trace.get("equivalent"));
        assertTrue(trace.get("differences").startsWith("exit registers"), trace.get("differences"));

        Cli jrstu = Cli.run("compare", "--profile", "pdp10", "--modes", "segment", "--repeat", "1", "--csv", csv,
                Cli.file(dir, "jrstu.s", CompareProfileTest.JRSTU));
        assertEquals(0, jrstu.status(), jrstu.err());
        rows = parse(Files.readString(csv));
        Row segment = new Row(rows.get(0), rows.get(2));
        assertEquals("expected", segment.get("equivalent"));
        assertEquals("1", segment.get("expected_theorem"));
        assertEquals("jrstu", segment.get("expected_instructions"));
    }

    @Test
    void csvFieldsAreQuotedAsRfc4180Says() {
        assertEquals("plain", ComparisonCsv.field("plain"));
        assertEquals("", ComparisonCsv.field(""));
        assertEquals("\"a,b\"", ComparisonCsv.field("a,b"));
        assertEquals("\"say \"\"hi\"\"\"", ComparisonCsv.field("say \"hi\""));
        assertEquals("\"two\nlines\"", ComparisonCsv.field("two\nlines"));
        List<String> fields = List.of("a,b", "say \"hi\"", "", "x\r\ny", "plain");
        assertEquals(List.of(fields), parse(ComparisonCsv.record(fields) + "\r\n"));
    }

    // ---- stdout ----------------------------------------------------------------------------

    @Test
    void compareJsonToStdoutIsTheJsonAloneAndTheTableGoesToStderr() throws Exception {
        Path hello = Cli.guest(dir, "hello.s");
        Cli r = Cli.run("compare", "--mem", "64K", "--repeat", "1", "--json", "-", hello);
        assertEquals(0, r.status(), r.err());
        JsonNode root = STRICT.readTree(r.out());
        assertEquals(5, root.get("modes").size());
        assertEquals("hello, pg\n", root.get("modes").get(0).get("report").get("console").asText());
        assertTrue(r.err().startsWith("console (native):\nhello, pg\n"), r.err());
        assertTrue(r.err().lines().anyMatch(l -> l.matches("segment +poweroff 7 +56 +yes .*")), r.err());

        Cli quiet = Cli.run("compare", "--mem", "64K", "--repeat", "1", "--json", "-", "--quiet", hello);
        assertEquals(0, quiet.status(), quiet.err());
        assertEquals("", quiet.err(), "--quiet: no table at all");
        assertEquals(5, STRICT.readTree(quiet.out()).get("modes").size());
    }

    @Test
    void compareCsvToStdoutIsTheCsvAlone() {
        Path hello = Cli.guest(dir, "hello.s");
        Path json = dir.resolve("both.json");
        Cli r = Cli.run("compare", "--mem", "64K", "--repeat", "1", "--csv", "-", "-q", "--json", json, hello);
        assertEquals(0, r.status(), r.err());
        assertEquals("", r.err());
        List<List<String>> rows = parse(r.out());
        assertEquals(6, rows.size(), r.out());
        assertEquals("mode", rows.get(0).get(0));
        assertTrue(rows.stream().allMatch(row -> row.size() == rows.get(0).size()), r.out());
        assertTrue(Files.exists(json), "--json FILE is written beside --csv -");
    }

    @Test
    void runJsonToStdoutSendsTheConsoleToStderr() throws Exception {
        Path hello = Cli.guest(dir, "hello.s");
        Cli r = Cli.run("run", "--mode", "segment", "--json", "-", hello);
        assertEquals(7, r.status(), r.err());
        JsonNode report = STRICT.readTree(r.out());
        assertEquals("segment", report.get("mode").asText());
        assertEquals("hello, pg\n", report.get("console").asText());
        assertTrue(r.err().startsWith("hello, pg\n== "), "the console, then the counters: " + r.err());

        Cli quiet = Cli.run("run", "--quiet", "--json=-", hello);
        assertEquals(7, quiet.status(), quiet.err());
        assertEquals("hello, pg\n", quiet.err(), "--quiet: the console alone on stderr");
        assertEquals(56, STRICT.readTree(quiet.out()).get("instructions").asInt());

        Cli two = Cli.run("run", "--mode", "segment", "--json", "-", "-q", hello, hello);
        assertEquals(7, two.status(), two.err());
        assertEquals(2, STRICT.readTree(two.out()).size(), "an array for two VMs");
        assertTrue(two.err().contains("[vm1] hello, pg\n") && two.err().contains("[vm2] hello, pg\n"), two.err());
    }

    @Test
    void analyzeJsonToStdoutSendsTheTableToStderr() throws Exception {
        Cli r = Cli.run("analyze", "--profile", "x86", "--json", "-");
        assertEquals(0, r.status(), r.err());
        JsonNode root = STRICT.readTree(r.out());
        assertEquals("x86", root.get("profile").asText());
        assertFalse(root.get("theorem1").get("holds").asBoolean());
        assertTrue(r.err().startsWith("profile x86\n"), r.err());
        assertTrue(r.err().contains("Theorem 3 (every user-sensitive instruction is privileged): fails: smsw"), r.err());
    }

    @Test
    void aFileNamedDashIsWrittenWhenGivenAsAPath() throws Exception {
        Path dash = dir.resolve("-");
        Cli r = Cli.run("compare", "--modes", "segment", "--repeat", "1", "--csv", dash, Cli.guest(dir, "hello.s"));
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().contains("mode "), r.out());
        assertEquals("mode", parse(Files.readString(dash)).get(0).get(0));
    }

    // ---- --quiet ---------------------------------------------------------------------------

    @Test
    void quietLeavesStderrEmptyOnASuccessfulRun() {
        Path hello = Cli.guest(dir, "hello.s");
        Cli loud = Cli.run("run", "--mode", "segment", hello);
        assertTrue(loud.err().contains("instructions 56"), "without --quiet, the counters: " + loud.err());
        for (String mode : List.of("native", "segment", "segment/segment")) {
            Cli r = Cli.run("run", "--quiet", "--mode", mode, "--mem", "64K", hello);
            assertEquals(7, r.status(), r.err());
            assertEquals("hello, pg\n", r.out(), mode);
            assertEquals("", r.err(), mode);
        }
        Cli unfinished = Cli.run("run", "-q", Cli.file(dir, "dot.s", """
                        .org 16
                _start: li   r1, '.'
                        out  r1, CONSOLE
                        out  r0, POWER
                """));
        assertEquals(0, unfinished.status(), unfinished.err());
        assertEquals(".", unfinished.out());
        assertEquals("", unfinished.err(), "not even the newline that would start the counters");
        Cli compare = Cli.run("compare", "--quiet", "--repeat", "1", hello);
        assertEquals(0, compare.status(), compare.err());
        assertEquals("", compare.err());
        assertTrue(compare.out().contains("mode "), "the table is compare's result, on stdout: " + compare.out());
    }

    @Test
    void quietStillPrintsErrors() {
        Cli r = Cli.run("run", "--quiet", dir.resolve("nosuch.s"));
        assertEquals(2, r.status());
        assertEquals("shadowvisor: error: " + dir.resolve("nosuch.s") + ": no such file\n", r.err());
    }

    // ---- bad targets -----------------------------------------------------------------------

    @Test
    void aBadCsvTargetIsOneLineAndStatus2BeforeAnythingRuns() throws Exception {
        Path hello = Cli.guest(dir, "hello.s");
        Object[][] cases = {
                {"compare", "--csv", "/nonexistent/dir/x.csv", hello},
                {"compare", "--csv", dir, hello},
                {"compare", "--json", dir.resolve("no/c.json"), "--csv", "-", hello},
                {"compare", "--json", "-", "--csv", "-", hello},
                {"compare", "--json=-", "--csv=-", "--quiet", hello},
                {"run", "--json", "/nonexistent/dir/r.json", hello},
        };
        List<String> expected = List.of(
                "shadowvisor: error: --csv /nonexistent/dir/x.csv: no such directory /nonexistent/dir",
                "shadowvisor: error: --csv " + dir + ": is a directory",
                "shadowvisor: error: --json " + dir.resolve("no/c.json") + ": no such directory " + dir.resolve("no"),
                "shadowvisor: error: --json - and --csv -: only one of them can write to stdout (give the other a FILE)",
                "shadowvisor: error: --json - and --csv -: only one of them can write to stdout (give the other a FILE)",
                "shadowvisor: error: --json /nonexistent/dir/r.json: no such directory /nonexistent/dir");
        for (int i = 0; i < cases.length; i++) {
            Cli r = Cli.run(cases[i]);
            assertEquals(2, r.status(), r.err());
            assertEquals("", r.out(), "nothing ran, not even the native run");
            assertEquals(expected.get(i) + "\n", r.err());
        }
        assumeTrue(Files.isDirectory(Path.of("/proc/self")), "needs Linux /proc");
        Cli proc = Cli.run("compare", "--csv", "/proc/shadowvisor-table.csv", hello);
        assertEquals(2, proc.status(), proc.err());
        assertEquals("shadowvisor: error: --csv /proc/shadowvisor-table.csv: cannot write there (the file system lets "
                + "no file be created there)\n", proc.err());
    }

    // ---- helpers ---------------------------------------------------------------------------

    /** A row by column name. */
    private record Row(List<String> header, List<String> fields) {
        String get(String column) {
            int i = header.indexOf(column);
            if (i < 0) {
                fail("no column " + column + " in " + header);
            }
            return fields.get(i);
        }
    }

    /**
     * A strict RFC 4180 reader: records end with CRLF, a field is quoted when it starts with a
     * quote, and within quotes {@code ""} is a quote and CR and LF are data.
     */
    static List<List<String>> parse(String text) {
        List<List<String>> records = new ArrayList<>();
        List<String> record = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        int i = 0;
        boolean fieldStart = true;
        while (i < text.length()) {
            char ch = text.charAt(i);
            if (fieldStart && ch == '"') {
                i++;
                while (true) {
                    if (i >= text.length()) {
                        fail("an unterminated quoted field in " + text);
                    }
                    char q = text.charAt(i);
                    if (q == '"') {
                        if (i + 1 < text.length() && text.charAt(i + 1) == '"') {
                            field.append('"');
                            i += 2;
                            continue;
                        }
                        i++;
                        break;
                    }
                    field.append(q);
                    i++;
                }
                fieldStart = false;
                continue;
            }
            if (ch == ',') {
                record.add(field.toString());
                field.setLength(0);
                fieldStart = true;
                i++;
            } else if (ch == '\r') {
                assertTrue(i + 1 < text.length() && text.charAt(i + 1) == '\n', "a CR outside quotes ends a record (CRLF)");
                record.add(field.toString());
                field.setLength(0);
                records.add(record);
                record = new ArrayList<>();
                fieldStart = true;
                i += 2;
            } else {
                assertTrue(ch != '"' && ch != '\n', "a quote or a bare LF in an unquoted field at " + i + ": " + text);
                field.append(ch);
                fieldStart = false;
                i++;
            }
        }
        assertTrue(record.isEmpty() && field.length() == 0, "the last record ends with CRLF");
        return records;
    }
}
