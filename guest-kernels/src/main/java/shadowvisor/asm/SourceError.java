package shadowvisor.asm;

/**
 * A problem at a column of the statement being processed: the lexer, the parsers, the
 * expression evaluator and the operand range checks throw it, and the pass that handles the
 * statement turns it into a {@link Diagnostic}. It never leaves the package. It carries no stack
 * trace because it is control flow, not a bug report: the first pass meets one for every forward
 * reference it tries to evaluate.
 */
class SourceError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int column;

    SourceError(int column, String message) {
        super(message, null, false, false);
        this.column = column;
    }

    /** The 1-based column the problem points at. */
    int column() {
        return column;
    }

    /**
     * An expression used a symbol that has no value (yet). The first pass treats this as "not
     * known on the first pass"; the second pass reports it.
     */
    static final class Undefined extends SourceError {
        private static final long serialVersionUID = 1L;

        private final String name;

        Undefined(int column, String name) {
            super(column, "undefined symbol '" + name + "'");
            this.name = name;
        }

        /** The symbol that has no value. */
        String name() {
            return name;
        }
    }

    /**
     * An expression used a symbol whose own definition already failed with a reported error:
     * the use fails too, but silently, so that one mistake gives one message.
     */
    static final class AlreadyReported extends SourceError {
        private static final long serialVersionUID = 1L;

        AlreadyReported(int column) {
            super(column, "already reported");
        }
    }
}
