package shadowvisor.mode;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A mode as {@code run --mode} names it (spec sections 7.6 and 9): one kind alone
 * ({@code native}, {@code segment}, {@code hybrid}, {@code shadow-trace}, {@code shadow-vtlb}),
 * or a stack of VMM kinds written {@code X/Y[/Z...]}, in which VMM X runs the guests inside a VM
 * of VMM Y, Y inside a VM of Z, and the last one on the hardware. A stack is a list of
 * {@link Mode}s, each built on the machine the level below provides, not a kind of its own: any
 * depth is the same code.
 *
 * <p>The levels are kept <b>innermost first</b>, the order in which the name is written and in
 * which {@code vmm.levels} lists them: {@code levels().get(0)} is the VMM that runs the guests,
 * the last is the one on the hardware. A single kind is a stack of depth 1.
 *
 * <p>Construction refuses what cannot run, before anything runs, with a one-line reason:
 * {@code native} anywhere but alone (it is the bare machine, not a VMM), and a shadow mode
 * directly inside {@code segment} or {@code hybrid} (the shadow modes run their VMs with
 * P' = 1, and the VMs of those two have no paging).
 *
 * @param levels the kinds, innermost first, never empty
 */
public record ModeStack(List<Mode> levels) {
    /** The bare machine. */
    public static final ModeStack NATIVE = of(Mode.NATIVE);

    /**
     * @throws IllegalArgumentException with a one-line reason when the stack cannot run
     */
    public ModeStack {
        levels = List.copyOf(levels);
        if (levels.isEmpty()) {
            throw new IllegalArgumentException("no mode given");
        }
        String name = name(levels);
        if (levels.size() > 1 && levels.contains(Mode.NATIVE)) {
            throw new IllegalArgumentException("mode '" + name + "': native is the bare machine and only runs alone; "
                    + "every level of a stack X/Y[/Z...] is a VMM (" + vmmNames() + ")");
        }
        for (int i = 0; i + 1 < levels.size(); i++) {
            Mode inner = levels.get(i);
            Mode below = levels.get(i + 1);
            if (inner.runsVmsWithPaging() && !below.supportsGuestPaging()) {
                throw new IllegalArgumentException("mode '" + name + "' cannot run: " + inner.cliName()
                        + " runs its VMs with paging on (P' = 1), and the VMs of " + below.cliName()
                        + (levels.size() > 2 ? ", the level below it," : "")
                        + " have no paging (spec 7.6); run " + inner.cliName()
                        + " on the hardware or inside shadow-trace or shadow-vtlb");
            }
        }
    }

    /** The stack of {@code kinds}, innermost first ({@code of(SEGMENT, SHADOW_VTLB)} is {@code segment/shadow-vtlb}). */
    public static ModeStack of(Mode... kinds) {
        return new ModeStack(Arrays.asList(kinds));
    }

    /** Every kind alone, in {@link Mode} order: the default modes of {@code compare} and {@code test}. */
    public static List<ModeStack> singles() {
        return Arrays.stream(Mode.values()).map(ModeStack::of).toList();
    }

    /**
     * The mode {@code name} names: a kind's name, or kinds' names joined by {@code /}, innermost
     * first, exactly as spelled in spec section 9.
     *
     * @throws IllegalArgumentException with a one-line reason: an unknown or empty name, or a
     *                                  stack that cannot run (see the class comment)
     */
    public static ModeStack parse(String name) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("no mode given (expected one of " + allNames() + ")");
        }
        String[] parts = name.split("/", -1);
        List<Mode> kinds = new ArrayList<>();
        for (String part : parts) {
            if (part.isEmpty()) {
                throw new IllegalArgumentException("mode '" + name + "' has an empty level (a stack is written "
                        + "X/Y[/Z...], each level one of " + vmmNames() + ")");
            }
            Mode m = Mode.byName(part);
            if (m == null) {
                throw new IllegalArgumentException(parts.length == 1
                        ? "unknown mode '" + part + "' (expected one of " + allNames() + ")"
                        : "unknown mode '" + part + "' in '" + name + "' (each level of a stack is one of "
                                + vmmNames() + ")");
            }
            kinds.add(m);
        }
        return new ModeStack(kinds);
    }

    /** The name on the command line and in {@code --json}: the kinds joined by {@code /}, innermost first. */
    public String cliName() {
        return name(levels);
    }

    /** How many levels: 1 for a kind alone. */
    public int depth() {
        return levels.size();
    }

    /** Whether this is a stack of two or more VMMs. */
    public boolean stacked() {
        return levels.size() > 1;
    }

    /** Level {@code i}, 0 being the innermost. */
    public Mode level(int i) {
        return levels.get(i);
    }

    /** The kind that runs the guests: the VMM whose VMs they are, or native. */
    public Mode innermost() {
        return levels.get(0);
    }

    /** The kind on the hardware. */
    public Mode outermost() {
        return levels.get(levels.size() - 1);
    }

    /** Whether this is {@code kind} alone. */
    public boolean is(Mode kind) {
        return levels.size() == 1 && levels.get(0) == kind;
    }

    /** Whether the guests run under a VMM (every mode but native). */
    public boolean virtualized() {
        return innermost().virtualized();
    }

    /** Whether guests that turn paging on run: the innermost kind's answer, the one VMM they meet. */
    public boolean supportsGuestPaging() {
        return innermost().supportsGuestPaging();
    }

    @Override
    public String toString() {
        return cliName();
    }

    private static String name(List<Mode> kinds) {
        return kinds.stream().map(Mode::cliName).collect(Collectors.joining("/"));
    }

    /** {@code native, segment, hybrid, shadow-trace, shadow-vtlb}. */
    public static String allNames() {
        return Arrays.stream(Mode.values()).map(Mode::cliName).collect(Collectors.joining(", "));
    }

    private static String vmmNames() {
        return Arrays.stream(Mode.values()).filter(Mode::virtualized).map(Mode::cliName)
                .collect(Collectors.joining(", "));
    }
}
