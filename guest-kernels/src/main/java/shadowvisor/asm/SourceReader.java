package shadowvisor.asm;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import shadowvisor.machine.isa.Opcode;

/**
 * Turns a source file into the flat list of statements that the two passes walk: it reads
 * files, follows {@code .include} (relative to the including file, refusing cycles), records
 * {@code .macro} definitions and expands their invocations. Every line it produces knows its
 * file, line and the include/macro chain that reached it, which is all a diagnostic needs.
 *
 * <p>Everything here is textual and happens before the first pass, so a macro must be defined
 * before its first use. Definition lines stay in the output (marked as definition text) so that
 * the listing shows the whole source; expansions follow the line that invoked them.
 */
final class SourceReader {
    /** Deeper macro nesting than this is taken to be runaway recursion. */
    static final int MAX_MACRO_DEPTH = 100;
    /** Deeper {@code .include} nesting than this is refused: each level is a level of recursion. */
    static final int MAX_INCLUDE_DEPTH = 64;
    /**
     * The largest source file read, the main file or an included one; the read stops there, so
     * that {@code /dev/zero} or a runaway generated file is an error, not an exhausted heap.
     */
    static final int MAX_FILE_BYTES = 64 << 20;
    /** A bound on expanded lines, against macros that do not recurse but multiply. */
    static final int MAX_LINES = 5_000_000;
    /**
     * Macro expansions in one assembly. A macro that invokes another twice, thirty deep, asks for
     * a billion; each expansion costs a chain of origins for its diagnostics, so the line limit
     * alone let such a source take 30 s and 4 GB before it was refused. A real program expands a
     * few thousand.
     */
    static final int MAX_EXPANSIONS = 200_000;

    private final Diagnostics diagnostics;
    private final List<Statement> program = new ArrayList<>();
    private final Map<String, Macro> macros = new HashMap<>();
    /** Canonical paths of the files being read, outermost first: a repeat is a cycle. */
    private final Deque<Path> includeStack = new ArrayDeque<>();
    private int expansions;
    private boolean tooLong;

    SourceReader(Diagnostics diagnostics) {
        this.diagnostics = diagnostics;
    }

    /** The statements of the file at {@code path}; an unreadable file is reported. */
    List<Statement> readFile(Path path) {
        String display = path.toString();
        String text;
        try {
            text = readText(path);
        } catch (IOException e) {
            diagnostics.fileError(display, "cannot read file: " + describe(e));
            return program;
        }
        return readText(display, path, text);
    }

    /**
     * The statements of {@code text}, as if read from {@code fileName}: includes are resolved
     * against the file name's parent directory, or the working directory when it has none.
     */
    List<Statement> readString(String fileName, String text) {
        Path path;
        try {
            path = Path.of(fileName);
        } catch (InvalidPathException e) {
            path = Path.of("");
        }
        return readText(fileName, path, text);
    }

    private List<Statement> readText(String display, Path path, String text) {
        includeStack.push(canonical(path));
        process(lines(display, text, List.of()), path, 0);
        includeStack.pop();
        return program;
    }

    /** The raw lines of a file's text; {@code \r\n} and {@code \n} both end a line. */
    private static List<SourceLine> lines(String display, String text, List<String> chain) {
        List<SourceLine> lines = new ArrayList<>();
        int start = text.startsWith("\uFEFF") ? 1 : 0;
        int n = text.length();
        int number = 1;
        while (start < n) {
            int nl = text.indexOf('\n', start);
            int end = nl < 0 ? n : nl;
            int cut = end > start && text.charAt(end - 1) == '\r' ? end - 1 : end;
            lines.add(new SourceLine(display, number++, text.substring(start, cut), chain));
            start = end + 1;
        }
        return lines;
    }

    /** A macro being collected between {@code .macro} and its {@code .endm}. */
    private static final class Definition {
        final Statement statement;
        /** Null when the definition is invalid: its body is skipped but not recorded. */
        final String name;
        final List<String> params;
        final List<SourceLine> body = new ArrayList<>();
        /** {@code .macro} lines inside the body not yet closed: nested definitions. */
        int nesting;

        Definition(Statement statement, String name, List<String> params) {
            this.statement = statement;
            this.name = name;
            this.params = params;
        }
    }

