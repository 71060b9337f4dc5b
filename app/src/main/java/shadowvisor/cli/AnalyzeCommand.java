package shadowvisor.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import shadowvisor.cli.TextTable.Align;
import shadowvisor.machine.analysis.Analysis;
import shadowvisor.machine.analysis.Analyzer;
import shadowvisor.machine.analysis.Finding;
import shadowvisor.machine.isa.Opcode;
import shadowvisor.run.ReportJson;

/**
 * {@code shadowvisor analyze} (spec section 8.1): the virtualizability analyzer of the
 * {@code machine.analysis} package run on the profile of {@code --profile}, printed as a table,
 * one row per defined instruction in opcode order, then the verdicts of Theorems 1 and 3:
 *
 * <pre>
 * profile x86
 *
 * mnemonic  opcode  privileged  user-sensitive  supervisor-sensitive  caught/silent  witness
 * add       0x01    no          no              no                    -              ...
 * popf      0x51    no          no              yes                   silent         ...
 *
 * Theorem 1 (every sensitive instruction is privileged): fails: popf (silent), smsw (silent)
 * Theorem 3 (every user-sensitive instruction is privileged): fails: smsw
 * </pre>
 *
 * A Theorem 1 violation is marked {@code (caught)} when a trap-and-emulate VMM sees every use
 * of it (the price is an exit, as for {@code mips}'s {@code ld} and {@code st}) and
 * {@code (silent)} when it does not (the guest then behaves differently under the VMM).
 *
 * {@code --json FILE} writes the same as data ({@link #toJson}); {@code --json -} writes it to
 * stdout and the table to stderr. Exit status 0 whatever the
 * verdicts (they are the answer, not a failure), 2 for a usage error.
 */
@Command(name = "analyze", sortOptions = false, description = {
        "Classify every instruction of a profile by executing it, and give the verdicts of Popek and "
                + "Goldberg's Theorems 1 and 3.",
        "One row per instruction: privileged, user-sensitive, supervisor-sensitive, and for a sensitive "
                + "instruction that is not privileged whether a trap-and-emulate VMM catches every use or "
                + "it is silent; each with a witness."},
        footer = {"", "Exit status: 0 (whatever the verdicts), 2 for a usage error."})
final class AnalyzeCommand implements Callable<Integer> {
    @ParentCommand
    private ShadowvisorCommand top;

    @Mixin
    private ProfileOption profile;

    @Option(names = "--json", paramLabel = "FILE",
            description = "Write the findings and verdicts as JSON; - writes them to stdout (the table then goes to stderr).")
    private Path json;

    @Override
    public Integer call() {
        OutputTarget jsonTarget = OutputTarget.of("--json", json);
        OutputTarget.check(jsonTarget);
        Analysis analysis = Analyzer.analyze(profile.orDefault());
        // With the JSON on stdout, the table, for people, goes to stderr.
        PrintStream out = OutputTarget.toStdout(jsonTarget) ? top.terminal().err() : top.terminal().out();
        lines(analysis).forEach(out::println);
        out.flush();
        if (jsonTarget != null) {
            jsonTarget.writeLine(top.terminal().out(), render(analysis));
        }
        return 0;
    }

    /** The table and the two verdicts. */
    static List<String> lines(Analysis a) {
        List<String> lines = new ArrayList<>();
        lines.add("profile " + a.profile().name());
        lines.add("");
        TextTable t = new TextTable(
                List.of("mnemonic", "opcode", "privileged", "user-sensitive", "supervisor-sensitive", "caught/silent",
                        "witness"),
                List.of(Align.LEFT, Align.LEFT, Align.LEFT, Align.LEFT, Align.LEFT, Align.LEFT, Align.LEFT));
        for (Finding f : a.findings()) {
            t.row(f.opcode().mnemonic(), String.format("0x%02x", f.opcode().code()), yesNo(f.privileged()),
                    yesNo(f.userSensitive()), yesNo(f.supervisorSensitive()),
                    f.caught() == null ? "-" : f.caught() ? "caught" : "silent",
                    f.witness() == null ? "-" : f.witness());
        }
        lines.addAll(t.lines());
        lines.add("");
        lines.add("Theorem 1 (every sensitive instruction is privileged): " + verdict(a, a.theorem1Violations(), true));
        lines.add("Theorem 3 (every user-sensitive instruction is privileged): "
                + verdict(a, a.theorem3Violations(), false));
        return lines;
    }

    /**
     * {@code holds}, or {@code fails: } and the instructions that break it, with {@code mark} each
     * marked caught or silent (which matters for Theorem 1 only: a user-sensitive instruction
     * that is not privileged is always silent).
     */
    static String verdict(Analysis a, List<Opcode> violations, boolean mark) {
        if (violations.isEmpty()) {
            return "holds";
        }
        List<String> names = violations.stream().map(op -> mark ? marked(a, op) : op.mnemonic()).toList();
        return "fails: " + String.join(", ", names);
    }

    /** The mnemonic with {@code (caught)} or {@code (silent)} when the analysis says which. */
    static String marked(Analysis a, Opcode op) {
        Finding f = a.finding(op);
        if (f == null || f.caught() == null) {
            return op.mnemonic();
        }
        return op.mnemonic() + (f.caught() ? " (caught)" : " (silent)");
    }

    private static String yesNo(boolean b) {
        return b ? "yes" : "no";
    }

    /**
     * The analysis as {@code analyze --json} writes it (spec 8.1):
     * {@code {"profile", "instructions": [{"mnemonic", "opcode", "privileged", "user_sensitive",
     * "supervisor_sensitive", "caught", "witness"}], "theorem1": {"holds", "violations"},
     * "theorem3": {"holds", "violations"}}}; {@code opcode} a number, {@code caught} null unless
     * the instruction is sensitive and not privileged, violations lists of mnemonics.
     */
    static ObjectNode toJson(Analysis a) {
        ObjectNode o = ReportJson.mapper().createObjectNode();
        o.put("profile", a.profile().name());
        ArrayNode instructions = o.putArray("instructions");
        for (Finding f : a.findings()) {
            ObjectNode i = instructions.addObject();
            i.put("mnemonic", f.opcode().mnemonic());
            i.put("opcode", f.opcode().code());
            i.put("privileged", f.privileged());
            i.put("user_sensitive", f.userSensitive());
            i.put("supervisor_sensitive", f.supervisorSensitive());
            if (f.caught() == null) {
                i.putNull("caught");
            } else {
                i.put("caught", f.caught());
            }
            if (f.witness() == null) {
                i.putNull("witness");
            } else {
                i.put("witness", f.witness());
            }
        }
        theorem(o.putObject("theorem1"), a.theorem1Holds(), a.theorem1Violations());
        theorem(o.putObject("theorem3"), a.theorem3Holds(), a.theorem3Violations());
        return o;
    }

    private static void theorem(ObjectNode node, boolean holds, List<Opcode> violations) {
        node.put("holds", holds);
        ArrayNode v = node.putArray("violations");
        violations.forEach(op -> v.add(op.mnemonic()));
    }

    /** {@link #toJson} as indented text. */
    static String render(Analysis a) {
        try {
            return ReportJson.mapper().writeValueAsString(toJson(a));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
