package shadowvisor.asm;

import java.math.BigInteger;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import shadowvisor.machine.image.Image;
import shadowvisor.machine.isa.Profile;

/**
 * The first pass: lays the program out. It walks the statements in order, keeping the current
 * location and the {@code .phase} offset, gives every label its address, parses operands, fixes
 * the size of every statement (li/la decide between one and two words here, once and for all)
 * and evaluates what must be known now: {@code .org}, {@code .space} counts, {@code .align},
 * {@code .phase}. An {@code .equ} is evaluated as soon as its symbols are known: where it
 * stands, or later in the pass when a first-pass evaluation needs it, or at the latest after the
 * pass, before the second pass needs it.
 *
 * <p>Phase rule (spec section 6): inside {@code .phase X} the words go to the real location
 * while {@code .}, labels and {@code .align} follow the phased address; a label on the
 * {@code .phase} line itself is defined before the phase starts, like any label is defined
 * before its line's directive.
 */
final class FirstPass {
    static final long ADDRESS_SPACE = 1L << 32;
    /** The most words one program may emit: the default memory size (4 Mi words). */
    static final long MAX_WORDS = 1L << 22;
    /** How deep one evaluation may chase forward equates through each other (a bound on recursion). */
    private static final int MAX_EQUATE_CHAIN = 500;

    private final SymbolTable symbols;
    private final Diagnostics diagnostics;

    /** The real location: where the next word goes. */
    private long location;
    /** Phased address minus real location, inside {@code .phase}; else 0. */
    private long phaseOffset;
    /** The {@code .phase} statement in effect, or null. */
    private Statement openPhase;
    /** The {@code .entry} statement, or null. */
    private Statement entry;
    /** The first {@code .profile} statement that named a built-in profile, and that name; null without one. */
    private Statement profileStatement;
    private String profile;
    private long totalWords;
    /** The program went past the address space or the size limit, and that was reported. */
    private boolean sizeReported;
    /** A layout directive failed, so the addresses after it are guesses. */
    private boolean layoutInDoubt;
    /** {@code .equ} statements whose value waits for a later symbol, by the name they define. */
    private final Map<String, Statement> pendingEquates = new LinkedHashMap<>();
    /** The pending equates being resolved right now, innermost last: a repeat is a cycle. */
    private final Set<String> resolving = new HashSet<>();
    /** Why pending equates could not be resolved when last tried, while that still holds. */
    private final Map<String, Blocked> blockedEquates = new HashMap<>();

    FirstPass(SymbolTable symbols, Diagnostics diagnostics) {
        this.symbols = symbols;
        this.diagnostics = diagnostics;
    }

    /** Lays out the program and resolves the forward {@code .equ}s. */
    void run(List<Statement> program) {
        for (Statement s : program) {
            visit(s);
        }
        if (openPhase != null) {
            diagnostics.error(openPhase, openPhase.operationColumn(), "unterminated .phase (missing .dephase)");
        }
        resolvePendingEquates();
    }

    /**
     * False when an {@code .org}, {@code .space}, {@code .align} or {@code .phase} failed: the
     * addresses after it are guesses, and overlaps among them would be noise after the real error.
     */
    boolean layoutIsExact() {
        return !layoutInDoubt;
    }

    /** The {@code .entry} statement, or null when there is none. */
    Statement entry() {
        return entry;
    }

    /** The built-in profile named by {@code .profile} (lower case), or null when there is none. */
    String profile() {
        return profile;
    }

    private void visit(Statement s) {
        if (s.definitionText) {
            return;
        }
        s.address = location;
        s.dot = location + phaseOffset;
        if (s.label != null) {
            declare(s, s.label, BigInteger.valueOf(s.dot));
        }
        if (s.failed || s.operation == null || s.macro != null) {
            return;
        }
        try {
            if (s.opcode != null) {
                s.size = 1;
                s.operands = parseOperands(s, kinds(OperandSyntax.slots(s.opcode.format())), s.opcode.format().syntax());
            } else if (s.pseudo != null) {
                pseudo(s);
            } else {
                directive(s);
            }
        } catch (SourceError e) {
            s.failed = true;
            if (s.directive == Directive.ORG || s.directive == Directive.SPACE || s.directive == Directive.ALIGN
                    || s.directive == Directive.PHASE) {
                layoutInDoubt = true;
            }
            if (!(e instanceof SourceError.AlreadyReported)) {
                diagnostics.error(s, e);
            }
        }
        advance(s);
    }

