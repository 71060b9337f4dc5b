package shadowvisor.asm;

/**
 * A parsed operand, kept by the first pass for the second: a register, an expression (to be
 * evaluated against the final symbol table), or a memory operand {@code expr(rs)}.
 */
sealed interface Operand {

    /** Where the operand starts, for range errors. */
    int column();

    record Register(int number, int column) implements Operand {
    }

    record Value(Expression expression, int column) implements Operand {
    }

    /** {@code expr(rs)}, {@code (rs)} (offset 0) or {@code expr} (base r0). */
    record Memory(Expression offset, int base, int column) implements Operand {
    }
}
