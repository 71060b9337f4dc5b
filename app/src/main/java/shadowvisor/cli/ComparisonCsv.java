package shadowvisor.cli;

import shadowvisor.cost.CostTerm;
import shadowvisor.cost.ModeledCycles;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import shadowvisor.machine.TrapCause;
import shadowvisor.result.RunReport;
import shadowvisor.result.VmmCounters;

/**
 * A {@link Comparison} as the CSV of {@code compare --csv FILE}, for spreadsheets and scripts:
 * one header row, then one row per mode, native first, with the figures of the table
 * ({@link ComparisonTable}) as plain numbers. RFC 4180: fields separated by commas, records
 * ended by CRLF, a field quoted (its quotes doubled) when it holds a comma, a quote, a CR or
 * an LF.
 *
 * <pre>
 * mode,exit_kind,exit_status,instructions,equivalent,differences,refusal,expected_theorem,
 *   expected_instructions,host_ms,ratio,exits,exits_privileged,...,emulated,reflected,slice_ends,...
 * native,poweroff,7,56,oracle,,,,,0.031,1.0000,,,...
 * segment,poweroff,7,56,yes,,,,,0.094,3.0323,11,11,...,11,0,0,...
 * </pre>
 *
 * Columns: {@code mode}; {@code exit_kind} ({@code poweroff}, {@code halt}, {@code shutdown},
 * {@code limit}) and {@code exit_status} (the process status {@code run} would exit with);
 * {@code instructions} retired; {@code equivalent}: {@code oracle} (native), {@code yes},
 * {@code no} (a finding), {@code expected} (differs as the profile predicts) or {@code refused};
 * {@code differences}, the keys that differ from native separated by spaces; {@code refusal}, a
 * refused mode's reason; {@code expected_theorem} and {@code expected_instructions} (mnemonics
 * separated by spaces) for an expected difference; {@code host_ms}, the median host time in
 * milliseconds (three decimals), and {@code ratio} to native's (four decimals); {@code exits}
 * in all, then {@code exits_CAUSE} for each cause (lower case) that any mode exited on;
 * {@code emulated} and {@code reflected}; then {@code slice_ends} and every counter any mode
 * declares ({@code hidden_faults}, {@code shadow_pages_built}, ..., named as in {@code vmm} of
 * the JSON). Last, the cost model (docs/PAPERS.md): {@code modeled_cycles}, {@code modeled_ratio}
 * to native's (four decimals), and {@code cycles_TERM} for every term ({@code cycles_exit},
 * {@code cycles_emulate}, ...), 0 where the mode had none of its events. A field is empty where a mode has no such figure: native has no VMM counters, a
 * mode refused before running has no figures at all, and a VMM has no counter another declares.
 * A stack's row has its innermost VMM's figures, as the table's; the levels are in
 * {@code --json}.
 */
final class ComparisonCsv {
    /** RFC 4180's record separator. */
    static final String CRLF = "\r\n";

    private ComparisonCsv() {
    }