    private void advance(Statement s) {
        if (s.size == 0) {
            return;
        }
        boolean pastTheEnd = s.address + s.size > ADDRESS_SPACE || s.dot + s.size > ADDRESS_SPACE;
        totalWords += s.size;
        if (pastTheEnd || totalWords > MAX_WORDS) {
            // Every such statement fails, so the second pass never builds its words; the message
            // is given once, as the rest are the same problem.
            s.failed = true;
            if (!sizeReported) {
                sizeReported = true;
                diagnostics.error(s, s.operationColumn(), pastTheEnd
                        ? "words past the end of the 32-bit address space (0xFFFFFFFF)"
                        : "the program emits more than " + MAX_WORDS + " words");
            }
        }
        location += s.size;
    }

    private static List<OperandKind> kinds(List<OperandSyntax.Slot> slots) {
        List<OperandKind> kinds = new ArrayList<>(slots.size());
        for (OperandSyntax.Slot slot : slots) {
            kinds.add(slot.kind());
        }
        return kinds;
    }

    private static List<Operand> parseOperands(Statement s, List<OperandKind> kinds, String syntax) {
        int found = s.operandTokens.size();
        if (found != kinds.size()) {
            String name = s.operationName();
            String message = kinds.isEmpty() ? "'" + name + "' takes no operands"
                    : "'" + name + "' expects " + kinds.size() + " operand" + (kinds.size() == 1 ? "" : "s")
                    + " (" + syntax + "), found " + found;
            throw new SourceError(s.operation.column(), message);
        }
        List<Operand> operands = new ArrayList<>(found);
        for (int i = 0; i < found; i++) {
            operands.add(OperandParser.parse(kinds.get(i), s.operandTokens.get(i)));
        }
        return operands;
    }

    /** Pseudo-instructions; li/la choose their size from what is known now. */
    private void pseudo(Statement s) {
        Pseudo p = s.pseudo;
        s.longForm = true;
        s.size = p.size(true);
        s.operands = parseOperands(s, p.operands(), p.syntax());
        if (p.loadsValue()) {
            BigInteger v = valueIfKnown(((Operand.Value) s.operands.get(1)).expression(), s.dot);
            s.longForm = !(v != null && OperandKind.VALUE32.accepts(v) && Pseudo.fitsOneWord(v.intValue()));
            s.size = p.size(s.longForm);
        }
    }

    /** The value if every symbol it uses is defined now; null otherwise (the second pass reports). */
    private BigInteger valueIfKnown(Expression e, long dot) {
        try {
            return evaluateNow(e, dot);
        } catch (SourceError unknownOrBroken) {
            return null;
        }
    }

    /**
     * Evaluates with the symbols defined so far. An {@code .equ} that referred forward where it
     * stood binds its expression, not a value: once the symbols it uses are defined, it is known
     * on the first pass too. With {@code .equ UL, u0 + 8} above {@code u0:}, a {@code li r1, UL}
     * below {@code u0:} is one word, one above it two. (The conformance vectors, computed by an
     * independent implementation, depend on this reading.) So a pending equate met here is
     * resolved on the spot when it can be.
     */
    private BigInteger evaluateNow(Expression e, long dot) {
        for (;;) {
            try {
                return e.evaluate(symbols, dot);
            } catch (SourceError.Undefined u) {
                if (resolvePendingNow(u.name()) != null) {
                    throw u;
                }
            }
        }
    }

    /**
     * Why a pending equate cannot get its value now: it waits, through a chain of pending
     * equates, for {@code symbol}, which is undefined and not pending; or ({@code symbol} null)
     * its expression failed for good; or the attempt was cut short by {@link #MAX_EQUATE_CHAIN}
     * or a cycle, which says nothing about a later attempt.
     */
    private record Blocked(String symbol, boolean cutShort) {
        static final Blocked CUT_SHORT = new Blocked(null, true);
    }

