package shadowvisor.suite;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a suite reported on its console, read back from the lines lib/report.s prints:
 * {@code PASS: name}, {@code FAIL: name} (optionally followed by an indented
 * {@code got .., want ..} line), and {@code SUMMARY: N tests, F failures}. The guest decides
 * pass or fail; this only reads its verdicts, so that the runner can name failing checks.
 *
 * @param passed  names of the checks that passed, in order
 * @param failed  the checks that failed, in order
 * @param summary the summary line's counts, or null when the suite printed none
 */
public record CheckLog(List<String> passed, List<Failure> failed, Summary summary) {
    private static final String PASS = "PASS: ";
    private static final String FAIL = "FAIL: ";
    private static final Pattern SUMMARY = Pattern.compile("SUMMARY: (\\d+) tests, (\\d+) failures");

    public CheckLog {
        passed = List.copyOf(passed);
        failed = List.copyOf(failed);
    }

    /** A failed check: its name and the indented lines the library printed after it. */
    public record Failure(String name, List<String> details) {
        public Failure {
            details = List.copyOf(details);
        }
    }

    /** The counts the guest printed in its summary. */
    public record Summary(long tests, long failures) {
    }

    /** Reads the check lines out of a suite's console text. */
    public static CheckLog parse(String console) {
        List<String> passed = new ArrayList<>();
        List<Failure> failed = new ArrayList<>();
        Summary summary = null;
        String failing = null;
        List<String> details = new ArrayList<>();
        for (String line : console.split("\n", -1)) {
            if (failing != null && line.startsWith("  ")) {
                details.add(line.strip());
                continue;
            }
            if (failing != null) {
                failed.add(new Failure(failing, details));
                failing = null;
                details = new ArrayList<>();
            }
            if (line.startsWith(PASS)) {
                passed.add(line.substring(PASS.length()));
            } else if (line.startsWith(FAIL)) {
                failing = line.substring(FAIL.length());
            } else {
                Matcher m = SUMMARY.matcher(line);
                if (m.matches()) {
                    summary = new Summary(Long.parseLong(m.group(1)), Long.parseLong(m.group(2)));
                }
            }
        }
        if (failing != null) {
            failed.add(new Failure(failing, details));
        }
        return new CheckLog(passed, failed, summary);
    }

    /** Whether the summary agrees with the check lines (it counts what it printed). */
    public boolean summaryAgrees() {
        return summary != null && summary.tests() == passed.size() + failed.size() && summary.failures() == failed.size();
    }
}
