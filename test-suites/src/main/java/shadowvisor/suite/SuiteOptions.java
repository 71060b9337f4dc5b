package shadowvisor.suite;

import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import shadowvisor.machine.image.Load;
import shadowvisor.machine.isa.Profile;
import shadowvisor.mode.ModeStack;

/**
 * What {@code shadowvisor test} selects and how it runs: the modes, a glob on test names, how
 * many runs proceed in parallel, how long one run may take before it counts as hung, and what
 * the command line puts in place of each test's own setup ({@code --profile}, {@code --load}).
 *
 * @param modes   the modes to run, in the order given: kinds alone or stacks of VMMs (spec 7.6);
 *                a test runs only in modes its manifest entry lists, to pass or to be refused
 *                ({@link SuiteTest#listedFor(ModeStack)})
 * @param filter  a glob ({@code *}, {@code ?}, {@code [..]}, {@code {a,b}}) that test names must match
 * @param jobs    runs at a time, at least 1; the output order does not depend on it
 * @param timeout wall-clock time one run may take (a stuck VMM must not stall the whole matrix)
 * @param profile the profile every test runs on instead of its own ({@code test --profile}), or
 *                null for each test's own ({@link SuiteRunner#profileOf})
 * @param load    the program loaded beside each test's boot image ({@code test --load}, spec
 *                1.2), natively and in every mode alike, or null
 */
public record SuiteOptions(List<ModeStack> modes, String filter, int jobs, Duration timeout, Profile profile,
                           Load load) {
    /** Every kind alone, every test, one run at a time, a minute per run, each test's own profile, nothing loaded. */
    public static final SuiteOptions DEFAULTS = new SuiteOptions(ModeStack.singles(), "*", 1, Duration.ofMinutes(1),
            null, null);

    public SuiteOptions {
        modes = List.copyOf(modes);
        if (modes.isEmpty()) {
            throw new IllegalArgumentException("no mode to run the suites in");
        }
        if (jobs < 1) {
            throw new IllegalArgumentException("jobs must be at least 1, got " + jobs);
        }
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("the timeout must be positive");
        }
        matcher(filter); // a malformed glob fails here, as a usage error, not in the middle of a run
    }

    public SuiteOptions withModes(List<ModeStack> m) {
        return new SuiteOptions(m, filter, jobs, timeout, profile, load);
    }

    public SuiteOptions withFilter(String glob) {
        return new SuiteOptions(modes, glob, jobs, timeout, profile, load);
    }

    public SuiteOptions withJobs(int n) {
        return new SuiteOptions(modes, filter, n, timeout, profile, load);
    }

    public SuiteOptions withTimeout(Duration t) {
        return new SuiteOptions(modes, filter, jobs, t, profile, load);
    }

    /** Every test on profile {@code p} instead of its own (null: each its own). */
    public SuiteOptions withProfile(Profile p) {
        return new SuiteOptions(modes, filter, jobs, timeout, p, load);
    }

    /** {@code l} loaded beside each test's boot image (null: nothing). */
    public SuiteOptions withLoad(Load l) {
        return new SuiteOptions(modes, filter, jobs, timeout, profile, l);
    }

    /** Whether the test called {@code name} is selected by the filter. */
    public boolean selects(String name) {
        return matcher(filter).matches(Path.of(name));
    }

    /**
     * The modes of a comma-separated list such as {@code native,segment,segment/segment}, as
     * {@code --modes} takes them ({@link ModeStack#parse}).
     *
     * @throws IllegalArgumentException naming an unknown mode and the known ones, or a stack that
     *                                  cannot run and why
     */
    public static List<ModeStack> parseModes(String csv) {
        List<ModeStack> modes = new ArrayList<>();
        for (String part : csv.split(",")) {
            String name = part.strip().toLowerCase(Locale.ROOT);
            if (name.isEmpty()) {
                continue;
            }
            ModeStack m = ModeStack.parse(name);
            if (!modes.contains(m)) {
                modes.add(m);
            }
        }
        if (modes.isEmpty()) {
            throw new IllegalArgumentException("no mode in '" + csv + "'");
        }
        return modes;
    }

    private static PathMatcher matcher(String glob) {
        if (glob == null || glob.isEmpty()) {
            throw new IllegalArgumentException("the filter must not be empty (use '*' for every test)");
        }
        try {
            return FileSystems.getDefault().getPathMatcher("glob:" + glob);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("bad filter '" + glob + "': " + e.getMessage(), e);
        }
    }
}
