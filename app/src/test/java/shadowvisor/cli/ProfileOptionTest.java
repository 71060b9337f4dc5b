package shadowvisor.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --profile NAME|FILE} (spec sections 8 and 9): a built-in profile by name, a profile
 * file by path, every problem with a file one line naming the file and the key, mnemonic or
 * value at fault (status 2); {@code --profile} over the program's {@code .profile} over
 * {@code pg}; the VMs of one run on one profile.
 */
class ProfileOptionTest {
    /**
     * {@code smsw r3, flags} in supervisor mode, then power off with the flags + 10 (11 on x86);
     * a trap powers off with its cause + 40 instead (42: ILLEGAL, on a profile without smsw).
     */
    static final String SMSW = """
                    .org 16
            _start: li   r2, PSW_S
                    st   r2, NEW_PSW(r0)
                    st   r0, NEW_PSW+1(r0)
                    st   r1, NEW_PSW+2(r0)
                    li   r2, handler
                    st   r2, NEW_PSW+3(r0)
                    smsw r3, flags
                    addi r3, r3, 10
                    out  r3, POWER
            handler:
                    ld   r4, TRAP_CAUSE(r0)
                    addi r4, r4, 40
                    out  r4, POWER
            """;

    /**
     * {@code rdpsw} in user mode, then {@code svc}: the handler powers off with the flags read +
     * 10 after the SVC (10: user mode), with the cause + 40 after any other trap (41: PRIVILEGED).
     */
    static final String USER_RDPSW = """
                    .org 16
            _start: li   r2, PSW_S
                    st   r2, NEW_PSW(r0)
                    st   r0, NEW_PSW+1(r0)
                    st   r1, NEW_PSW+2(r0)
                    li   r2, handler
                    st   r2, NEW_PSW+3(r0)
                    lpsw user_psw(r0)
            user_psw:
                    .word 0, 0, 0x400, user
            user:   rdpsw r3, flags
                    svc  0
            handler:
                    ld   r4, TRAP_CAUSE(r0)
                    li   r5, T_SVC
                    bne  r4, r5, other
                    addi r3, r3, 10
                    out  r3, POWER
            other:  addi r4, r4, 40
                    out  r4, POWER
            """;

    @TempDir
    Path dir;

    private static final ObjectMapper JSON = new ObjectMapper();

    /** A malformed file: its name, its text, and what the error line must name. */
    private record Bad(String file, String text, String names) {
    }

    @TestFactory
    Stream<DynamicTest> aMalformedProfileFileIsOneLineNamingTheFault() {
        List<Bad> cases = List.of(
                new Bad("syntax.json", "{\"base\": \"pg\",", "not valid JSON"),
                new Bad("garbage.json", "base = pg", "not valid JSON"),
                new Bad("trailing.json", "{\"base\": \"pg\"} {}", "not valid JSON"),
                new Bad("empty.json", "", "empty"),
                new Bad("array.json", "[\"pg\"]", "must be a JSON object"),
                new Bad("typo.json", "{\"base\": \"pg\", \"privilidged\": [\"smsw\"]}", "unknown key \"privilidged\""),
                new Bad("twice.json", "{\"base\": \"pg\", \"kseg\": true, \"kseg\": false}", "kseg"),
                new Bad("list.json", "{\"base\": \"pg\", \"defined\": \"popf\"}", "\"defined\" must be a list"),
                new Bad("number.json", "{\"base\": \"pg\", \"innocuous\": [5]}", "\"innocuous\" must list mnemonics"),
                new Bad("kseg.json", "{\"base\": \"pg\", \"kseg\": \"yes\"}", "\"kseg\" must be true or false, not \"yes\""),
                new Bad("name.json", "{\"base\": \"pg\", \"name\": 7}", "\"name\" must be a string"),
                new Bad("nobase.json", "{\"defined\": [\"popf\"]}", "\"base\" is missing"),
                new Bad("vax.json", "{\"base\": \"vax\"}", "\"vax\""),
                new Bad("unknown.json", "{\"base\": \"pg\", \"innocuous\": [\"frob\"]}", "frob"),
                new Bad("undefined.json", "{\"base\": \"pg\", \"privileged\": [\"smsw\"]}", "smsw"),
                new Bad("notprofileonly.json", "{\"base\": \"pg\", \"defined\": [\"add\"]}", "add"),
                new Bad("svc.json", "{\"base\": \"pg\", \"privileged\": [\"svc\"]}", "svc"),
                new Bad("repeated.json", "{\"base\": \"pg\", \"innocuous\": [\"rdpsw\", \"rdpsw\"]}", "rdpsw"),
                new Bad("both.json", "{\"base\": \"pg\", \"innocuous\": [\"halt\"], \"privileged\": [\"halt\"]}", "halt"),
                new Bad("builtin.json", "{\"base\": \"pg\", \"name\": \"x86\"}", "x86"));
        Path program = Cli.file(dir, "hello.s", "        .org 16\n_start: halt\n");
        return cases.stream().map(c -> DynamicTest.dynamicTest(c.file(), () -> {
            Path file = Cli.file(dir, c.file(), c.text());
            Cli r = Cli.run("run", "--profile", file, program);
            assertUsageError(r, file + ": ", c.names());
        }));
    }

