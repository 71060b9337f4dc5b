package shadowvisor.suite;

import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import shadowvisor.run.Mode;

/**
 * What {@code shadowvisor test} selects and how it runs: the modes, a glob on test names, how
 * many runs proceed in parallel, and how long one run may take before it counts as hung.
 *
 * @param modes   the modes to run, in the order given (a test runs only in modes its manifest
 *                entry lists, to pass or to be refused)
 * @param filter  a glob ({@code *}, {@code ?}, {@code [..]}, {@code {a,b}}) that test names must match
 * @param jobs    runs at a time, at least 1; the output order does not depend on it
 * @param timeout wall-clock time one run may take (a stuck VMM must not stall the whole matrix)
 */
public record SuiteOptions(List<Mode> modes, String filter, int jobs, Duration timeout) {
    /** Every mode, every test, one run at a time, a minute per run. */
    public static final SuiteOptions DEFAULTS = new SuiteOptions(List.of(Mode.values()), "*", 1, Duration.ofMinutes(1));

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

    public SuiteOptions withModes(List<Mode> m) {
        return new SuiteOptions(m, filter, jobs, timeout);
    }

    public SuiteOptions withFilter(String glob) {
        return new SuiteOptions(modes, glob, jobs, timeout);
    }

    public SuiteOptions withJobs(int n) {
        return new SuiteOptions(modes, filter, n, timeout);
    }

    public SuiteOptions withTimeout(Duration t) {
        return new SuiteOptions(modes, filter, jobs, t);
    }

    /** Whether the test called {@code name} is selected by the filter. */
    public boolean selects(String name) {
        return matcher(filter).matches(Path.of(name));
    }

    /**
     * The modes of a comma-separated list such as {@code native,segment}, as {@code --modes}
     * takes them.
     *
     * @throws IllegalArgumentException naming an unknown mode and the known ones
     */
    public static List<Mode> parseModes(String csv) {
        List<Mode> modes = new ArrayList<>();
        for (String part : csv.split(",")) {
            String name = part.strip().toLowerCase(Locale.ROOT);
            if (name.isEmpty()) {
                continue;
            }
            Mode m = Mode.byName(name);
            if (m == null) {
                List<String> known = new ArrayList<>();
                for (Mode k : Mode.values()) {
                    known.add(k.cliName());
                }
                throw new IllegalArgumentException("unknown mode '" + part.strip() + "' (known: " + String.join(", ", known) + ")");
            }
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