    /**
     * Gives pending equate {@code name} its value now, resolving the pending equates it uses in
     * turn. Null when it succeeded; otherwise why not: it is not pending, a symbol it needs is
     * still undefined, or it depends on itself (the cycle is reported after the pass).
     *
     * <p>A failure that was not cut short is remembered with the undefined symbol at the end of
     * its chain: as long as that symbol has no value and is not pending, every equate on the
     * chain still waits for it, so asking again answers at once. Without this, a chain of
     * equates each using the one written above it would cost a walk down the chain per line.
     */
    private Blocked resolvePendingNow(String name) {
        Statement s = pendingEquates.get(name);
        if (s == null) {
            return new Blocked(name, false);
        }
        Blocked known = blockedEquates.get(name);
        if (known != null && (known.symbol() == null
                || !symbols.hasValue(known.symbol()) && !pendingEquates.containsKey(known.symbol()))) {
            return known;
        }
        if (resolving.size() >= MAX_EQUATE_CHAIN || !resolving.add(name)) {
            return Blocked.CUT_SHORT;
        }
        try {
            for (;;) {
                Blocked blocked;
                try {
                    symbols.assign(name, equateExpression(s).evaluate(symbols, s.dot));
                    pendingEquates.remove(name);
                    blockedEquates.remove(name);
                    return null;
                } catch (SourceError.Undefined u) {
                    blocked = resolvePendingNow(u.name());
                    if (blocked == null) {
                        continue;
                    }
                } catch (SourceError other) {
                    blocked = new Blocked(null, false); // reported when the pending equates are resolved after the pass
                }
                if (!blocked.cutShort()) {
                    blockedEquates.put(name, blocked);
                }
                return blocked;
            }
        } finally {
            resolving.remove(name);
        }
    }

    /** A value the layout depends on, so it must be known now. */
    private long layoutValue(Statement s, Expression e, String what, long min, long max) {
        BigInteger v;
        try {
            v = evaluateNow(e, s.dot);
        } catch (SourceError.Undefined u) {
            throw new SourceError(u.column(), "the " + what + " must be known on the first pass, but '" + u.name()
                    + (pendingEquates.containsKey(u.name()) ? "' depends on a symbol defined later"
                            : "' is defined later or not at all"));
        }
        if (v.compareTo(BigInteger.valueOf(min)) < 0 || v.compareTo(BigInteger.valueOf(max)) > 0) {
            throw new SourceError(e.column(), what + " " + Printable.number(v) + " out of range " + min + ".." + max);
        }
        return v.longValue();
    }

    private Expression onlyExpression(Statement s) {
        requireOperands(s, 1, 1);
        List<Token> tokens = s.operandTokens.get(0);
        return ExpressionParser.parse(tokens, tokens.get(0).column());
    }

    private static void requireOperands(Statement s, int min, int max) {
        int n = s.operandTokens.size();
        if (n < min || n > max) {
            String expected = min == max ? (min == 0 ? "no operands" : min + " operand" + (min == 1 ? "" : "s"))
                    : max == Integer.MAX_VALUE ? "at least " + min + " operand" + (min == 1 ? "" : "s")
                    : min + " to " + max + " operands";
            throw new SourceError(s.operation.column(), s.operation.text() + " expects " + expected + ", found " + n);
        }
    }

