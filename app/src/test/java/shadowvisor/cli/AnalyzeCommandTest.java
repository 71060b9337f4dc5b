package shadowvisor.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import shadowvisor.machine.isa.Opcode;
import shadowvisor.machine.isa.Profile;

/**
 * {@code shadowvisor analyze} (spec section 8.1): one row per defined instruction in opcode
 * order, the verdicts of Theorems 1 and 3 with the instructions that break them, and
 * {@code --json} with exactly the spec's keys.
 */
class AnalyzeCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private static List<String> keys(JsonNode o) {
        List<String> keys = new ArrayList<>();
        o.fieldNames().forEachRemaining(keys::add);
        return keys;
    }

    /** The table's rows: the lines after the header, up to the blank line. */
    private static List<String> rows(Cli r) {
        return r.out().lines().dropWhile(l -> !l.startsWith("mnemonic ")).skip(1).takeWhile(l -> !l.isEmpty()).toList();
    }

    @Test
    void pgSatisfiesBothTheorems() throws IOException {
        Path json = dir.resolve("pg.json");
        Cli r = Cli.run("analyze", "--json", json);
        assertEquals(0, r.status(), r.err());
        assertEquals("", r.err());
        List<String> lines = r.out().lines().toList();
        assertEquals("profile pg", lines.get(0));
        assertTrue(lines.get(2).matches("mnemonic +opcode +privileged +user-sensitive +supervisor-sensitive "
                + "+caught/silent +witness"), lines.get(2));
        List<String> rows = rows(r);
        List<Opcode> defined = Profile.PG.instructions();
        assertEquals(defined.size(), rows.size(), r.out());
        for (int i = 0; i < rows.size(); i++) {
            assertTrue(rows.get(i).startsWith(defined.get(i).mnemonic() + " "), "opcode order: " + rows.get(i));
        }
        assertTrue(rows.stream().anyMatch(l -> l.matches("add +0x01 +no +no +no +- +.+")), r.out());
        assertTrue(rows.stream().anyMatch(l -> l.matches("lpsw +0x40 +yes +.*")), r.out());
        assertTrue(lines.contains("Theorem 1 (every sensitive instruction is privileged): holds"), r.out());
        assertTrue(lines.contains("Theorem 3 (every user-sensitive instruction is privileged): holds"), r.out());

        JsonNode j = JSON.readTree(json.toFile());
        assertEquals(List.of("profile", "instructions", "theorem1", "theorem3"), keys(j));
        assertEquals("pg", j.get("profile").asText());
        assertEquals(defined.size(), j.get("instructions").size());
        for (JsonNode i : j.get("instructions")) {
            assertEquals(List.of("mnemonic", "opcode", "privileged", "user_sensitive", "supervisor_sensitive", "caught",
                    "witness"), keys(i));
            assertTrue(i.get("opcode").isInt(), i.toString());
            assertTrue(i.get("caught").isNull(), "pg: nothing sensitive is unprivileged: " + i);
        }
        JsonNode halt = j.get("instructions").get(defined.indexOf(Opcode.HALT));
        assertEquals("halt", halt.get("mnemonic").asText());
        assertEquals(0x48, halt.get("opcode").asInt());
        assertTrue(halt.get("privileged").asBoolean());
        for (String t : List.of("theorem1", "theorem3")) {
            assertEquals(List.of("holds", "violations"), keys(j.get(t)));
            assertTrue(j.get(t).get("holds").asBoolean());
            assertEquals(0, j.get(t).get("violations").size());
        }
    }

    @Test
    void x86BreaksTheorem1OnPopfAndSmswAndTheorem3OnSmsw() throws IOException {
        Path json = dir.resolve("x86.json");
        Cli r = Cli.run("analyze", "--profile", "x86", "--json", json);
        assertEquals(0, r.status(), r.err());
        List<String> rows = rows(r);
        assertEquals(Profile.X86.instructions().size(), rows.size(), r.out());
        assertTrue(rows.stream().anyMatch(l -> l.matches("popf +0x51 +no +no +yes +silent +.+")), r.out());
        assertTrue(rows.stream().anyMatch(l -> l.matches("smsw +0x52 +no +yes +yes +silent +.+")), r.out());
        List<String> lines = r.out().lines().toList();
        assertTrue(lines.contains("Theorem 1 (every sensitive instruction is privileged): fails: popf (silent), "
                + "smsw (silent)"), r.out());
        assertTrue(lines.contains("Theorem 3 (every user-sensitive instruction is privileged): fails: smsw"), r.out());

        JsonNode j = JSON.readTree(json.toFile());
        assertEquals("x86", j.get("profile").asText());
        assertEquals(false, j.at("/theorem1/holds").asBoolean(true));
        assertEquals(List.of("popf", "smsw"), texts(j.at("/theorem1/violations")));
        assertEquals(false, j.at("/theorem3/holds").asBoolean(true));
        assertEquals(List.of("smsw"), texts(j.at("/theorem3/violations")));
        JsonNode smsw = null;
        for (JsonNode i : j.get("instructions")) {
            if (i.get("mnemonic").asText().equals("smsw")) {
                smsw = i;
            }
        }
        assertEquals(0x52, smsw.get("opcode").asInt());
        assertEquals(false, smsw.get("caught").asBoolean(true));
        assertTrue(smsw.get("user_sensitive").asBoolean());
        assertTrue(!smsw.get("witness").asText().isEmpty());
    }

    @Test
    void mipsMarksItsViolationsCaught() {
        Cli r = Cli.run("analyze", "--profile", "mips");
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().contains("Theorem 1 (every sensitive instruction is privileged): fails: ld (caught), "
                + "st (caught)\n"), r.out());
        assertTrue(r.out().contains("Theorem 3 (every user-sensitive instruction is privileged): holds\n"), r.out());
    }

    @Test
    void aProfileFileIsAnalysedUnderItsName() throws IOException {
        Path file = Cli.file(dir, "lenient.json", "{\"base\": \"pg\", \"innocuous\": [\"rdpsw\"]}");
        Path json = dir.resolve("out.json");
        Cli r = Cli.run("analyze", "--profile", file, "--json", json);
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().startsWith("profile lenient\n"), r.out());
        JsonNode j = JSON.readTree(json.toFile());
        assertEquals("lenient", j.get("profile").asText());
        assertEquals(List.of("rdpsw"), texts(j.at("/theorem1/violations")));
    }

    private static List<String> texts(JsonNode array) {
        List<String> t = new ArrayList<>();
        array.forEach(n -> t.add(n.asText()));
        return t;
    }
}
