package shadowvisor.suite;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import shadowvisor.machine.ExitKind;
import shadowvisor.machine.image.Image;
import shadowvisor.machine.isa.Profile;
import shadowvisor.machine.paging.Pte;
import shadowvisor.mode.Mode;

/**
 * The list of guest test suites, {@code suites/manifest.json} on the classpath: for each test
 * its file, memory size, console input, the modes it must pass in and the modes that must
 * refuse it, plus the library files that tests {@code .include}. Loading validates everything
 * a run would otherwise trip over later (unknown modes, a memory size the shadow modes refuse),
 * so that a bad manifest fails once, with the test's name, instead of once per mode.
 *
 * <pre>
 * {"libraries": ["lib/report.s", ...],
 *  "tests": [{"name": "alu", "file": "alu.s", "mem": 32768, "input": "...",
 *             "modes": ["native", ...], "expect_refused": ["segment"],
 *             "exit": {"kind": "shutdown", "status": 125, "reason_contains": "double"},
 *             "max_instructions": 20000, "expect_output": ["line", ...],
 *             "profile": "pdp10",
 *             "expect_difference": {"segment": "Theorem 1: jrstu is sensitive and not privileged"}},
 *            ...]}
 * </pre>
 *
 * <p>{@code profile} names a built-in profile (spec section 8) the test runs on in every mode;
 * without it the source's {@code .profile} decides, else {@code pg}. {@code expect_difference}
 * maps modes the test runs in (never native, the oracle) to why a run there may differ from
 * native: a profile that breaks Theorem 1 silently makes the guest's own checks fail under a
 * trap-and-emulate VMM, and that is the lesson, not a bug ({@link SuiteOutcome}).
 */
public final class Manifest {
    /** Where the suites live on the classpath. */
    public static final String RESOURCE_DIR = "/suites/";
    /** The manifest's name inside {@link #RESOURCE_DIR}. */
    public static final String FILE_NAME = "manifest.json";
    /** The instruction limit of a suite that does not give one: far above any suite, far below a hang. */
    public static final long DEFAULT_MAX_INSTRUCTIONS = 50_000_000L;

    private final List<String> libraries;
    private final List<SuiteTest> tests;

    private Manifest(List<String> libraries, List<SuiteTest> tests) {
        this.libraries = List.copyOf(libraries);
        this.tests = List.copyOf(tests);
    }

