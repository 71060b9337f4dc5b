package shadowvisor.suite;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import shadowvisor.machine.ExitKind;
import shadowvisor.machine.image.Image;
import shadowvisor.machine.isa.Profile;
import shadowvisor.machine.paging.Pte;
import shadowvisor.mode.Mode;

/**
 * The user's own test files, {@code shadowvisor test PATH...}: each {@code .s} file carries its
 * manifest entry in its header comment, as {@code ; test: key=value ...} lines, with the keys
 * of a manifest.json entry (objects flattened with dots: {@code exit.kind},
 * {@code expect_difference.segment}). The entry is then validated by {@link Manifest}'s own
 * code, so a header means exactly what the same manifest entry means.
 *
 * <pre>
 * ; answer.s: checks that 6 * 7 is 42 in every mode.
 * ; test: mem=32K modes=native,segment,hybrid,shadow-trace,shadow-vtlb
 * ; test: input="Hi\n" expect_output="console: Hi"
 *         .include "lib/report.s"
 * </pre>
 *
 * <p>The header is the block of comment and blank lines before the first statement; its
 * {@code ; test:} lines hold the fields, its other comment lines are prose. Parsing is strict:
 * an unknown key, a key given twice (but {@code expect_output}, which repeats), a bad value, a
 * missing {@code mem} or {@code modes}, a {@code ; test:} line below the header, a file with no
 * header, each is a {@link BadTestException} whose message starts {@code FILE:LINE: }.
 *
 * <p>A PATH is a {@code .s} file or a folder; a folder stands for the {@code .s} files directly
 * in it, sorted by name. <b>Choice</b>: subfolders are not entered, because that is where the
 * files tests {@code .include} live (a copy of {@code lib/report.s}, say), and they have no
 * header. A test's name is its file name without {@code .s} unless {@code name=} gives one;
 * names must be unique in a run (TAP lines, {@code --filter} and the native run shared by a
 * test's modes go by name).
 */
