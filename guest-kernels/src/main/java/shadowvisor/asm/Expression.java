package shadowvisor.asm;

import java.math.BigInteger;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * An assembly-time expression (spec section 6): numbers, symbols, {@code .}, unary
 * {@code - ~ +} and the binary operators of C, evaluated on big integers (of at most
 * {@link #MAX_BITS} bits: no program needs more, and it bounds the work). Division
 * truncates toward zero and {@code %} takes the dividend's sign, as in C; {@code >>} is
 * arithmetic. The tree is built once by {@link ExpressionParser} and evaluated by each pass
 * against the symbol table it has at that moment.
 */
sealed interface Expression {

    /** Where symbols get their values. */
    interface Scope {
        /**
         * The value of a symbol.
         *
         * @throws SourceError.Undefined       when it has no value (yet)
         * @throws SourceError.AlreadyReported when its definition failed with a reported error
         */
        BigInteger valueOf(String name, int column);
    }

    /** The left-shift counts beyond which a value would not fit in memory, let alone a word. */
    int MAX_SHIFT = 1 << 16;

    /**
     * The most bits any intermediate value may have: far beyond a word, and a bound on the time
     * and memory an expression (or a chain of equates feeding each other) can take.
     */
    int MAX_BITS = 4096;

    /**
     * The value of the expression.
     *
     * @param dot the current address, the value of {@code .}
     * @throws SourceError on an undefined symbol, a division by zero, an unreasonable shift or a
     *                     value of more than {@link #MAX_BITS} bits
     */
    BigInteger evaluate(Scope scope, long dot);

    /** The column of the expression's first character, for diagnostics about its value. */
    int column();

    /**
     * Evaluates a tree without recursion: a chain of operators ({@code 1 + 1 + ... + 1}) is a
     * tree as deep as the chain is long, and nesting adds to it, so the tree is walked with an
     * explicit stack. The order is that of the recursive definition (left operand, right
     * operand, operator), so the first error in reading order is the one thrown.
     */
    private static BigInteger evaluateTree(Expression root, Scope scope, long dot) {
        Deque<Expression> work = new ArrayDeque<>();
        // In step with work: true for an operator whose operands are on the value stack.
        Deque<Boolean> operandsDone = new ArrayDeque<>();
        Deque<BigInteger> values = new ArrayDeque<>();
        work.push(root);
        operandsDone.push(false);
        while (!work.isEmpty()) {
            Expression e = work.pop();
            boolean done = operandsDone.pop();
            if (e instanceof Unary u) {
                if (done) {
                    values.push(u.apply(values.pop()));
                } else {
                    work.push(u);
                    operandsDone.push(true);
                    work.push(u.operand());
                    operandsDone.push(false);
                }
            } else if (e instanceof Binary b) {
                if (done) {
                    BigInteger r = values.pop();
                    values.push(b.apply(values.pop(), r));
                } else {
                    work.push(b);
                    operandsDone.push(true);
                    work.push(b.right());
                    operandsDone.push(false);
                    work.push(b.left());
                    operandsDone.push(false);
                }
            } else {
                values.push(e.evaluate(scope, dot)); // a leaf
            }
        }
        return values.pop();
    }

    /** A number or character literal. */
    record Literal(BigInteger value, int column) implements Expression {
        @Override
        public BigInteger evaluate(Scope scope, long dot) {
            return value;
        }
    }

    /** A symbol reference. */
    record Symbol(String name, int column) implements Expression {
        @Override
        public BigInteger evaluate(Scope scope, long dot) {
            return scope.valueOf(name, column);
        }
    }

    /** {@code .}, the address of the current statement (phased inside {@code .phase}). */
    record Dot(int column) implements Expression {
        @Override
        public BigInteger evaluate(Scope scope, long dot) {
            return BigInteger.valueOf(dot);
        }
    }

    /** {@code -x}, {@code ~x} or {@code +x}. */
    record Unary(char operator, Expression operand, int column) implements Expression {
        @Override
        public BigInteger evaluate(Scope scope, long dot) {
            return evaluateTree(this, scope, dot);
        }

        private BigInteger apply(BigInteger v) {
            return switch (operator) {
                case '-' -> v.negate();
                case '~' -> v.not();
                default -> v;
            };
        }
    }

    /** A binary operation; {@code operatorColumn} points at the operator for its errors. */
    record Binary(String operator, Expression left, Expression right, int operatorColumn) implements Expression {
        /** The column of the leftmost operand, found with a loop: a chain of operators is a deep tree. */
        @Override
        public int column() {
            Expression e = left;
            while (e instanceof Binary b) {
                e = b.left;
            }
            return e.column();
        }

        @Override
        public BigInteger evaluate(Scope scope, long dot) {
            return evaluateTree(this, scope, dot);
        }

        private BigInteger apply(BigInteger l, BigInteger r) {
            BigInteger v = switch (operator) {
                case "+" -> l.add(r);
                case "-" -> l.subtract(r);
                case "*" -> l.multiply(r);
                case "/", "%" -> {
                    if (r.signum() == 0) {
                        throw new SourceError(operatorColumn, "division by zero in expression");
                    }
                    // BigInteger divides like C: quotient toward zero, remainder with the dividend's sign.
                    yield operator.equals("/") ? l.divide(r) : l.remainder(r);
                }
                case "<<" -> l.shiftLeft(shiftCount(r, true));
                case ">>" -> l.shiftRight(shiftCount(r, false));
                case "&" -> l.and(r);
                case "|" -> l.or(r);
                case "^" -> l.xor(r);
                default -> throw new IllegalStateException("operator " + operator);
            };
            // Operands are within the bound too, so the value just computed cost little; refusing
            // it keeps chains of equates (a1 = a0 * a0, ...) from growing without end.
            if (v.bitLength() > MAX_BITS) {
                throw new SourceError(operatorColumn, "value too large in expression (more than " + MAX_BITS + " bits)");
            }
            return v;
        }

        private int shiftCount(BigInteger r, boolean left) {
            if (r.signum() < 0) {
                throw new SourceError(operatorColumn, "negative shift count " + Printable.number(r));
            }
            if (r.compareTo(BigInteger.valueOf(MAX_SHIFT)) > 0) {
                if (left) {
                    throw new SourceError(operatorColumn, "shift count " + Printable.number(r) + " too large");
                }
                // Shifting right by more than any value's width gives 0 or -1 either way.
                return MAX_SHIFT;
            }
            return r.intValue();
        }
    }
}