    @Test
    void aMissingFileOrADirectoryIsAUsageError() throws IOException {
        Path program = Cli.file(dir, "hello.s", "        .org 16\n_start: halt\n");
        assertUsageError(Cli.run("run", "--profile", dir.resolve("nope.json"), program), "nope.json",
                "no built-in profile of that name (pg, pdp10, x86, arm, mips) and no such file");
        assertUsageError(Cli.run("run", "--profile", "x87", program), "--profile x87", "no such file");
        Path d = Files.createDirectory(dir.resolve("profiles"));
        assertUsageError(Cli.run("run", "--profile", d, program), d.toString(), "is a directory");
    }

    private static void assertUsageError(Cli r, String prefix, String fragment) {
        assertEquals(2, r.status(), r.out() + r.err());
        assertEquals("", r.out());
        assertEquals(1, r.errLines().size(), r.err());
        String line = r.errLines().get(0);
        assertTrue(line.startsWith("shadowvisor: error: ") && line.contains(prefix) && line.contains(fragment), line);
    }

    @Test
    void aValidFileRunsItsProfile() throws IOException {
        Path program = Cli.file(dir, "user-rdpsw.s", USER_RDPSW);
        assertEquals(40 + 1, Cli.run("run", program).status(), "pg: rdpsw traps PRIVILEGED in user mode");
        Path file = Cli.file(dir, "pg-rdpsw.json", "{\"base\": \"pg\", \"innocuous\": [\"rdpsw\"]}");
        Path json = dir.resolve("out.json");
        Cli r = Cli.run("run", "--profile", file, "--json", json, program);
        assertEquals(10, r.status(), r.err());
        assertEquals("pg-rdpsw", JSON.readTree(json.toFile()).get("profile").asText(), "the name defaults to the file's");
        assertTrue(r.err().contains("(native, profile pg-rdpsw): poweroff, status 10"), r.err());

        Path named = Cli.file(dir, "other.json", "{\"name\": \"lenient\", \"base\": \"pg\", \"innocuous\": [\"rdpsw\"]}");
        r = Cli.run("run", "--profile", named, "--json", json, program);
        assertEquals(10, r.status(), r.err());
        assertEquals("lenient", JSON.readTree(json.toFile()).get("profile").asText());
    }

    @Test
    void x86RunsSmswAndTheJsonNamesIt() throws IOException {
        Path program = Cli.file(dir, "smsw.s", SMSW);
        Path json = dir.resolve("smsw.json");
        Cli r = Cli.run("run", "--profile", "x86", "--json", json, program);
        assertEquals(11, r.status(), r.err());
        JsonNode j = JSON.readTree(json.toFile());
        assertEquals("x86", j.get("profile").asText());
        assertTrue(j.get("traps").isEmpty(), j.toString());
    }

    @Test
    void pgTrapsSmswAsIllegal() throws IOException {
        Path program = Cli.file(dir, "smsw.s", SMSW);
        Path json = dir.resolve("smsw.json");
        Cli r = Cli.run("run", "--json", json, program);
        assertEquals(40 + 2, r.status(), r.err());
        JsonNode j = JSON.readTree(json.toFile());
        assertEquals("pg", j.get("profile").asText());
        assertEquals(1, j.at("/traps/ILLEGAL").asInt(), j.toString());
        assertTrue(r.err().contains("(native): poweroff, status 42"), "pg is not named: " + r.err());
    }

    @Test
    void theCommandLineOverridesTheProgramsProfile() throws IOException {
        Path program = Cli.file(dir, "smsw.s", "        .profile x86\n" + SMSW);
        Path json = dir.resolve("smsw.json");
        Cli r = Cli.run("run", "--json", json, program);
        assertEquals(11, r.status(), r.err());
        assertEquals("x86", JSON.readTree(json.toFile()).get("profile").asText());
        r = Cli.run("run", "--profile", "pg", "--json", json, program);
        assertEquals(42, r.status(), r.err());
        assertEquals("pg", JSON.readTree(json.toFile()).get("profile").asText());
    }

    @Test
    void theVmsOfOneRunShareOneProfile() throws IOException {
        Path x86 = Cli.file(dir, "x86.s", "        .profile x86\n" + SMSW);
        Path plain = Cli.file(dir, "plain.s", SMSW);
        Path arm = Cli.file(dir, "arm.s", "        .profile arm\n" + SMSW);
        assertUsageError(Cli.run("run", "--mode", "segment", x86, plain), x86.toString(), plain.toString());
        Cli r = Cli.run("run", "--mode", "segment", x86, arm);
        assertUsageError(r, "profile x86", "profile arm");
        assertTrue(r.err().contains("--profile"), r.err());

        Path json = dir.resolve("vms.json");
        r = Cli.run("run", "--mode", "segment", "--profile", "x86", "--json", json, x86, plain);
        assertEquals(14, r.status(), "smsw reads the hardware's flags (I' = 1) under segment: " + r.err());
        for (JsonNode vm : JSON.readTree(json.toFile())) {
            assertEquals("x86", vm.get("profile").asText());
        }
        r = Cli.run("run", "--mode", "segment", "--json", json, x86, x86);
        assertEquals(14, r.status(), r.err());
        for (JsonNode vm : JSON.readTree(json.toFile())) {
            assertEquals("x86", vm.get("profile").asText(), "the programs' own, agreed");
        }
    }
}