public final class UserTests {
    /** The marker of a field line: one or more semicolons, {@code test:}, then the fields. */
    private static final Pattern FIELD_LINE = Pattern.compile("^\\s*;+\\s*test:(.*)$");
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._+-]*");
    private static final Pattern NUMBER = Pattern.compile("(0[xX][0-9a-fA-F]+|[0-9]+)([KM]?)");
    /** The keys a header may give; {@code expect_difference.MODE} besides. */
    private static final List<String> KEYS = List.of("name", "mem", "modes", "expect_refused", "input", "profile",
            "max_instructions", "exit.kind", "exit.status", "exit.reason_contains", "expect_output");
    private static final String DIFFERENCE = "expect_difference.";

    private UserTests() {
    }

    /** A test file or header the user must fix: the message is one line, {@code FILE:LINE: reason}. */
    public static final class BadTestException extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        BadTestException(String where, int line, String reason) {
            super(where + (line > 0 ? ":" + line : "") + ": " + reason);
        }
    }

    /**
     * A runner of the tests in {@code paths}: their files in the order given (a folder's
     * sorted), read where they lie, so that their {@code .include}s resolve as for {@code run}.
     *
     * @throws BadTestException for the first bad path or header
     */
    public static SuiteRunner runner(List<Path> paths) {
        return new SuiteRunner(load(paths), SuiteSources.at(Path.of("")));
    }

    /**
     * The manifest of the tests in {@code paths}.
     *
     * @throws BadTestException for the first bad path or header
     */
    public static Manifest load(List<Path> paths) {
        List<SuiteTest> tests = new ArrayList<>();
        Map<String, String> namedBy = new HashMap<>();
        for (Path file : files(paths)) {
            Header h = read(file);
            SuiteTest t = h.test();
            String other = namedBy.putIfAbsent(t.name(), file.toString());
            if (other != null) {
                throw new BadTestException(file.toString(), h.nameLine(), "test name '" + t.name()
                        + "' is also the name of " + other + " (give one of them another name=)");
            }
            tests.add(t);
        }
        return Manifest.of(List.of(), tests);
    }

    /** The test files {@code paths} stand for, in order; a folder's {@code .s} files sorted by name. */
    static List<Path> files(List<Path> paths) {
        List<Path> files = new ArrayList<>();
        for (Path p : paths) {
            if (Files.isDirectory(p)) {
                List<Path> inside;
                try (Stream<Path> s = Files.list(p)) {
                    inside = s.filter(f -> f.getFileName().toString().endsWith(".s") && Files.isRegularFile(f))
                            .sorted().collect(Collectors.toList());
                } catch (IOException e) {
                    throw new BadTestException(p.toString(), 0, "cannot list the folder: " + e.getMessage());
                }
                if (inside.isEmpty()) {
                    throw new BadTestException(p.toString(), 0, "no .s file in this folder (subfolders are not "
                            + "searched)");
                }
                files.addAll(inside);
            } else if (!Files.exists(p)) {
                throw new BadTestException(p.toString(), 0, "no such file or folder");
            } else if (!p.getFileName().toString().endsWith(".s")) {
                throw new BadTestException(p.toString(), 0, "not a test file (a test is a .s source with a "
                        + "'; test:' header)");
            } else {
                files.add(p);
            }
        }
        return files;
    }

    /** What a header says, and where: the entry, and the line to blame for the name. */
    record Header(SuiteTest test, int nameLine) {
    }

    /** Reads and validates one file's header. */
    static Header read(Path file) {
        String where = file.toString();
        String text;
        try {
            byte[] bytes = Files.readAllBytes(file);
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(java.nio.ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new BadTestException(where, 0, "not UTF-8 text");
        } catch (IOException e) {
            throw new BadTestException(where, 0, "cannot read the file: " + e.getMessage());
        }
        return new Parser(where, file).parse(text.split("\r?\n", -1));
    }

    /** One field as written: its value and the line it is on. */
    private record Field(String value, int line) {
    }

    private static final class Parser {
        private final String where;
        private final Path file;
        private final Map<String, Field> fields = new LinkedHashMap<>();
        private final List<Field> outputs = new ArrayList<>();
        private int firstLine;

        Parser(String where, Path file) {
            this.where = where;
            this.file = file;
        }

        private BadTestException bad(int line, String reason) {
            return new BadTestException(where, line, reason);
        }

        Header parse(String[] lines) {
            boolean inHeader = true;
            for (int i = 0; i < lines.length; i++) {
                int n = i + 1;
                String line = lines[i];
                String trimmed = line.strip();
                Matcher m = FIELD_LINE.matcher(line);
                if (m.matches()) {
                    if (!inHeader) {
                        throw bad(n, "a '; test:' line below the header (the fields go in the comment block before "
                                + "the first statement)");
                    }
                    if (firstLine == 0) {
                        firstLine = n;
                    }
                    fieldsOf(m.group(1), n, line.length() - m.group(1).length() + 1);
                } else if (!trimmed.isEmpty() && !trimmed.startsWith(";")) {
                    inHeader = false;
                }
            }
            if (firstLine == 0) {
                throw bad(1, "no '; test:' header (a test file starts with a comment such as "
                        + "'; test: mem=32K modes=native,segment')");
            }
            return new Header(entry(), fields.containsKey("name") ? fields.get("name").line() : firstLine);
        }

        /** The {@code key=value} fields of one line; {@code column} is where {@code rest} starts (1-based). */
        private void fieldsOf(String rest, int line, int column) {
            int i = 0;
            int len = rest.length();
            boolean any = false;
            while (true) {
                while (i < len && Character.isWhitespace(rest.charAt(i))) {
                    i++;
                }
                if (i >= len) {
                    break;
                }
                int keyStart = i;
                while (i < len && rest.charAt(i) != '=' && !Character.isWhitespace(rest.charAt(i))) {
                    i++;
                }
                String key = rest.substring(keyStart, i);
                if (i >= len || rest.charAt(i) != '=') {
                    throw bad(line, "expected key=value at column " + (column + keyStart) + ", found '" + key + "'");
                }
                i++; // '='
                String value;
                if (i < len && rest.charAt(i) == '"') {
                    StringBuilder sb = new StringBuilder();
                    i = quoted(rest, i + 1, sb, line, key);
                    value = sb.toString();
                    if (i < len && !Character.isWhitespace(rest.charAt(i))) {
                        throw bad(line, key + ": expected a space after the closing quote");
                    }
                } else {
                    int start = i;
                    while (i < len && !Character.isWhitespace(rest.charAt(i))) {
                        if (rest.charAt(i) == '"') {
                            throw bad(line, key + ": a quote inside a bare value (quote the whole value: "
                                    + key + "=\"...\")");
                        }
                        i++;
                    }
                    value = rest.substring(start, i);
                    if (value.isEmpty()) {
                        throw bad(line, key + ": empty value (write " + key + "=\"\" for an empty text)");
                    }
                }
                put(key, value, line);
                any = true;
            }
            if (!any) {
                throw bad(line, "'; test:' without fields (expected key=value ...)");
            }
        }

        /** Reads a quoted value from {@code i} (just past the opening quote); returns the index past the closing one. */
        private int quoted(String s, int i, StringBuilder out, int line, String key) {
            while (i < s.length()) {
                char c = s.charAt(i++);
                if (c == '"') {
                    return i;
                }
                if (c != '\\') {
                    out.append(c);
                    continue;
                }
                if (i >= s.length()) {
                    break;
                }
                char e = s.charAt(i++);
                switch (e) {
                    case 'n' -> out.append('\n');
                    case 't' -> out.append('\t');
                    case 'r' -> out.append('\r');
                    case '0' -> out.append('\0');
                    case '\\' -> out.append('\\');
                    case '"' -> out.append('"');
                    default -> throw bad(line, key + ": unknown escape \\" + e + " (known: \\n \\t \\r \\0 \\\\ \\\")");
                }
            }
            throw bad(line, key + ": unterminated quoted value (a value ends on its line)");
        }

        private void put(String key, String value, int line) {
            if (key.equals("expect_output")) {
                outputs.add(new Field(value, line));
                return;
            }
            if (!KEYS.contains(key) && !key.startsWith(DIFFERENCE)) {
                String hint = key.equals("file") ? " (the file is the test itself)"
                        : key.equals("exit") || key.equals("expect_difference") ? " (write " + key + "."
                                + (key.equals("exit") ? "kind=..." : "MODE=\"reason\"") + ")"
                        : "";
                throw bad(line, "unknown key '" + key + "'" + hint + " (known: " + String.join(", ", KEYS)
                        + ", expect_difference.MODE)");
            }
            Field before = fields.putIfAbsent(key, new Field(value, line));
            if (before != null) {
                throw bad(line, key + " is given twice (first on line " + before.line() + ")");
            }
        }

        /** The manifest entry the fields describe, validated field by field, then by {@link Manifest}. */
        private SuiteTest entry() {
            JsonNodeFactory f = JsonNodeFactory.instance;
            ObjectNode node = f.objectNode();
            String fileName = file.getFileName().toString();
            Field name = fields.get("name");
            if (name != null && !NAME.matcher(name.value()).matches()) {
                throw bad(name.line(), "name: '" + name.value() + "' is not a test name (letters, digits, . _ + -, "
                        + "starting with a letter or digit)");
            }
            String testName = name != null ? name.value() : fileName.substring(0, fileName.length() - 2);
            if (!NAME.matcher(testName).matches()) {
                throw bad(firstLine, "the file name '" + fileName + "' is not a test name: give one with name=");
            }
            node.put("name", testName);
            node.put("file", file.toString());

            Field mem = required("mem");
            long words = number(mem, "mem", "a number of words (K = 1024 words, M = 1024 K; 0x hex)");
            if (words < 16 || words > (1 << 30)) {
                throw bad(mem.line(), "mem: " + mem.value() + " words is out of range (16 to 1024M words)");
            }
            node.put("mem", (int) words);

            Field modesField = required("modes");
            List<Mode> modes = modes(modesField, "modes");
            ArrayNode modeArray = node.putArray("modes");
            modes.forEach(m -> modeArray.add(m.cliName()));
            Field refusedField = fields.get("expect_refused");
            if (refusedField != null) {
                List<Mode> refused = modes(refusedField, "expect_refused");
                ArrayNode refusedArray = node.putArray("expect_refused");
                for (Mode m : refused) {
                    if (modes.contains(m)) {
                        throw bad(refusedField.line(), "expect_refused: mode " + m.cliName()
                                + " is in modes too (a mode either runs the test or refuses it)");
                    }
                    if (m == Mode.NATIVE) {
                        throw bad(refusedField.line(), "expect_refused: native cannot refuse a test (it is the oracle)");
                    }
                    refusedArray.add(m.cliName());
                }
                pageMultiple(mem, words, refused);
            }
            pageMultiple(mem, words, modes);

            Field input = fields.get("input");
            if (input != null) {
                node.put("input", input.value());
            }
            Field profile = fields.get("profile");
            if (profile != null) {
                if (Profile.builtIn(profile.value()) == null) {
                    throw bad(profile.line(), "profile: unknown profile '" + profile.value() + "' (known: "
                            + Image.knownProfiles() + ")");
                }
                node.put("profile", profile.value());
            }
            Field max = fields.get("max_instructions");
            if (max != null) {
                long n = number(max, "max_instructions", "a positive number of instructions (K, M suffixes; 0x hex)");
                if (n <= 0) {
                    throw bad(max.line(), "max_instructions: must be positive");
                }
                node.put("max_instructions", n);
            }
            exit(node);
            if (!outputs.isEmpty()) {
                ArrayNode lines = node.putArray("expect_output");
                for (Field o : outputs) {
                    if (o.value().contains("\n")) {
                        throw bad(o.line(), "expect_output: one console line per expect_output (no \\n inside)");
                    }
                    lines.add(o.value());
                }
            }
            ObjectNode differences = null;
            for (Map.Entry<String, Field> e : fields.entrySet()) {
                if (!e.getKey().startsWith(DIFFERENCE)) {
                    continue;
                }
                Field d = e.getValue();
                String modeName = e.getKey().substring(DIFFERENCE.length());
                Mode m = Mode.byName(modeName);
                if (m == null) {
                    throw bad(d.line(), e.getKey() + ": unknown mode '" + modeName + "' (known: " + knownModes() + ")");
                }
                if (m == Mode.NATIVE) {
                    throw bad(d.line(), e.getKey() + ": native is the oracle; it cannot differ from itself");
                }
                if (!modes.contains(m)) {
                    throw bad(d.line(), e.getKey() + ": mode " + m.cliName() + " is not in modes (the test must run "
                            + "there to differ)");
                }
                if (d.value().isBlank()) {
                    throw bad(d.line(), e.getKey() + ": give the reason the run may differ from native");
                }
                if (differences == null) {
                    differences = node.putObject("expect_difference");
                }
                differences.put(m.cliName(), d.value());
            }
            try {
                return Manifest.test(node);
            } catch (IllegalArgumentException e) {
                // Everything is checked above with its line; this is what the manifest adds, if anything.
                String message = e.getMessage().replaceFirst("^manifest: test '[^']*': ", "");
                throw bad(firstLine, message);
            }
        }

        private void exit(ObjectNode node) {
            Field kind = fields.get("exit.kind");
            Field status = fields.get("exit.status");
            Field reason = fields.get("exit.reason_contains");
            if (kind == null) {
                Field orphan = status != null ? status : reason;
                if (orphan != null) {
                    String key = orphan == status ? "exit.status" : "exit.reason_contains";
                    throw bad(orphan.line(), key + " needs exit.kind (poweroff, halt, shutdown or limit)");
                }
                return;
            }
            ExitKind k = null;
            for (ExitKind e : ExitKind.values()) {
                if (e.jsonName().equals(kind.value())) {
                    k = e;
                }
            }
            if (k == null) {
                throw bad(kind.line(), "exit.kind: unknown exit kind '" + kind.value() + "' (known: "
                        + Arrays.stream(ExitKind.values()).map(ExitKind::jsonName).collect(Collectors.joining(", "))
                        + ")");
            }
            ObjectNode exit = node.putObject("exit");
            exit.put("kind", k.jsonName());
            if (status != null) {
                if (!status.value().matches("[0-9]{1,3}") || Integer.parseInt(status.value()) > 255) {
                    throw bad(status.line(), "exit.status: '" + status.value() + "' is not an exit status (0 to 255)");
                }
                exit.put("status", Integer.parseInt(status.value()));
            }
            if (reason != null) {
                if (k != ExitKind.SHUTDOWN) {
                    throw bad(reason.line(), "exit.reason_contains: only a shutdown has a reason (exit.kind=shutdown)");
                }
                if (reason.value().isBlank()) {
                    throw bad(reason.line(), "exit.reason_contains: give the text the shutdown reason must contain");
                }
                exit.put("reason_contains", reason.value());
            }
        }

        private Field required(String key) {
            Field f = fields.get(key);
            if (f == null) {
                throw bad(firstLine, "missing " + key + "= (a test needs mem= and modes=)");
            }
            return f;
        }

        private long number(Field f, String key, String what) {
            Matcher m = NUMBER.matcher(f.value());
            if (!m.matches()) {
                throw bad(f.line(), key + ": '" + f.value() + "' is not " + what);
            }
            try {
                String digits = m.group(1);
                long n = digits.startsWith("0x") || digits.startsWith("0X") ? Long.parseLong(digits.substring(2), 16)
                        : Long.parseLong(digits);
                long scale = m.group(2).equals("K") ? 1024 : m.group(2).equals("M") ? 1024 * 1024 : 1;
                return Math.multiplyExact(n, scale);
            } catch (NumberFormatException | ArithmeticException e) {
                throw bad(f.line(), key + ": '" + f.value() + "' is too large");
            }
        }

        private List<Mode> modes(Field f, String key) {
            List<Mode> modes = new ArrayList<>();
            for (String part : f.value().split(",", -1)) {
                Mode m = Mode.byName(part);
                if (part.isEmpty()) {
                    throw bad(f.line(), key + ": an empty mode in '" + f.value() + "' (modes are comma-separated, no "
                            + "spaces)");
                }
                if (m == null) {
                    throw bad(f.line(), key + ": unknown mode '" + part + "' (known: " + knownModes() + ")");
                }
                if (modes.contains(m)) {
                    throw bad(f.line(), key + ": mode " + part + " is listed twice");
                }
                modes.add(m);
            }
            return modes;
        }

        private void pageMultiple(Field mem, long words, List<Mode> modes) {
            for (Mode m : modes) {
                if ((m == Mode.SHADOW_TRACE || m == Mode.SHADOW_VTLB) && words % Pte.PAGE_WORDS != 0) {
                    throw bad(mem.line(), "mem: " + mem.value() + " is not a whole number of " + Pte.PAGE_WORDS
                            + "-word pages, as mode " + m.cliName() + " needs");
                }
            }
        }

        private static String knownModes() {
            return Arrays.stream(Mode.values()).map(Mode::cliName).collect(Collectors.joining(", "));
        }
    }
}
