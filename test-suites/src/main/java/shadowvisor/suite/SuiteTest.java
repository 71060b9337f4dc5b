package shadowvisor.suite;

import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import shadowvisor.machine.ExitKind;
import shadowvisor.machine.isa.Profile;
import shadowvisor.mode.Mode;
import shadowvisor.mode.ModeStack;

/**
 * One guest test suite of the manifest: a {@code .s} file that checks part of the spec against
 * values it knows and reports {@code PASS:}/{@code FAIL:} lines, and how to run it.
 *
 * <p>The manifest lists kinds; a stack of VMMs (spec 7.6) is judged from them. A test runs under
 * a stack only when {@code --modes} asks for it and the manifest lists every level's kind (to
 * pass or to be refused). The innermost kind then decides the rest, because the guest meets only
 * the innermost VMM: the levels below run that VMM, never the guest's own PSW, and only ever in
 * vm-user mode. So the stack must refuse the test where the innermost kind must (a paging guest
 * under {@code segment/shadow-vtlb} is refused as under {@code segment}), and may differ from
 * native where the innermost kind may, for the same reason (an outer level can add only Theorem 3
 * violations, which every kind that runs vm-user code on the hardware already shows).
 *
 * @param name            the test's name (what {@code --filter} matches)
 * @param file            its source, relative to the suites directory
 * @param memWords        SZ, or memsize under a VMM (a whole number of pages)
 * @param input           console input text (given to the guest as UTF-8), or null
 * @param modes           the modes it must pass in and match native (but see expectDifference)
 * @param expectRefused   the modes that must refuse it (the segment VMM and a paging guest)
 * @param exit            how a passing run ends
 * @param maxInstructions the instruction limit of each run
 * @param expectOutput    console lines that must appear, besides the check lines
 * @param profile         the machine's profile (spec section 8), or null for the one the source's
 *                        {@code .profile} names ({@code pg} without one)
 * @param expectDifference the modes where the run may differ from native, each with why: a
 *                        profile whose sensitive instructions a trap-and-emulate VMM cannot see
 *                        (a Theorem 1 violation) makes the guest's checks fail there by design
 */
public record SuiteTest(String name, String file, int memWords, String input, List<Mode> modes,
                        List<Mode> expectRefused, ExpectedExit exit, long maxInstructions,
                        List<String> expectOutput, Profile profile, Map<Mode, String> expectDifference) {

    public SuiteTest {
        modes = List.copyOf(modes);
        expectRefused = List.copyOf(expectRefused);
        expectOutput = List.copyOf(expectOutput);
        expectDifference = Collections.unmodifiableMap(new LinkedHashMap<>(expectDifference));
    }

    /** Whether the test is listed for {@code mode}, to pass or to be refused. */
    public boolean listedFor(Mode mode) {
        return modes.contains(mode) || expectRefused.contains(mode);
    }

    /** Whether the test is listed for every level of {@code mode} (see the class comment). */
    public boolean listedFor(ModeStack mode) {
        return mode.levels().stream().allMatch(this::listedFor);
    }

    /** Whether {@code mode} must refuse the test rather than run it. */
    public boolean refusedIn(Mode mode) {
        return expectRefused.contains(mode);
    }

    /** Whether {@code mode} must refuse the test: where its innermost kind must (see the class comment). */
    public boolean refusedIn(ModeStack mode) {
        return refusedIn(mode.innermost());
    }

    /** Why the run in {@code mode} may differ from native, or null when it must match native. */
    public String expectedDifference(Mode mode) {
        return expectDifference.get(mode);
    }

    /** Why the run in {@code mode} may differ from native: its innermost kind's reason, or null. */
    public String expectedDifference(ModeStack mode) {
        return expectedDifference(mode.innermost());
    }

    /** The console input as the guest reads it. */
    public byte[] inputBytes() {
        return input == null ? new byte[0] : input.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * How a passing run ends: the exit kind and process status, and for a shutdown a word the
     * reason must contain. A suite that ends by power-off or halt also prints its summary.
     *
     * @param kind           the exit kind
     * @param status         the process exit status (spec section 9)
     * @param reasonContains text the shutdown reason must contain (case-insensitive), or null
     */
    public record ExpectedExit(ExitKind kind, int status, String reasonContains) {
        /** The usual end: the summary, then power-off with status 0 (no failed check). */
        public static final ExpectedExit CLEAN_POWEROFF = new ExpectedExit(ExitKind.POWEROFF, 0, null);

        /** Whether a suite ending this way has printed its {@code SUMMARY:} line. */
        public boolean hasSummary() {
            return kind == ExitKind.POWEROFF || kind == ExitKind.HALT;
        }

        /** Whether a shutdown reason (or null) is the one expected. */
        public boolean reasonMatches(String reason) {
            return reasonContains == null
                    || (reason != null && reason.toLowerCase(Locale.ROOT).contains(reasonContains.toLowerCase(Locale.ROOT)));
        }

        @Override
        public String toString() {
            return kind.jsonName() + " " + status + (reasonContains == null ? "" : " (reason naming \"" + reasonContains + "\")");
        }
    }
}
