package shadowvisor.run;

import shadowvisor.result.RunReport;
import shadowvisor.result.VmmLevel;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import shadowvisor.machine.ExitKind;
import shadowvisor.machine.TrapCause;
import shadowvisor.result.VmmCounters;

/**
 * Writes reports as the {@code --json} objects of spec section 9: keys in the spec's order
 * ({@code profile}, which the spec adds in its prose, right after {@code mode}),
 * registers and PSW fields unsigned, counter maps with non-zero counts only, {@code tlb} always
 * complete, {@code exit.value} null unless the machine powered off. Under a stack of VMMs (spec
 * 7.6), {@code vmm} is the innermost VMM's and {@code vmm.levels} lists every level, innermost
 * first, as {@code {"mode": NAME, ...that VMM's counters}} with the keys of {@code vmm}; a VMM
 * alone has no {@code levels} (its one level is {@code vmm} itself).
 */
public final class ReportJson {
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ReportJson() {
    }

    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /** One report as a JSON object. */
    public static ObjectNode toJson(RunReport r) {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("mode", r.mode());
        o.put("profile", r.profile());
        ObjectNode exit = o.putObject("exit");
        exit.put("kind", r.exitKind().jsonName());
        exit.put("status", r.status());
        if (r.exitKind() == ExitKind.POWEROFF) {
            exit.put("value", Integer.toUnsignedLong(r.powerValue()));
        } else {
            exit.putNull("value");
        }
        if (r.reason() == null) {
            exit.putNull("reason");
        } else {
            exit.put("reason", r.reason());
        }
        o.put("console", r.consoleText());
        o.put("instructions", r.instructions());
        putCauses(o.putObject("traps"), r.traps());
        if (r.vmm() != null) {
            ObjectNode vmm = o.putObject("vmm");
            putCounters(vmm, r.vmm());
            if (!r.levels().isEmpty()) {
                ArrayNode levels = vmm.putArray("levels");
                for (VmmLevel level : r.levels()) {
                    ObjectNode l = levels.addObject();
                    l.put("mode", level.mode().cliName());
                    putCounters(l, level.counters());
                }
            }
        }
        ObjectNode tlb = o.putObject("tlb");
        tlb.put("hits", r.tlb().hits());
        tlb.put("misses", r.tlb().misses());
        tlb.put("flushes", r.tlb().flushes());
        tlb.put("invlpg", r.tlb().invlpg());
        ArrayNode regs = o.putArray("registers");
        for (int v : r.registers()) {
            regs.add(Integer.toUnsignedLong(v));
        }
        ObjectNode psw = o.putObject("psw");
        psw.put("flags", Integer.toUnsignedLong(r.psw().flags()));
        psw.put("b", Integer.toUnsignedLong(r.psw().b()));
        psw.put("l", Integer.toUnsignedLong(r.psw().l()));
        psw.put("pc", Integer.toUnsignedLong(r.psw().pc()));
        ObjectNode mem = o.putObject("memory");
        mem.put("words", r.memoryWords());
        mem.put("sha256", r.memorySha256());
        return o;
    }

    /** A VMM's counters, as {@code vmm} and each entry of {@code vmm.levels} hold them. */
    private static void putCounters(ObjectNode node, VmmCounters v) {
        putCauses(node.putObject("exits"), v.exits);
        ObjectNode em = node.putObject("emulated");
        v.emulatedByMnemonic().forEach(em::put);
        node.put("reflected", v.reflected);
        node.put("slice_ends", v.sliceEnds);
        for (String name : v.extraNames()) {
            node.put(name, v.get(name));
        }
    }

    private static void putCauses(ObjectNode node, long[] byCode) {
        for (TrapCause c : TrapCause.values()) {
            if (byCode[c.code()] != 0) {
                node.put(c.name(), byCode[c.code()]);
            }
        }
    }

    /** One object for one report, an array for several (spec section 9). */
    public static String render(List<RunReport> reports) {
        try {
            if (reports.size() == 1) {
                return MAPPER.writeValueAsString(toJson(reports.get(0)));
            }
            ArrayNode a = MAPPER.createArrayNode();
            reports.forEach(r -> a.add(toJson(r)));
            return MAPPER.writeValueAsString(a);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Writes {@link #render} to a file. */
    public static void write(List<RunReport> reports, Path file) throws IOException {
        java.nio.file.Files.writeString(file, render(reports) + "\n");
    }
}
