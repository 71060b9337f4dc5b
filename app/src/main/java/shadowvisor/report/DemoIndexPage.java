package shadowvisor.report;

import java.util.List;
import java.util.Map;

/**
 * The index page of {@code demo --html DIR}: the demo's summary table, each guest's name linking
 * to its own {@link ComparisonPage}, and a chart of every VMM's host-time ratio per guest.
 *
 * @param about      paragraphs above the table
 * @param summary    one row per guest: instructions, native time, each VMM's ratio (or why none)
 * @param modeled    one row per compared guest: native's modeled cycles, each VMM's modeled ratio
 * @param conclusion the demo's last line: how many guests ended as natively, how long it took
 * @param vmms       the VMMs, in the order of the table's columns (the chart's series)
 * @param ratios     for each guest that ran, in the table's order: each VMM's host-time ratio to
 *                   native (a VMM that refused or differs is left out)
 */
public record DemoIndexPage(List<String> about, ReportTable summary, ReportTable modeled, String conclusion,
                            List<String> vmms,
                            List<GuestRatios> ratios) {

    public DemoIndexPage {
        about = List.copyOf(about);
        vmms = List.copyOf(vmms);
        ratios = List.copyOf(ratios);
    }

    /**
     * One guest's ratios.
     *
     * @param guest  the guest's file name
     * @param byMode host time relative to native, by VMM name
     */
    public record GuestRatios(String guest, Map<String, Double> byMode) {
        public GuestRatios {
            byMode = Map.copyOf(byMode);
        }
    }
}
