package shadowvisor.report;

import java.util.List;

/**
 * One comparison's report page: what {@code compare --html FILE} writes, and each guest's page of
 * {@code demo --html DIR}.
 *
 * @param program  the program's name, as given (the page's title)
 * @param about    paragraphs above the table (what the guest is, the profile, its size), may be empty
 * @param timing   the sentence that says what the host times are
 * @param console  the native run's console when it is short, else null
 * @param consoleNote what to say instead of the console (its size, or that it is empty), or null
 * @param modes    the comparison table: one row per mode
 * @param notes    lines under the table (each expected difference, explained), may be empty
 * @param reading  the comparison read aloud, sentence by sentence, may be empty
 * @param counters the VMMs' own counters, and a stack's levels when a stack ran, may be empty
 * @param series   the charts' data, one per mode, in the table's order (native first)
 * @param back     a relative URL of the page this one belongs to (the demo's index), or null
 */
public record ComparisonPage(String program, List<String> about, String timing, String console, String consoleNote,
                             ReportTable modes, List<String> notes, List<String> reading, List<ReportTable> counters,
                             List<ModeSeries> series, String back) {

    public ComparisonPage {
        about = List.copyOf(about);
        notes = List.copyOf(notes);
        reading = List.copyOf(reading);
        counters = List.copyOf(counters);
        series = List.copyOf(series);
    }
}
