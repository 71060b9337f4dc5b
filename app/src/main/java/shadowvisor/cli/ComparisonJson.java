package shadowvisor.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import shadowvisor.run.ReportJson;
import shadowvisor.run.RunOptions;

/**
 * A {@link Comparison} as the data of {@code compare --json FILE}: the same figures as the
 * table, plus each mode's complete report (spec section 9's object, from {@link ReportJson}).
 *
 * <pre>
 * {"program": "user-svc.s", "profile": "pg", "mem": 4194304, "max_instructions": 1000000000,
 *  "repeat": 1, "equivalent": true, "findings": 0,
 *  "modes": [{"mode": "native", "refused": null, "exit": {...}, "instructions": 100,
 *             "equivalent": true, "differences": [], "expected_difference": null,
 *             "host_ms": 0.1, "ratio": 1.0, "vmm": null, "report": {...}}, ...]}
 * </pre>
 *
 * A mode that refused the program has its reason under {@code refused} and null for
 * {@code equivalent} and {@code differences} (the question does not arise); when it refused
 * before running (a memory the shadow modes do not accept) every figure is null too.
 * {@code expected_difference} is null unless the mode differs as the profile predicts; then it is
 * {@code {"theorem": 1, "instructions": ["jrstu"]}}: the theorem the profile breaks for that
 * mode's VMM and the instructions that break it ({@link ExpectedDifference}). {@code equivalent}
 * is true only when every mode that ran ended exactly as natively; {@code findings} counts the
 * modes that differ without such an explanation, which is what makes {@code compare} exit 1.
 * {@code exit} and {@code vmm} are the report's own objects. Keys may be added, never renamed.
 */
final class ComparisonJson {
    private ComparisonJson() {
    }

    /** The comparison as one JSON object. */
    static ObjectNode toJson(Comparison c, RunOptions options, int repeat) {
        ObjectNode o = ReportJson.mapper().createObjectNode();
        o.put("program", c.program());
        o.put("profile", c.profile());
        o.put("mem", options.memWords());
        o.put("max_instructions", options.maxInstructions());
        o.put("repeat", repeat);
        o.put("equivalent", c.equivalent());
        o.put("findings", c.results().stream().filter(ModeResult::finding).count());
        ArrayNode modes = o.putArray("modes");
        long nativeNanos = c.nativeResult().hostNanos();
        for (ModeResult m : c.results()) {
            ObjectNode row = modes.addObject();
            row.put("mode", m.mode().cliName());
            if (m.refused()) {
                row.put("refused", m.refusal());
            } else {
                row.putNull("refused");
            }
            ObjectNode report = m.report() == null ? null : ReportJson.toJson(m.report());
            row.set("exit", report == null ? null : report.get("exit"));
            if (report == null) {
                row.putNull("instructions");
            } else {
                row.put("instructions", m.report().instructions());
            }
            if (m.refused()) {
                row.putNull("equivalent");
                row.putNull("differences");
            } else {
                row.put("equivalent", m.equivalent());
                ArrayNode d = row.putArray("differences");
                m.differences().forEach(d::add);
            }
            if (m.expected() == null) {
                row.putNull("expected_difference");
            } else {
                ObjectNode e = row.putObject("expected_difference");
                e.put("theorem", m.expected().theorem());
                ArrayNode instructions = e.putArray("instructions");
                m.expected().mnemonics().forEach(instructions::add);
            }
            if (report == null) {
                row.putNull("host_ms");
                row.putNull("ratio");
            } else {
                row.put("host_ms", m.hostNanos() / 1e6);
                double ratio = m.ratio(nativeNanos);
                if (Double.isFinite(ratio)) {
                    row.put("ratio", ratio);
                } else {
                    row.putNull("ratio");
                }
            }
            row.set("vmm", report == null ? null : report.get("vmm"));
            row.set("report", report);
        }
        return o;
    }

    /** {@link #toJson} as indented text. */
    static String render(Comparison c, RunOptions options, int repeat) {
        try {
            return ReportJson.mapper().writeValueAsString(toJson(c, options, repeat));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
