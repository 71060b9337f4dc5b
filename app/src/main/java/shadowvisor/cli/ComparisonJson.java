package shadowvisor.cli;

import shadowvisor.cost.CostTerm;
import shadowvisor.cost.ModeledCycles;

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
 *  "repeat": 3, "warmup_runs": 1, "equivalent": true, "findings": 0,
 *  "modes": [{"mode": "native", "refused": null, "exit": {...}, "instructions": 100,
 *             "equivalent": true, "differences": [], "expected_difference": null,
 *             "host_ms": 0.1, "ratio": 1.0, "host_nanos_runs": [101200, 98100, 99800],
 *             "modeled": {"cycles": 250, "ratio": 1.0, "terms": {"instruction": {"count": 100, "cycles": 100}, ...}},
 *             "vmm": null, "report": {...}}, ...],
 *  "cost_model": {"name": "default", "prices": {"exit": 2000, ...}}}
 * </pre>
 *
 * {@code host_ms} is the median of the {@code repeat} timed runs ({@link Comparison#median}),
 * whose own times, in nanoseconds and in the order they ran, are {@code host_nanos_runs}; the
 * {@code warmup_runs} untimed runs of each mode that came first are not among them.
 * {@code modeled} prices the run on the cost model ({@code cost_model}, docs/PAPERS.md): its
 * cycles, their ratio to native's, and each term's events and cycles.
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
        o.put("warmup_runs", c.warmupRuns());
        o.put("equivalent", c.equivalent());
        o.put("findings", c.results().stream().filter(ModeResult::finding).count());
        ObjectNode model = o.putObject("cost_model");
        model.put("name", c.costModel().name());
        ObjectNode prices = model.putObject("prices");
        c.costModel().prices().forEach(prices::put);
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
                row.putNull("host_nanos_runs");
            } else {
                row.put("host_ms", m.hostNanos() / 1e6);
                putRatio(row, m.ratio(nativeNanos));
                ArrayNode runs = row.putArray("host_nanos_runs");
                m.runNanos().forEach(runs::add);
            }
            row.set("modeled", modeled(c, m));
            row.set("vmm", report == null ? null : report.get("vmm"));
            row.set("report", report);
        }
        return o;
    }

    /**
     * {@code {"cycles": N, "ratio": r, "terms": {"exit": {"count": n, "cycles": n}, ...}}}: the
     * mode's run on the cost model, every term with a count; null when the mode did not run.
     */
    private static ObjectNode modeled(Comparison c, ModeResult m) {
        ModeledCycles priced = c.modeled(m);
        if (priced == null) {
            return null;
        }
        ObjectNode o = ReportJson.mapper().createObjectNode();
        o.put("cycles", priced.total());
        putRatio(o, c.modeledRatio(m));
        ObjectNode terms = o.putObject("terms");
        for (CostTerm t : CostTerm.values()) {
            if (priced.count(t) != 0) {
                ObjectNode term = terms.putObject(t.key());
                term.put("count", priced.count(t));
                term.put("cycles", priced.cycles(t));
            }
        }
        return o;
    }

    /** {@code "ratio": r}, or null when there is nothing to compare with. */
    private static void putRatio(ObjectNode o, double ratio) {
        if (Double.isFinite(ratio)) {
            o.put("ratio", ratio);
        } else {
            o.putNull("ratio");
        }
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
