package shadowvisor.asm;

import java.math.BigInteger;
import java.nio.file.Path;
import java.util.List;
import shadowvisor.machine.image.Image;

/**
 * The two-pass assembler of spec section 6, from a file or a string to an {@link Image}. The
 * work is split as a reader would look for it: {@link SourceReader} flattens includes and macros
 * into statements, {@link FirstPass} lays them out and defines the symbols, {@link SecondPass}
 * encodes the words, {@link ImageBuilder} checks for overlaps and gathers the image, and
 * {@link Listing} prints the result. Each run has its own state, so runs may proceed in
 * parallel; no input makes it throw: every problem is a {@link Diagnostic}.
 */
public final class Assembler {
    private static final String START_SYMBOL = "_start";

    private Assembler() {
    }

    /** Assembles the file at {@code source}; an unreadable file is a diagnostic, not an exception. */
    public static AssemblyResult assembleFile(Path source) {
        Diagnostics diagnostics = new Diagnostics();
        try {
            return assemble(new SourceReader(diagnostics).readFile(source), diagnostics);
        } catch (RuntimeException | StackOverflowError e) {
            return internalError(String.valueOf(source), diagnostics, e);
        }
    }

    /**
     * Assembles {@code text} as if it were the file {@code fileName}: diagnostics name that file,
     * and {@code .include} paths are relative to its parent directory (the working directory
     * when the name has none).
     */
    public static AssemblyResult assembleString(String fileName, String text) {
        Diagnostics diagnostics = new Diagnostics();
        try {
            return assemble(new SourceReader(diagnostics).readString(fileName, text), diagnostics);
        } catch (RuntimeException | StackOverflowError e) {
            return internalError(fileName, diagnostics, e);
        }
    }

    private static AssemblyResult assemble(List<Statement> program, Diagnostics diagnostics) {
        SymbolTable symbols = new SymbolTable();
        FirstPass first = new FirstPass(symbols, diagnostics);
        first.run(program);
        if (first.layoutIsExact()) {
            ImageBuilder.checkOverlaps(program, diagnostics);
        }
        SecondPass second = new SecondPass(symbols, diagnostics);
        second.run(program);
        Integer entry = first.entry() != null ? second.entry(first.entry()) : defaultEntry(program, symbols);
        String listing = Listing.of(program);
        if (diagnostics.hasErrors() || entry == null) {
            return new AssemblyResult(null, diagnostics.sorted(), listing);
        }
        return new AssemblyResult(ImageBuilder.build(program, entry, first.profile()), List.of(), listing,
                symbols.labels());
    }

    /** Without {@code .entry}: the symbol {@code _start}, else the lowest address emitted, else 0. */
    private static Integer defaultEntry(List<Statement> program, SymbolTable symbols) {
        if (symbols.hasValue(START_SYMBOL)) {
            BigInteger start = symbols.valueOf(START_SYMBOL, 0);
            return start.intValue();
        }
        long lowest = ImageBuilder.lowestAddress(program);
        return lowest < 0 ? 0 : (int) lowest;
    }

    /** A bug in the assembler still ends as a diagnostic, never as an exception to the caller. */
    private static AssemblyResult internalError(String file, Diagnostics diagnostics, Throwable e) {
        diagnostics.fileError(file, "internal assembler error: " + e);
        return new AssemblyResult(null, diagnostics.sorted(), "");
    }
}
