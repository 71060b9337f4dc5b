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

/**
 * {@code shadowvisor run} end to end, in-process, against the example guests (the bundled copies,
 * {@code guests/hello.s} and {@code guests/user-svc.s} on the class path) and the figures of
 * test-suites/src/test/resources/examples/README.md (spec section 9: console, exit status,
 * {@code --json} keys).
 */
class RunCommandTest {
    @TempDir
    Path dir;

    private static final String ECHO = """
            ; echo: copy console input to console output, then power off with status 0
                    .org 16
            _start: in   r1, CONSOLE
                    li   r2, -1
                    beq  r1, r2, done
                    out  r1, CONSOLE
                    j    _start
            done:   out  r0, POWER
            """;

    @Test
    void helloPrintsItsGreetingAndExitsWithItsPowerOffStatus() {
        Cli r = Cli.run("run", Cli.guest(dir, "hello.s"));
        assertEquals("hello, pg\n", r.out());
        assertEquals(7, r.status());
        assertTrue(r.err().contains("poweroff, status 7"), r.err());
        assertTrue(r.err().contains("instructions 56 "), r.err());
    }

    @Test
    void userSvcPrintsOkAndExitsWithTheUsersStatus() {
        Cli r = Cli.run("run", Cli.guest(dir, "user-svc.s"));
        assertEquals("ok!1\n", r.out());
        assertEquals(3, r.status());
        assertTrue(r.err().contains("traps        PRIVILEGED 1, SVC 3"), r.err());
    }

    @Test
    void jsonOfHelloHasTheSpecKeysAndTheExampleFigures() throws IOException {
        Path json = dir.resolve("hello.json");
        Cli r = Cli.run("run", "--json", json, Cli.guest(dir, "hello.s"));
        assertEquals(7, r.status());
        JsonNode j = new ObjectMapper().readTree(json.toFile());
        List<String> keys = new ArrayList<>();
        j.fieldNames().forEachRemaining(keys::add);
        assertEquals(List.of("mode", "profile", "exit", "console", "instructions", "traps", "tlb", "registers", "psw",
                "memory"), keys);
        assertEquals("native", j.get("mode").asText());
        assertEquals("pg", j.get("profile").asText());
        assertEquals("poweroff", j.at("/exit/kind").asText());
        assertEquals(7, j.at("/exit/status").asInt());
        assertEquals(7, j.at("/exit/value").asLong());
        assertTrue(j.at("/exit/reason").isNull());
        assertEquals("hello, pg\n", j.get("console").asText());
        assertEquals(56, j.get("instructions").asLong());
        assertEquals(0, j.get("traps").size());
        for (String k : List.of("hits", "misses", "flushes", "invlpg")) {
            assertTrue(j.get("tlb").has(k), k);
        }
        assertEquals(16, j.get("registers").size());
        assertEquals(1, j.at("/psw/flags").asLong());
        assertEquals(4194304, j.at("/memory/words").asLong());
        assertTrue(j.at("/memory/sha256").asText().matches("[0-9a-f]{64}"));
    }

    @Test
    void jsonOfUserSvcCountsItsTraps() throws IOException {
        Path json = dir.resolve("user-svc.json");
        Cli r = Cli.run("run", "--json=" + json, Cli.guest(dir, "user-svc.s"));
        assertEquals(3, r.status());
        JsonNode j = new ObjectMapper().readTree(json.toFile());
        assertEquals(100, j.get("instructions").asLong());
        assertEquals(2, j.get("traps").size());
        assertEquals(1, j.at("/traps/PRIVILEGED").asLong());
        assertEquals(3, j.at("/traps/SVC").asLong());
        assertEquals("ok!1\n", j.get("console").asText());
    }

    @Test
    void memTakesKAndMSuffixesInKiAndMiWords() throws IOException {
        Path hello = Cli.guest(dir, "hello.s");
        Path json = dir.resolve("m.json");
        assertEquals(7, Cli.run("run", "--mem", "64K", "--json", json, hello).status());
        assertEquals(65536, new ObjectMapper().readTree(json.toFile()).at("/memory/words").asLong());
        assertEquals(7, Cli.run("run", "--mem=1M", "--json", json, hello).status());
        assertEquals(1048576, new ObjectMapper().readTree(json.toFile()).at("/memory/words").asLong());
        assertEquals(7, Cli.run("run", "--mem=100", "--json", json, hello).status());
        assertEquals(100, new ObjectMapper().readTree(json.toFile()).at("/memory/words").asLong());
    }