    /**
     * Adds the statements of {@code lines} (a file, or one macro expansion) to the program.
     *
     * @param origin the file the lines come from, against which includes are resolved
     * @param depth  how many macro expansions enclose these lines
     */
    private void process(List<SourceLine> lines, Path origin, int depth) {
        Definition open = null;
        for (SourceLine line : lines) {
            if (tooLong) {
                return;
            }
            if (program.size() >= MAX_LINES) {
                tooLong = true;
                Statement s = new Statement(line, program.size());
                program.add(s);
                diagnostics.error(s, 1, "more than " + MAX_LINES + " lines after macro expansion; giving up");
                return;
            }
            if (open != null) {
                open = collect(open, line, origin);
                continue;
            }
            Statement s = StatementParser.parse(line, program.size(), diagnostics);
            program.add(s);
            if (s.failed || s.operation == null) {
                continue;
            }
            if (s.directive == Directive.MACRO) {
                open = startDefinition(s);
            } else if (s.directive == Directive.ENDM) {
                fail(s, s.operation.column(), ".endm without .macro");
            } else if (s.directive == Directive.INCLUDE) {
                include(s, origin, depth);
            } else if (s.directive == null && s.opcode == null && s.pseudo == null) {
                invoke(s, depth);
            }
        }
        if (open != null && !tooLong) {
            fail(open.statement, open.statement.operation.column(),
                    "unterminated macro" + (open.name != null ? " '" + open.name + "'" : "") + " (missing .endm)");
        }
    }

    /** Takes one line of an open definition; returns the definition still open, or null at its end. */
    private Definition collect(Definition open, SourceLine line, Path origin) {
        Statement s = new Statement(line, program.size());
        s.definitionText = true;
        program.add(s);
        String word = firstWord(line.text());
        if (word.equalsIgnoreCase(".macro")) {
            open.nesting++;
        } else if (word.equalsIgnoreCase(".endm")) {
            if (open.nesting == 0) {
                if (open.name != null) {
                    Statement d = open.statement;
                    macros.put(open.name.toLowerCase(Locale.ROOT), new Macro(open.name, open.params,
                            List.copyOf(open.body), origin, d.source().at(d.operation.column())));
                }
                return null;
            }
            open.nesting--;
        }
        open.body.add(line);
        return open;
    }

    /**
     * The first word of a raw line after an optional {@code label:}. Body lines are raw text
     * (they may not lex before substitution), so {@code .endm} is found without the lexer.
     */
    private static String firstWord(String text) {
        int i = skipBlanks(text, 0);
        int j = wordEnd(text, i);
        if (j < text.length() && text.charAt(j) == ':') {
            i = skipBlanks(text, j + 1);
            j = wordEnd(text, i);
        }
        return text.substring(i, j);
    }

    private static int skipBlanks(String text, int i) {
        while (i < text.length() && Character.isWhitespace(text.charAt(i))) {
            i++;
        }
        return i;
    }

    private static int wordEnd(String text, int i) {
        while (i < text.length() && !Character.isWhitespace(text.charAt(i)) && text.charAt(i) != ':'
                && text.charAt(i) != ';') {
            i++;
        }
        return i;
    }

    /** {@code .macro name [param, ...]}: checks the header and opens the definition. */
    private Definition startDefinition(Statement s) {
        List<Token> header = new ArrayList<>();
        for (List<Token> operand : s.operandTokens) {
            header.addAll(operand);
        }
        if (header.isEmpty() || !header.get(0).is(Token.Kind.IDENTIFIER)) {
            fail(s, header.isEmpty() ? s.operation.end() + 1 : header.get(0).column(), "expected a macro name after .macro");
            return new Definition(s, null, List.of());
        }
        Token name = header.get(0);
        List<String> params = new ArrayList<>();
        for (Token t : header.subList(1, header.size())) {
            if (!t.is(Token.Kind.IDENTIFIER)) {
                fail(s, t.column(), "expected a parameter name, found " + t.describe());
                return new Definition(s, null, List.of());
            }
            if (params.contains(t.text())) {
                fail(s, t.column(), "duplicate macro parameter '" + t.text() + "'");
                return new Definition(s, null, List.of());
            }
            params.add(t.text());
        }
        String lower = name.text().toLowerCase(Locale.ROOT);
        if (Opcode.byMnemonic(lower) != null || Pseudo.byMnemonic(lower) != null) {
            fail(s, name.column(), "'" + name.text() + "' is an instruction; a macro cannot take its name");
            return new Definition(s, null, List.of());
        }
        if (macros.containsKey(lower)) {
            fail(s, name.column(), "macro '" + name.text() + "' already defined at " + macros.get(lower).definedAt());
            return new Definition(s, null, List.of());
        }
        return new Definition(s, name.text(), List.copyOf(params));
    }