    private void directive(Statement s) {
        switch (s.directive) {
            case ORG -> {
                if (openPhase != null) {
                    throw new SourceError(s.operation.column(), ".org inside .phase (end the phase with .dephase first)");
                }
                location = layoutValue(s, onlyExpression(s), ".org address", 0, ADDRESS_SPACE - 1);
            }
            case WORD -> {
                requireOperands(s, 1, Integer.MAX_VALUE);
                s.size = s.operandTokens.size();
                List<Operand> values = new ArrayList<>(s.size);
                for (List<Token> t : s.operandTokens) {
                    values.add(OperandParser.parse(OperandKind.VALUE32, t));
                }
                s.operands = values;
            }
            case SPACE -> {
                requireOperands(s, 1, 2);
                List<Token> count = s.operandTokens.get(0);
                long n = layoutValue(s, ExpressionParser.parse(count, count.get(0).column()), ".space count", 0, MAX_WORDS);
                s.operands = s.operandTokens.size() == 2
                        ? List.of(OperandParser.parse(OperandKind.VALUE32, s.operandTokens.get(1))) : List.of();
                s.size = (int) n;
            }
            case STRING, ASCII -> {
                requireOperands(s, 1, Integer.MAX_VALUE);
                int words = 0;
                for (List<Token> t : s.operandTokens) {
                    if (t.size() != 1 || !t.get(0).is(Token.Kind.STRING)) {
                        throw new SourceError(t.get(0).column(), s.operation.text() + " expects quoted strings");
                    }
                    String text = t.get(0).text();
                    words += text.codePointCount(0, text.length()) + (s.directive == Directive.STRING ? 1 : 0);
                }
                s.size = words;
            }
            case ALIGN -> {
                long n = layoutValue(s, onlyExpression(s), ".align boundary", 1, ADDRESS_SPACE);
                long pad = Math.floorMod(-s.dot, n);
                if (location + pad > ADDRESS_SPACE) {
                    throw new SourceError(s.operation.column(), ".align past the end of the 32-bit address space");
                }
                location += pad;
            }
            case EQU -> equate(s);
            case PHASE -> {
                if (openPhase != null) {
                    throw new SourceError(s.operation.column(), ".phase inside .phase (first at "
                            + openPhase.source().at(openPhase.operationColumn()) + "); end it with .dephase first");
                }
                // The phase opens even if its address is in error, so its .dephase is not a second error.
                openPhase = s;
                long phased = layoutValue(s, onlyExpression(s), ".phase address", 0, ADDRESS_SPACE - 1);
                phaseOffset = phased - location;
            }
            case DEPHASE -> {
                requireOperands(s, 0, 0);
                if (openPhase == null) {
                    throw new SourceError(s.operation.column(), ".dephase without .phase");
                }
                phaseOffset = 0;
                openPhase = null;
            }
            case ENTRY -> {
                Expression e = onlyExpression(s);
                if (entry != null) {
                    throw new SourceError(s.operation.column(), "duplicate .entry (first at "
                            + entry.source().at(entry.operationColumn()) + ")");
                }
                s.operands = List.of(new Operand.Value(e, e.column()));
                entry = s;
            }
            case PROFILE -> profile(s);
            case INCLUDE, MACRO, ENDM -> {
                // handled by the source reader
            }
        }
    }

    /**
     * {@code .profile NAME} (spec section 8): the image records which built-in profile the
     * program is written for. The name is a keyword, like a mnemonic, so any case will do. It
     * does not change what assembles (every profile's mnemonics are known whatever the profile),
     * so it may stand anywhere; saying it again is harmless, naming another profile is an error.
     */
    private void profile(Statement s) {
        requireOperands(s, 1, 1);
        List<Token> tokens = s.operandTokens.get(0);
        Token name = tokens.get(0);
        if (tokens.size() != 1 || !name.is(Token.Kind.IDENTIFIER)) {
            throw new SourceError(name.column(), "expected a profile name (" + Image.knownProfiles() + "), found "
                    + (tokens.size() == 1 ? name.describe() : "an expression"));
        }
        String lower = name.text().toLowerCase(Locale.ROOT);
        if (Profile.builtIn(lower) == null) {
            throw new SourceError(name.column(), "unknown profile '" + name.text() + "' (known: " + Image.knownProfiles() + ")");
        }
        if (profile != null && !profile.equals(lower)) {
            throw new SourceError(name.column(), ".profile " + lower + " conflicts with .profile " + profile
                    + " at " + profileStatement.source().at(profileStatement.operationColumn()));
        }
        if (profile == null) {
            profile = lower;
            profileStatement = s;
        }
    }

