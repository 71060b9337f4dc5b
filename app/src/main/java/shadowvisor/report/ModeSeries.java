package shadowvisor.report;

import java.util.LinkedHashMap;
import java.util.Map;
import shadowvisor.result.Timeline;

/**
 * What the charts of one comparison show for one mode.
 *
 * @param mode         the mode's command-line name ({@code native}, {@code shadow-vtlb}, {@code segment/segment})
 * @param ratio        host time relative to native's (1 for native), or NaN when the mode has none
 *                     (it refused the program)
 * @param note         a word or two shown beside the mode's name in the host-time chart
 *                     ({@code refused}, {@code differs}, {@code expected: Theorem 1}), or null
 * @param exitsByCause exits the VMM took, by cause name in cause-code order, then {@code slice end}
 *                     when there were any: what the timeline's exits count; null for a mode without
 *                     a VMM (native) or one that did not run the program
 * @param timeline     the run's samples over guest time, or null when the mode did not run the program
 * @param cyclesByTerm the run's modeled cycles by cost-model term, the terms it had, in the model's
 *                     order; null when the mode did not run the program
 */
public record ModeSeries(String mode, double ratio, String note, Map<String, Long> exitsByCause, Timeline timeline,
                         Map<String, Long> cyclesByTerm) {

    public ModeSeries {
        exitsByCause = exitsByCause == null ? null : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(exitsByCause));
        cyclesByTerm = cyclesByTerm == null ? null : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(cyclesByTerm));
    }

    /** Whether the mode ran the program (it has a timeline). */
    public boolean ran() {
        return timeline != null;
    }
}
