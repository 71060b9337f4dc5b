package shadowvisor.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Map;
import java.util.stream.Collectors;
import shadowvisor.cost.CostModel;
import shadowvisor.cost.CostTerm;

/**
 * A user's cost model, {@code --cost-model FILE.json}: prices in modeled cycles that replace the
 * defaults, every key optional.
 *
 * <pre>
 * {"instruction": 1, "walk_reference": 30, "exit": 1200, "emulate": 250, "emulate.lpsw": 600}
 * </pre>
 *
 * The keys are the {@link CostTerm} names, and {@code emulate.MNEMONIC} for one instruction's
 * emulation. Each value is a whole number of cycles from 0 to 10^9. Every problem is a {@link
 * UsageException} of one line that names the file and the key at fault.
 */
final class CostModelFile {
    private CostModelFile() {
    }

    /** The keys a file may have besides {@code emulate.MNEMONIC}. */
    static String keys() {
        return Arrays.stream(CostTerm.values()).map(CostTerm::key).collect(Collectors.joining(", "));
    }

    /**
     * The defaults with the prices {@code file} gives.
     *
     * @throws UsageException naming the file and what is wrong with it
     */
    static CostModel read(Path file) {
        JsonNode root = JsonFile.read(file, "cost model");
        if (root == null || root.isMissingNode() || !root.isObject()) {
            throw new UsageException(file + ": a cost model is a JSON object such as {\"exit\": 2000}, not "
                    + (root == null || root.isMissingNode() ? "an empty file" : JsonFile.shown(root)));
        }
        CostModel model = CostModel.defaults().named(file.toString());
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String key = e.getKey();
            long cycles = cycles(file, key, e.getValue());
            try {
                if (key.startsWith("emulate.")) {
                    model = model.withEmulate(key.substring("emulate.".length()), cycles);
                } else {
                    CostTerm term = CostTerm.byKey(key);
                    if (term == null) {
                        throw new UsageException(file + ": unknown key \"" + key + "\" (expected " + keys()
                                + ", or emulate.MNEMONIC)");
                    }
                    model = model.with(term, cycles);
                }
            } catch (IllegalArgumentException ex) {
                throw new UsageException(file + ": " + ex.getMessage());
            }
        }
        return model;
    }

    private static long cycles(Path file, String key, JsonNode v) {
        if (!v.isIntegralNumber() || !v.canConvertToLong()) {
            throw new UsageException(file + ": \"" + key + "\" must be a whole number of cycles, not "
                    + JsonFile.shown(v));
        }
        return v.longValue();
    }
}
