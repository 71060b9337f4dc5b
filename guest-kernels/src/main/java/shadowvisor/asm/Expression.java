package shadowvisor.asm;

import java.math.BigInteger;

/**
 * An assembly-time expression (spec section 6): numbers, symbols, {@code .}, unary
 * {@code - ~ +} and the binary operators of C, evaluated on unbounded integers. Division
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
     * The value of the expression.
     *
     * @param dot the current address, the value of {@code .}
     * @throws SourceError on an undefined symbol, a division by zero or an unreasonable shift
     */
    BigInteger evaluate(Scope scope, long dot);

    /** The column of the expression's first character, for diagnostics about its value. */
    int column();

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
            BigInteger v = operand.evaluate(scope, dot);
            return switch (operator) {
                case '-' -> v.negate();
                case '~' -> v.not();
                default -> v;
            };
        }
    }

    /** A binary operation; {@code operatorColumn} points at the operator for its errors. */
    record Binary(String operator, Expression left, Expression right, int operatorColumn) implements Expression {
        @Override
        public int column() {
            return left.column();
        }

        @Override
        public BigInteger evaluate(Scope scope, long dot) {
            BigInteger l = left.evaluate(scope, dot);
            BigInteger r = right.evaluate(scope, dot);
            switch (operator) {
                case "+":
                    return l.add(r);
                case "-":
                    return l.subtract(r);
                case "*":
                    return l.multiply(r);
                case "/":
                case "%":
                    if (r.signum() == 0) {
                        throw new SourceError(operatorColumn, "division by zero in expression");
                    }
                    // BigInteger divides like C: quotient toward zero, remainder with the dividend's sign.
                    return operator.equals("/") ? l.divide(r) : l.remainder(r);
                case "<<":
                    return l.shiftLeft(shiftCount(r, true));
                case ">>":
                    return l.shiftRight(shiftCount(r, false));
                case "&":
                    return l.and(r);
                case "|":
                    return l.or(r);
                case "^":
                    return l.xor(r);
                default:
                    throw new IllegalStateException("operator " + operator);
            }
        }

        private int shiftCount(BigInteger r, boolean left) {
            if (r.signum() < 0) {
                throw new SourceError(operatorColumn, "negative shift count " + r);
            }
            if (r.compareTo(BigInteger.valueOf(MAX_SHIFT)) > 0) {
                if (left) {
                    throw new SourceError(operatorColumn, "shift count " + r + " too large");
                }
                // Shifting right by more than any value's width gives 0 or -1 either way.
                return MAX_SHIFT;
            }
            return r.intValue();
        }
    }
}