    /** A line whose operation is a name that is neither an instruction nor a directive. */
    private void invoke(Statement s, int depth) {
        Macro m = macros.get(s.operation.text().toLowerCase(Locale.ROOT));
        if (m == null) {
            fail(s, s.operation.column(), "unknown mnemonic '" + s.operation.text() + "'");
            return;
        }
        s.macro = m;
        if (depth >= MAX_MACRO_DEPTH) {
            fail(s, s.operation.column(), "macro expansion nested more than " + MAX_MACRO_DEPTH
                    + " deep (does macro '" + m.name() + "' invoke itself without end?)");
            return;
        }
        List<String> args = new ArrayList<>();
        for (List<Token> operand : s.operandTokens) {
            // An argument is the exact text it spans, so it substitutes like the user wrote it.
            args.add(s.source().text().substring(operand.get(0).start(), operand.get(operand.size() - 1).end()));
        }
        if (args.size() != m.params().size()) {
            fail(s, s.operation.column(), "macro '" + m.name() + "' expects " + m.params().size() + " argument"
                    + (m.params().size() == 1 ? "" : "s") + (m.params().isEmpty() ? "" : " (" + String.join(", ", m.params()) + ")")
                    + ", found " + args.size());
            return;
        }
        if (expansions >= MAX_EXPANSIONS) {
            tooLong = true;
            fail(s, s.operation.column(), "more than " + MAX_EXPANSIONS + " macro expansions; giving up (does a "
                    + "macro expand exponentially, invoking others more than once each?)");
            return;
        }
        int unique = expansions++;
        List<String> chain = extend(s.source().chain(),
                "in expansion of macro '" + m.name() + "' at " + s.source().at(s.operation.column()));
        List<SourceLine> expanded = new ArrayList<>(m.body().size());
        for (SourceLine b : m.body()) {
            expanded.add(new SourceLine(b.file(), b.line(), m.substitute(b.text(), args, unique), chain));
        }
        process(expanded, m.origin(), depth + 1);
    }

    /** {@code .include "path"}: the file's statements follow this one. */
    private void include(Statement s, Path origin, int depth) {
        if (s.operandTokens.size() != 1 || s.operandTokens.get(0).size() != 1
                || !s.operandTokens.get(0).get(0).is(Token.Kind.STRING)) {
            int column = s.operandTokens.isEmpty() ? s.operation.end() + 1 : s.operandTokens.get(0).get(0).column();
            fail(s, column, "expected .include \"path\"");
            return;
        }
        Token name = s.operandTokens.get(0).get(0);
        Path target;
        try {
            Path parent = origin.getParent();
            target = parent == null ? Path.of(name.text()) : parent.resolve(name.text());
        } catch (InvalidPathException e) {
            fail(s, name.column(), "invalid include path \"" + name.text() + "\"");
            return;
        }
        Path key = canonical(target);
        if (includeStack.contains(key)) {
            fail(s, name.column(), "include cycle: \"" + name.text() + "\" is already being included");
            return;
        }
        // The stack holds the main file too, so this allows MAX_INCLUDE_DEPTH nested includes.
        if (includeStack.size() > MAX_INCLUDE_DEPTH) {
            fail(s, name.column(), "include nested more than " + MAX_INCLUDE_DEPTH + " deep (\"" + name.text()
                    + "\" is not read)");
            return;
        }
        String text;
        try {
            text = readText(target);
        } catch (IOException e) {
            fail(s, name.column(), "cannot read include file \"" + name.text() + "\": " + describe(e));
            return;
        }
        List<String> chain = extend(s.source().chain(), "included from " + s.source().at(s.operation.column()));
        includeStack.push(key);
        process(lines(target.normalize().toString(), text, chain), target, depth);
        includeStack.pop();
    }

    private void fail(Statement s, int column, String message) {
        s.failed = true;
        diagnostics.error(s, column, message);
    }

    /** A new chain: {@code innermost} first, then the chain it was reached through. */
    private static List<String> extend(List<String> chain, String innermost) {
        List<String> c = new ArrayList<>(chain.size() + 1);
        c.add(innermost);
        c.addAll(chain);
        return List.copyOf(c);
    }

    private static Path canonical(Path path) {
        try {
            return path.toRealPath();
        } catch (IOException | SecurityException e) {
            return path.toAbsolutePath().normalize();
        }
    }

    /**
     * The file's text as UTF-8, strictly: a malformed byte is an error, not a replacement. The
     * read is bounded by {@link #MAX_FILE_BYTES} whatever the file claims to be (a device or a
     * pipe reports no size), so nothing is allocated for more than that.
     */
    private static String readText(Path path) throws IOException {
        byte[] bytes;
        try (InputStream in = Files.newInputStream(path)) {
            bytes = in.readNBytes(MAX_FILE_BYTES + 1);
        }
        if (bytes.length > MAX_FILE_BYTES) {
            throw new IOException("larger than " + MAX_FILE_BYTES + " bytes (64 MiB)");
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new IOException("not valid UTF-8 text");
        }
    }

    private static String describe(IOException e) {
        if (e instanceof NoSuchFileException) {
            return "no such file";
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof FileSystemException f && f.getReason() != null) {
            return f.getReason(); // its message would repeat the path
        }
        String m = e.getMessage();
        return m == null ? e.getClass().getSimpleName() : m;
    }
}
