package shadowvisor.suite;

import java.io.StringWriter;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * Suite outcomes as JUnit XML, the Ant/Surefire report format that CI systems read (Jenkins'
 * junit step, GitLab's {@code artifacts:reports:junit}, GitHub actions that publish test
 * results): {@code test --junit FILE}. One {@code <testcase>} per TAP line, in TAP order:
 *
 * <pre>
 * &lt;testsuites name="shadowvisor test" tests="3" failures="1" errors="0" skipped="0" time="0.012"&gt;
 *   &lt;testsuite name="answer" tests="3" failures="1" errors="0" skipped="0" time="0.012"
 *              timestamp="2024-05-01T12:00:00" file="tests/answer.s"&gt;
 *     &lt;testcase classname="tests/answer.s" name="answer [native]" time="0.004"/&gt;
 *     &lt;testcase classname="tests/answer.s" name="answer [segment]" time="0.004"&gt;
 *       &lt;failure message="FAIL: six times seven" type="not ok"&gt;FAIL: six times seven ...&lt;/failure&gt;
 *     &lt;/testcase&gt;
 *     &lt;testcase ... name="answer [hybrid]"&gt;&lt;skipped message="..."/&gt;&lt;/testcase&gt;
 * </pre>
 *
 * <p>A {@code <testsuite>} per test (its cases are consecutive in the plan), named after it,
 * {@code classname} the test's file (for the bundled suites, relative to the suites folder),
 * {@code name} the TAP name {@code test [mode]}. A not-ok case has a {@code <failure>} whose
 * message is the TAP line's reason and whose text is every {@code #} line; an ok case with
 * {@code #} lines (a refusal, an expected difference) carries them as {@code <system-out>}; a
 * skipped case has {@code <skipped message=.../>}. {@code errors} is always 0: every problem is a
 * failure in TAP's terms. {@code time} is the host time of the case's own run in seconds (0
 * when there was none). Characters XML 1.0 cannot carry (a guest's control bytes) are written
 * as {@code \\xNN}.
 */
public final class JUnitXmlWriter {
    private JUnitXmlWriter() {
    }

    /**
     * One TAP line as a JUnit test case: what any part of {@code shadowvisor test} reports, a
     * manifest case or a group of the access suite.
     *
     * @param suite       the {@code <testsuite>} it belongs to (its cases are consecutive)
     * @param file        the file it comes from, the {@code classname}
     * @param name        the TAP name
     * @param status      ok, not ok or skipped
     * @param diagnostics the TAP {@code #} lines
     * @param seconds     host time of its own run
     */
    public record Case(String suite, String file, String name, SuiteOutcome.Status status, List<String> diagnostics,
                       double seconds) {
        /** A manifest case's outcome. */
        public static Case of(SuiteOutcome o) {
            SuiteTest test = o.suiteCase().test();
            return new Case(test.name(), test.file(), o.suiteCase().toString(), o.status(), o.diagnostics(),
                    o.report() == null ? 0 : o.report().hostNanos() / 1e9);
        }
    }

    /** The report of manifest {@code outcomes} (in TAP order) as an XML document. */
    public static String toXml(List<SuiteOutcome> outcomes) {
        return casesToXml(outcomes.stream().map(Case::of).toList());
    }

    /** The report of {@code outcomes} (in TAP order) as an XML document. */
    public static String casesToXml(List<Case> outcomes) {
        StringWriter text = new StringWriter();
        try {
            XMLStreamWriter w = XMLOutputFactory.newFactory().createXMLStreamWriter(text);
            w.writeStartDocument("UTF-8", "1.0");
            w.writeCharacters("\n");
            w.writeStartElement("testsuites");
            w.writeAttribute("name", "shadowvisor test");
            counts(w, outcomes);
            w.writeCharacters("\n");
            String timestamp = LocalDateTime.now().truncatedTo(ChronoUnit.SECONDS)
                    .format(DateTimeFormatter.ISO_LOCAL_DATE_TIME);
            for (List<Case> group : byTest(outcomes)) {
                Case first = group.get(0);
                w.writeCharacters("  ");
                w.writeStartElement("testsuite");
                w.writeAttribute("name", clean(first.suite()));
                counts(w, group);
                w.writeAttribute("timestamp", timestamp);
                w.writeAttribute("file", clean(first.file()));
                w.writeCharacters("\n");
                for (Case o : group) {
                    testcase(w, o);
                }
                w.writeCharacters("  ");
                w.writeEndElement();
                w.writeCharacters("\n");
            }
            w.writeEndElement();
            w.writeCharacters("\n");
            w.writeEndDocument();
            w.close();
        } catch (XMLStreamException e) {
            throw new IllegalStateException("cannot write the JUnit XML: " + e.getMessage(), e);
        }
        return text.toString();
    }

    private static void testcase(XMLStreamWriter w, Case o) throws XMLStreamException {
        List<String> lines = o.diagnostics();
        boolean bare = o.status() == SuiteOutcome.Status.OK && lines.isEmpty();
        w.writeCharacters("    ");
        if (bare) {
            w.writeEmptyElement("testcase");
        } else {
            w.writeStartElement("testcase");
        }
        w.writeAttribute("classname", clean(o.file()));
        w.writeAttribute("name", clean(o.name()));
        w.writeAttribute("time", seconds(o.seconds()));
        if (bare) {
            w.writeCharacters("\n");
            return;
        }
        switch (o.status()) {
            case NOT_OK -> {
                w.writeStartElement("failure");
                w.writeAttribute("message", clean(lines.isEmpty() ? "not ok" : lines.get(0).strip()));
                w.writeAttribute("type", "not ok");
                w.writeCharacters(clean(String.join("\n", lines)));
                w.writeEndElement();
            }
            case SKIPPED -> {
                w.writeEmptyElement("skipped");
                w.writeAttribute("message", clean(lines.isEmpty() ? "skipped" : lines.get(0).strip()));
            }
            case OK -> {
                if (!lines.isEmpty()) {
                    w.writeStartElement("system-out");
                    w.writeCharacters(clean(String.join("\n", lines)));
                    w.writeEndElement();
                }
            }
        }
        w.writeEndElement();
        w.writeCharacters("\n");
    }

    /** {@code tests}, {@code failures}, {@code errors}, {@code skipped} and {@code time} of {@code outcomes}. */
    private static void counts(XMLStreamWriter w, List<Case> outcomes) throws XMLStreamException {
        long failures = outcomes.stream().filter(o -> o.status() == SuiteOutcome.Status.NOT_OK).count();
        long skipped = outcomes.stream().filter(o -> o.status() == SuiteOutcome.Status.SKIPPED).count();
        double time = outcomes.stream().mapToDouble(Case::seconds).sum();
        w.writeAttribute("tests", Integer.toString(outcomes.size()));
        w.writeAttribute("failures", Long.toString(failures));
        w.writeAttribute("errors", "0");
        w.writeAttribute("skipped", Long.toString(skipped));
        w.writeAttribute("time", seconds(time));
    }

    /** The consecutive runs of outcomes of one test. */
    private static List<List<Case>> byTest(List<Case> outcomes) {
        List<List<Case>> groups = new ArrayList<>();
        for (Case o : outcomes) {
            List<Case> last = groups.isEmpty() ? null : groups.get(groups.size() - 1);
            if (last != null && last.get(0).suite().equals(o.suite())) {
                last.add(o);
            } else {
                List<Case> g = new ArrayList<>();
                g.add(o);
                groups.add(g);
            }
        }
        return groups;
    }

    private static String seconds(double s) {
        return String.format(Locale.ROOT, "%.3f", s);
    }

    /** {@code s} with the characters XML 1.0 forbids (control characters, lone surrogates) written as {@code \xNN}. */
    static String clean(String s) {
        StringBuilder out = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean ok;
            if (Character.isHighSurrogate(c)) {
                ok = i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1));
                if (ok) {
                    if (out != null) {
                        out.append(c).append(s.charAt(i + 1));
                    }
                    i++;
                    continue;
                }
            } else {
                ok = c == '\t' || c == '\n' || c == '\r' || (c >= 0x20 && c <= 0xD7FF) || (c >= 0xE000 && c <= 0xFFFD);
            }
            if (!ok && out == null) {
                out = new StringBuilder(s.substring(0, i));
            }
            if (out != null) {
                if (ok) {
                    out.append(c);
                } else {
                    out.append(String.format("\\x%02x", (int) c));
                }
            }
        }
        return out == null ? s : out.toString();
    }
}
