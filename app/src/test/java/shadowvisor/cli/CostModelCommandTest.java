package shadowvisor.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The cost model on the command line (issue 14): {@code compare} shows modeled cycles beside
 * host time in its table, JSON and CSV, {@code --cost-model} replaces prices, and a bad model
 * file is a one-line usage error naming the key.
 */
class CostModelCommandTest {
    @TempDir
    Path dir;

    private JsonNode compareJson(Object... extra) throws IOException {
        Path json = dir.resolve("c.json");
        Object[] args = new Object[extra.length + 7];
        int i = 0;
        for (Object o : List.of("compare", "--repeat", "1", "--modes", "native,segment", "--json", json)) {
            args[i++] = o;
        }
        System.arraycopy(extra, 0, args, i, extra.length);
        Cli r = Cli.run(args);
        assertEquals(0, r.status(), r.err());
        return new ObjectMapper().readTree(json.toFile());
    }

    @Test
    void theJsonPricesEveryModeAndTheTermsAddUp() throws IOException {
        JsonNode c = compareJson(Cli.guest(dir, "hello.s"));
        assertEquals(2000, c.path("cost_model").path("prices").path("exit").asLong());
        JsonNode segment = c.path("modes").get(1).path("modeled");
        // hello.s: 56 instructions, 11 of them `out`, each an exit and an emulation under segment.
        assertEquals(45 + 11 * 2000 + 11 * 300, segment.path("cycles").asLong());
        long sum = 0;
        for (JsonNode term : segment.path("terms")) {
            sum += term.path("cycles").asLong();
        }
        assertEquals(segment.path("cycles").asLong(), sum);
        assertEquals(11, segment.path("terms").path("exit").path("count").asLong());
        JsonNode nat = c.path("modes").get(0).path("modeled");
        assertEquals(56, nat.path("cycles").asLong());
        assertEquals((45 + 11 * 2000 + 11 * 300) / 56.0, segment.path("ratio").asDouble(), 1e-9);
    }

    @Test
    void aCostModelFileReplacesOnlyItsPrices() throws IOException {
        Path model = Cli.file(dir, "m.json", "{\"exit\": 1000, \"emulate.out\": 50}");
        JsonNode c = compareJson("--cost-model", model, Cli.guest(dir, "hello.s"));
        assertEquals(45 + 11 * 1000 + 11 * 50, c.path("modes").get(1).path("modeled").path("cycles").asLong());
        assertEquals(model.toString(), c.path("cost_model").path("name").asText());
        assertEquals(50, c.path("cost_model").path("prices").path("emulate.out").asLong());
    }

    @Test
    void theTableShowsTheModeledRatioAndWhereTheCyclesGo() {
        Cli r = Cli.run("compare", "--repeat", "1", "--modes", "native,segment", Cli.guest(dir, "hello.s"));
        assertEquals(0, r.status(), r.err());
        List<String> lines = r.out().lines().toList();
        String segment = lines.stream().filter(l -> l.startsWith("segment ")).findFirst().orElseThrow();
        assertTrue(segment.contains(String.format(java.util.Locale.ROOT, "%.1f", (45 + 11 * 2300) / 56.0)), segment);
        assertTrue(lines.stream().anyMatch(l -> l.matches("exit x2000 +0 +22,000")), r.out());
        assertTrue(lines.stream().anyMatch(l -> l.matches("total +56 +25,345")), r.out());
    }

    @Test
    void theCsvHasTheModeledColumns() throws IOException {
        Path csv = dir.resolve("c.csv");
        Cli r = Cli.run("compare", "--repeat", "1", "--modes", "native,segment", "--csv", csv, Cli.guest(dir, "hello.s"));
        assertEquals(0, r.status(), r.err());
        List<String> rows = Files.readAllLines(csv);
        List<String> header = List.of(rows.get(0).split(","));
        List<String> segment = List.of(rows.get(2).split(",", -1));
        assertEquals("25345", segment.get(header.indexOf("modeled_cycles")));
        assertEquals("22000", segment.get(header.indexOf("cycles_exit")));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{\"exits\": 5}|unknown key \"exits\"",
            "{\"exit\": -5}|exit: a price must be from 0",
            "{\"exit\": 1.5}|\"exit\" must be a whole number",
            "{\"emulate.frob\": 3}|emulate.frob: no instruction frob",
            "[1, 2]|a cost model is a JSON object",
            "{\"exit\": 1|not valid JSON"})
    void badModelFilesAreOneLineUsageErrors(String text, String message) {
        Path model = Cli.file(dir, "bad.json", text);
        Cli r = Cli.run("compare", "--cost-model", model, Cli.guest(dir, "hello.s"));
        assertEquals(2, r.status());
        assertEquals(1, r.errLines().size(), r.err());
        assertTrue(r.err().contains(model + ": ") && r.err().contains(message), r.err());
        assertEquals("", r.out(), "refused before anything ran");
    }
}