    /** {@code .equ name, expr} or {@code name = expr}. */
    private void equate(Statement s) {
        requireOperands(s, 2, 2);
        List<Token> nameTokens = s.operandTokens.get(0);
        Token name = nameTokens.get(0);
        if (nameTokens.size() != 1 || !name.is(Token.Kind.IDENTIFIER)) {
            throw new SourceError(name.column(), "expected a symbol name, found " + name.describe());
        }
        List<Token> valueTokens = s.operandTokens.get(1);
        Expression e = ExpressionParser.parse(valueTokens, valueTokens.get(0).column());
        if (!declare(s, name, null)) {
            return;
        }
        s.operands = List.of(new Operand.Value(e, e.column()));
        try {
            symbols.assign(name.text(), evaluateNow(e, s.dot));
        } catch (SourceError.Undefined later) {
            pendingEquates.put(name.text(), s);
        } catch (SourceError.AlreadyReported broken) {
            symbols.poison(name.text());
        } catch (SourceError other) {
            symbols.poison(name.text());
            throw other;
        }
    }

    /** Declares a label (with its value) or an equate's name (value to come); false if refused. */
    private boolean declare(Statement s, Token name, BigInteger value) {
        String problem = symbols.declare(name.text(), s.source().at(name.column()));
        if (problem != null) {
            diagnostics.error(s, name.column(), problem);
            return false;
        }
        if (value != null) {
            symbols.assignLabel(name.text(), value);
        }
        return true;
    }

    /**
     * Gives the forward {@code .equ}s their values, depth first: an equate waiting for another
     * pending one puts that one on an explicit stack and is evaluated again once it is done, so
     * every equate is evaluated about once per pending symbol it uses, however long the chains
     * (a sweep per resolved equate would be quadratic). An equate using an undefined symbol is
     * reported (one depending on a broken one then fails silently); an equate waiting for one
     * already on the stack, or for one known to wait for a cycle, waits for ever, and all of
     * those are reported as circular. Each result is what evaluating the equate with the final
     * values gives, so it does not depend on the order of resolution.
     */
    private void resolvePendingEquates() {
        Set<String> waitingForACycle = new HashSet<>();
        Set<String> onStack = new HashSet<>();
        Deque<String> stack = new ArrayDeque<>();
        for (String root : new ArrayList<>(pendingEquates.keySet())) {
            if (!pendingEquates.containsKey(root) || waitingForACycle.contains(root)) {
                continue;
            }
            stack.push(root);
            onStack.add(root);
            while (!stack.isEmpty()) {
                String name = stack.peek();
                Statement s = pendingEquates.get(name);
                try {
                    symbols.assign(name, equateExpression(s).evaluate(symbols, s.dot));
                } catch (SourceError.Undefined waiting) {
                    String needed = waiting.name();
                    if (!pendingEquates.containsKey(needed)) {
                        fail(s, waiting.column(), waiting.getMessage());
                        symbols.poison(name);
                    } else if (onStack.contains(needed) || waitingForACycle.contains(needed)) {
                        // Each equate on the stack waits for the one above it: all wait for the cycle.
                        waitingForACycle.addAll(stack);
                        stack.clear();
                        onStack.clear();
                        continue;
                    } else {
                        stack.push(needed);
                        onStack.add(needed);
                        continue;
                    }
                } catch (SourceError.AlreadyReported broken) {
                    s.failed = true;
                    symbols.poison(name);
                } catch (SourceError e) {
                    fail(s, e.column(), e.getMessage());
                    symbols.poison(name);
                }
                // Resolved, or failed for good: the equate below it on the stack is tried again.
                stack.pop();
                onStack.remove(name);
                pendingEquates.remove(name);
            }
        }
        for (var entry : pendingEquates.entrySet()) {
            fail(entry.getValue(), entry.getValue().operands.get(0).column(), "circular definition of '" + entry.getKey() + "'");
            symbols.poison(entry.getKey());
        }
        pendingEquates.clear();
    }

    private static Expression equateExpression(Statement s) {
        return ((Operand.Value) s.operands.get(0)).expression();
    }

    private void fail(Statement s, int column, String message) {
        s.failed = true;
        diagnostics.error(s, column, message);
    }
}