    /**
     * The manifest bundled on the classpath.
     *
     * @throws IllegalStateException when it is missing or invalid (a packaging error)
     */
    public static Manifest load() {
        try (InputStream in = Manifest.class.getResourceAsStream(RESOURCE_DIR + FILE_NAME)) {
            if (in == null) {
                throw new IllegalStateException("no " + RESOURCE_DIR + FILE_NAME + " on the classpath");
            }
            return parse(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the suites manifest: " + e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    /**
     * Parses and validates a manifest.
     *
     * @throws IllegalArgumentException naming the test and field at fault
     */
    public static Manifest parse(InputStream json) throws IOException {
        JsonNode root = new ObjectMapper().readTree(json);
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("manifest: expected a JSON object");
        }
        List<String> libraries = strings(root.path("libraries"), "manifest: libraries");
        JsonNode testNodes = root.path("tests");
        if (!testNodes.isArray() || testNodes.isEmpty()) {
            throw new IllegalArgumentException("manifest: expected a non-empty \"tests\" array");
        }
        List<SuiteTest> tests = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (JsonNode node : testNodes) {
            SuiteTest t = test(node);
            if (!names.add(t.name())) {
                throw new IllegalArgumentException("manifest: test '" + t.name() + "' is listed twice");
            }
            tests.add(t);
        }
        return new Manifest(libraries, tests);
    }

    /** The tests, in manifest order (the order of TAP lines and JUnit tests). */
    public List<SuiteTest> tests() {
        return tests;
    }

    /** The files tests include, relative to the suites directory. */
    public List<String> libraries() {
        return libraries;
    }

    /** The test called {@code name}, or null. */
    public SuiteTest test(String name) {
        for (SuiteTest t : tests) {
            if (t.name().equals(name)) {
                return t;
            }
        }
        return null;
    }

    /**
     * A manifest of {@code tests} built elsewhere than from manifest.json: the user's own test
     * files of {@code shadowvisor test PATH...}, whose headers {@link UserTests} reads.
     */
    public static Manifest of(List<String> libraries, List<SuiteTest> tests) {
        return new Manifest(libraries, tests);
    }

    /**
     * One test entry, validated as manifest.json's are (package-private for {@link UserTests},
     * which builds the same entry from a file's header so that both mean exactly the same).
     */
    static SuiteTest test(JsonNode node) {
        String name = text(node, "name", "manifest: a test");
        String where = "manifest: test '" + name + "'";
        String file = text(node, "file", where);
        JsonNode mem = node.path("mem");
        if (!mem.canConvertToInt() || mem.asInt() < 16) {
            throw new IllegalArgumentException(where + ": \"mem\" must be a number of words, at least 16");
        }
        String input = node.hasNonNull("input") ? node.get("input").asText() : null;
        List<Mode> modes = modes(node.path("modes"), where + ": modes");
        if (modes.isEmpty()) {
            throw new IllegalArgumentException(where + ": \"modes\" must list at least one mode");
        }
        List<Mode> refused = modes(node.path("expect_refused"), where + ": expect_refused");
        for (Mode m : refused) {
            if (modes.contains(m)) {
                throw new IllegalArgumentException(where + ": mode " + m.cliName() + " is both run and refused");
            }
        }
        for (Mode m : concat(modes, refused)) {
            // The shadow modes map guest memory in pages and refuse any other size (spec 7.3).
            if ((m == Mode.SHADOW_TRACE || m == Mode.SHADOW_VTLB) && mem.asInt() % Pte.PAGE_WORDS != 0) {
                throw new IllegalArgumentException(where + ": \"mem\" must be a multiple of " + Pte.PAGE_WORDS
                        + " words for mode " + m.cliName());
            }
        }
        long max = node.hasNonNull("max_instructions") ? node.get("max_instructions").asLong() : DEFAULT_MAX_INSTRUCTIONS;
        if (max <= 0) {
            throw new IllegalArgumentException(where + ": \"max_instructions\" must be positive");
        }
        return new SuiteTest(name, file, mem.asInt(), input, modes, refused, exit(node.path("exit"), where), max,
                strings(node.path("expect_output"), where + ": expect_output"), profile(node.path("profile"), where),
                expectDifference(node.path("expect_difference"), modes, where));
    }

    /** A built-in profile by name, or null when the test does not name one. */
    private static Profile profile(JsonNode node, String where) {
        if (node.isMissingNode() || node.isNull()) {
            return null;
        }
        Profile p = node.isTextual() ? Profile.builtIn(node.asText()) : null;
        if (p == null) {
            throw new IllegalArgumentException(where + ": unknown profile " + node + " (known: " + Image.knownProfiles()
                    + ")");
        }
        return p;
    }

    /**
     * The modes where a difference from native is expected, each with its reason: modes the test
     * runs in, never native.
     */
    private static Map<Mode, String> expectDifference(JsonNode node, List<Mode> modes, String where) {
        Map<Mode, String> expected = new LinkedHashMap<>();
        if (node.isMissingNode() || node.isNull()) {
            return expected;
        }
        String field = where + ": expect_difference";
        if (!node.isObject()) {
            throw new IllegalArgumentException(field + ": expected an object mapping modes to reasons");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            Mode m = Mode.byName(e.getKey());
            if (m == null) {
                throw new IllegalArgumentException(field + ": unknown mode '" + e.getKey() + "'");
            }
            if (m == Mode.NATIVE) {
                throw new IllegalArgumentException(field + ": native is the oracle; it cannot differ from itself");
            }
            if (!modes.contains(m)) {
                throw new IllegalArgumentException(field + ": mode " + m.cliName() + " is not one the test runs in");
            }
            if (!e.getValue().isTextual() || e.getValue().asText().isBlank()) {
                throw new IllegalArgumentException(field + ": mode " + m.cliName() + " needs a reason (a string)");
            }
            expected.put(m, e.getValue().asText());
        }
        return expected;
    }

    private static SuiteTest.ExpectedExit exit(JsonNode node, String where) {
        if (node.isMissingNode() || node.isNull()) {
            return SuiteTest.ExpectedExit.CLEAN_POWEROFF;
        }
        String kindName = text(node, "kind", where + ": exit");
        ExitKind kind = null;
        for (ExitKind k : ExitKind.values()) {
            if (k.jsonName().equals(kindName)) {
                kind = k;
            }
        }
        if (kind == null) {
            throw new IllegalArgumentException(where + ": unknown exit kind '" + kindName + "'");
        }
        int status = node.hasNonNull("status") ? node.get("status").asInt() : kind.status(0);
        String reason = node.hasNonNull("reason_contains") ? node.get("reason_contains").asText() : null;
        return new SuiteTest.ExpectedExit(kind, status, reason);
    }

    private static List<Mode> modes(JsonNode node, String where) {
        List<Mode> modes = new ArrayList<>();
        for (String name : strings(node, where)) {
            Mode m = Mode.byName(name);
            if (m == null) {
                throw new IllegalArgumentException(where + ": unknown mode '" + name + "'");
            }
            if (!modes.contains(m)) {
                modes.add(m);
            }
        }
        return modes;
    }

    private static List<String> strings(JsonNode node, String where) {
        List<String> out = new ArrayList<>();
        if (node.isMissingNode() || node.isNull()) {
            return out;
        }
        if (!node.isArray()) {
            throw new IllegalArgumentException(where + ": expected an array of strings");
        }
        for (JsonNode n : node) {
            if (!n.isTextual()) {
                throw new IllegalArgumentException(where + ": expected an array of strings");
            }
            out.add(n.asText());
        }
        return out;
    }

    private static String text(JsonNode node, String field, String where) {
        JsonNode v = node.path(field);
        if (!v.isTextual() || v.asText().isEmpty()) {
            throw new IllegalArgumentException(where + ": missing \"" + field + "\"");
        }
        return v.asText();
    }

    private static List<Mode> concat(List<Mode> a, List<Mode> b) {
        List<Mode> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }
}