    @Test
    void theInstructionLimitStopsTheGuestWithStatus124() throws IOException {
        Path json = dir.resolve("limit.json");
        Cli r = Cli.run("run", "--max-instructions", "10", "--json", json, Cli.guest(dir, "hello.s"));
        assertEquals(124, r.status());
        JsonNode j = new ObjectMapper().readTree(json.toFile());
        assertEquals("limit", j.at("/exit/kind").asText());
        assertEquals(124, j.at("/exit/status").asInt());
        assertTrue(j.at("/exit/value").isNull());
        assertEquals(10, j.get("instructions").asLong());
    }

    @Test
    void inputThatStartsWithADashNeedsTheEqualsForm() {
        Path echo = Cli.file(dir, "echo.s", ECHO);
        Cli r = Cli.run("run", "--input=-x", echo);
        assertEquals(0, r.status(), r.err());
        assertEquals("-x", r.out());
    }

    @Test
    void inputReachesTheGuestAsUtf8Bytes() {
        Cli r = Cli.run("run", "--input=é\n", Cli.file(dir, "echo.s", ECHO));
        assertEquals(0, r.status(), r.err());
        assertEquals("é\n", r.out());
    }

    @Test
    void theTraceHasOneLinePerRetiredInstructionAndOnePerTrap() {
        Cli r = Cli.run("run", "--trace", Cli.guest(dir, "user-svc.s"));
        assertEquals(3, r.status());
        long instructions = r.errLines().stream().filter(l -> l.matches(" *\\d+ [0-9a-f]{8}  [0-9a-f]{8}  .*")).count();
        long traps = r.errLines().stream().filter(l -> l.matches(" *trap [0-9a-f]{8} .*")).count();
        assertEquals(100, instructions);
        assertEquals(4, traps);
        assertTrue(r.err().contains("   trap 00000004            PRIVILEGED value=0x90000000 detail=0x0"), r.err());
    }

    @Test
    void anImageWrittenByAsmRunsLikeItsSource() {
        Path image = dir.resolve("hello.img");
        Cli asm = Cli.run("asm", Cli.guest(dir, "hello.s"), "-o", image);
        assertEquals(0, asm.status(), asm.err());
        assertEquals("", asm.out());
        Cli r = Cli.run("run", image);
        assertEquals(7, r.status(), r.err());
        assertEquals("hello, pg\n", r.out());
    }

    @Test
    void severalGuestsRunAsVmsAndExitWithTheFirstNonZeroStatusInCommandLineOrder() {
        Path hello = Cli.guest(dir, "hello.s");
        Path userSvc = Cli.guest(dir, "user-svc.s");
        Path echo = Cli.file(dir, "echo.s", ECHO);
        Cli r = Cli.run("run", "--mode", "segment", hello, userSvc);
        assertEquals(7, r.status(), r.err());
        assertEquals(List.of("[vm1] hello, pg", "[vm2] ok!1"), r.out().lines().sorted().toList());
        assertTrue(r.err().contains("== [vm2] " + userSvc + " (segment): poweroff, status 3"), r.err());
        assertEquals(3, Cli.run("run", "--mode=segment", userSvc, hello).status());
        assertEquals(7, Cli.run("run", "--mode=segment", echo, hello, userSvc).status());
    }

    @Test
    void everyModeRunsHelloEquivalently() {
        for (String mode : List.of("native", "segment", "shadow-trace", "shadow-vtlb")) {
            Cli r = Cli.run("run", "--mode", mode, Cli.guest(dir, "hello.s"));
            assertEquals(7, r.status(), mode + ": " + r.err());
            assertEquals("hello, pg\n", r.out(), mode);
            assertTrue(r.err().contains("instructions 56 "), mode + ": " + r.err());
        }
    }
}
