package shadowvisor.asm;

import java.util.List;
import shadowvisor.machine.isa.Opcode;

/**
 * One statement of the flattened program, {@code [label:] [operation operands]}, and what each
 * stage learns about it. Fields are grouped by the stage that fills them: the parse (and the
 * source reader, which resolves macro invocations), the first pass (addresses, sizes, parsed
 * operands) and the second pass (the words). Keeping them on the statement lets the listing
 * and the overlap check read one list instead of stitching stages together.
 */
final class Statement {
    private final SourceLine source;
    private final int ordinal;

    // ---- parse: at most one of opcode, pseudo, directive, macro is set when operation is.
    /** The label token, or null. */
    Token label;
    /** The mnemonic, directive or macro name token ({@code =} for {@code name = expr}), or null. */
    Token operation;
    Opcode opcode;
    Pseudo pseudo;
    Directive directive;
    /** A macro invocation; the reader expands it after this statement. */
    Macro macro;
    /** The operands' tokens, split at top-level commas. */
    List<List<Token>> operandTokens = List.of();
    /** A line of a macro definition: listed as text, never assembled. */
    boolean definitionText;

    // ---- first pass
    /** Where the statement's words go in memory. */
    long address;
    /** The value of {@code .}: the address, or the phased address inside {@code .phase}. */
    long dot;
    /** Words emitted. */
    int size;
    /** Operands parsed for the second pass (instructions, pseudo-instructions, .word, .space fill, .entry). */
    List<Operand> operands;
    /** For li/la: two words (lui + ori) rather than one (addi). */
    boolean longForm;
    /** An error was reported: later stages leave the statement alone. */
    boolean failed;

    // ---- second pass
    /** The emitted words ({@link #size} of them), or null when nothing was emitted. */
    int[] words;

    Statement(SourceLine source, int ordinal) {
        this.source = source;
        this.ordinal = ordinal;
    }

    SourceLine source() {
        return source;
    }

    /** Position in the flattened program; diagnostics are sorted by it. */
    int ordinal() {
        return ordinal;
    }

    /** The column of the operation, or of the line start when there is none. */
    int operationColumn() {
        return operation != null ? operation.column() : label != null ? label.column() : 1;
    }

    /** The operation as written, for messages. */
    String operationName() {
        return operation == null ? "" : operation.text();
    }
}