    /** The header and the rows, each a list of fields. */
    static List<List<String>> rows(Comparison c) {
        List<RunReport> vmmReports = c.results().stream().map(ModeResult::report)
                .filter(r -> r != null && r.vmm() != null).toList();
        List<TrapCause> causes = new ArrayList<>();
        for (TrapCause cause : TrapCause.values()) {
            if (vmmReports.stream().anyMatch(r -> r.vmm().exits[cause.code()] != 0)) {
                causes.add(cause);
            }
        }
        Set<String> counters = new LinkedHashSet<>();
        counters.add("slice_ends");
        vmmReports.forEach(r -> counters.addAll(r.vmm().extraNames()));

        List<String> header = new ArrayList<>(List.of("mode", "exit_kind", "exit_status", "instructions", "equivalent",
                "differences", "refusal", "expected_theorem", "expected_instructions", "host_ms", "ratio", "exits"));
        causes.forEach(cause -> header.add("exits_" + cause.name().toLowerCase(Locale.ROOT)));
        header.add("emulated");
        header.add("reflected");
        for (String name : counters) {
            header.add(header.contains(name) ? "vmm_" + name : name);
        }
        header.add("modeled_cycles");
        header.add("modeled_ratio");
        for (CostTerm t : CostTerm.values()) {
            header.add("cycles_" + t.key());
        }

        List<List<String>> rows = new ArrayList<>();
        rows.add(header);
        long nativeNanos = c.nativeResult().hostNanos();
        for (ModeResult m : c.results()) {
            RunReport r = m.report();
            VmmCounters v = r == null ? null : r.vmm();
            List<String> row = new ArrayList<>();
            row.add(m.mode().cliName());
            row.add(r == null ? "" : r.exitKind().jsonName());
            row.add(r == null ? "" : String.valueOf(r.status()));
            row.add(r == null ? "" : String.valueOf(r.instructions()));
            row.add(equivalent(m));
            row.add(String.join(" ", m.differences()));
            row.add(m.refused() ? m.refusal() : "");
            row.add(m.expected() == null ? "" : String.valueOf(m.expected().theorem()));
            row.add(m.expected() == null ? "" : String.join(" ", m.expected().mnemonics()));
            row.add(r == null ? "" : String.format(Locale.ROOT, "%.3f", m.hostNanos() / 1e6));
            double ratio = m.ratio(nativeNanos);
            row.add(Double.isFinite(ratio) ? String.format(Locale.ROOT, "%.4f", ratio) : "");
            row.add(v == null ? "" : String.valueOf(v.totalExits()));
            for (TrapCause cause : causes) {
                row.add(v == null ? "" : String.valueOf(v.exits[cause.code()]));
            }
            row.add(v == null ? "" : String.valueOf(v.totalEmulated()));
            row.add(v == null ? "" : String.valueOf(v.reflected));
            for (String name : counters) {
                row.add(v == null ? ""
                        : name.equals("slice_ends") ? String.valueOf(v.sliceEnds)
                        : v.extraNames().contains(name) ? String.valueOf(v.get(name)) : "");
            }
            ModeledCycles priced = c.modeled(m);
            row.add(priced == null ? "" : String.valueOf(priced.total()));
            double modeled = c.modeledRatio(m);
            row.add(Double.isFinite(modeled) ? String.format(Locale.ROOT, "%.4f", modeled) : "");
            for (CostTerm t : CostTerm.values()) {
                row.add(priced == null ? "" : String.valueOf(priced.cycles(t)));
            }
            rows.add(row);
        }
        return rows;
    }

    /** {@code oracle}, {@code yes}, {@code no}, {@code expected} or {@code refused}. */
    static String equivalent(ModeResult m) {
        if (m.refused()) {
            return "refused";
        }
        if (!m.differences().isEmpty()) {
            return m.expected() == null ? "no" : "expected";
        }
        return m.mode().virtualized() ? "yes" : "oracle";
    }

    /** The whole file: every row as an RFC 4180 record, each ended by CRLF. */
    static String render(Comparison c) {
        StringBuilder s = new StringBuilder();
        for (List<String> row : rows(c)) {
            s.append(record(row)).append(CRLF);
        }
        return s.toString();
    }

    /** One record, without its line end. */
    static String record(List<String> fields) {
        List<String> quoted = new ArrayList<>(fields.size());
        for (String f : fields) {
            quoted.add(field(f));
        }
        return String.join(",", quoted);
    }

    /** A field as RFC 4180 writes it: quoted, with its quotes doubled, when it must be. */
    static String field(String f) {
        if (f.indexOf(',') < 0 && f.indexOf('"') < 0 && f.indexOf('\r') < 0 && f.indexOf('\n') < 0) {
            return f;
        }
        return '"' + f.replace("\"", "\"\"") + '"';
    }
}
