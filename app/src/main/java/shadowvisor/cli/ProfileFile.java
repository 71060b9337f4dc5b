package shadowvisor.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import shadowvisor.machine.isa.Profile;

/**
 * A user's profile file, {@code --profile FILE.json} (spec section 8, "Profile files"):
 *
 * <pre>
 * {"name": "NAME", "base": "pg", "defined": ["popf"], "undefined": ["mrs"],
 *  "innocuous": ["rdpsw"], "privileged": ["smsw"], "kseg": false}
 * </pre>
 *
 * Every key but {@code base} is optional; {@code name} defaults to the file's name without
 * {@code .json}. This class checks the file's shape (an object, known keys each once, the right
 * types) and hands the lists to {@link Profile#derive}, which checks the mnemonics. Every
 * problem is a {@link UsageException} of one line that names the file and the key, mnemonic or
 * value at fault.
 */
final class ProfileFile {
    /** The keys of a profile file, in the spec's order. */
    static final List<String> KEYS = List.of("name", "base", "defined", "undefined", "innocuous", "privileged", "kseg");

    private ProfileFile() {
    }

    /**
     * The profile {@code file} describes.
     *
     * @throws UsageException naming the file and what is wrong with it
     */
    static Profile read(Path file) {
        JsonNode root = JsonFile.read(file, "profile");
        if (root == null || root.isMissingNode()) {
            throw new UsageException(file + ": empty; a profile file is a JSON object such as {\"base\": \"pg\"}");
        }
        if (!root.isObject()) {
            throw new UsageException(file + ": must be a JSON object such as {\"base\": \"pg\"}, not " + JsonFile.shown(root));
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            String key = it.next().getKey();
            if (!KEYS.contains(key)) {
                throw new UsageException(file + ": unknown key \"" + key + "\" (expected " + String.join(", ", KEYS)
                        + ")");
            }
        }
        String name = string(file, root, "name");
        if (name == null) {
            name = defaultName(file);
        } else if (name.isBlank()) {
            throw new UsageException(file + ": \"name\" is empty");
        }
        if (Profile.builtIn(name) != null) {
            String whose = root.has("name") ? "" : " (the file's name)";
            throw new UsageException(file + ": the profile's name " + name + whose + " is a built-in profile's; give it "
                    + "a \"name\" of its own");
        }
        String baseName = string(file, root, "base");
        if (baseName == null) {
            throw new UsageException(file + ": \"base\" is missing (one of " + builtInNames() + ")");
        }
        Profile base = Profile.builtIn(baseName);
        if (base == null) {
            throw new UsageException(file + ": \"base\" names no built-in profile: \"" + baseName
                    + "\" (expected one of " + builtInNames() + ")");
        }
        Boolean kseg = null;
        JsonNode k = root.get("kseg");
        if (k != null) {
            if (!k.isBoolean()) {
                throw new UsageException(file + ": \"kseg\" must be true or false, not " + JsonFile.shown(k));
            }
            kseg = k.booleanValue();
        }
        try {
            return Profile.derive(name, base, list(file, root, "defined"), list(file, root, "undefined"),
                    list(file, root, "innocuous"), list(file, root, "privileged"), kseg);
        } catch (IllegalArgumentException e) {
            // Profile.derive names the list and the mnemonic.
            throw new UsageException(file + ": " + e.getMessage());
        }
    }

    /** The file's name without {@code .json}. */
    static String defaultName(Path file) {
        Path fileName = file.getFileName();
        String n = fileName == null ? file.toString() : fileName.toString();
        return n.endsWith(".json") && n.length() > ".json".length() ? n.substring(0, n.length() - ".json".length()) : n;
    }

    /** The names of the built-in profiles, {@code pg, pdp10, ...}. */
    static String builtInNames() {
        return Profile.builtIns().stream().map(Profile::name).collect(Collectors.joining(", "));
    }

    /** A string key's value, or null when absent. */
    private static String string(Path file, JsonNode root, String key) {
        JsonNode v = root.get(key);
        if (v == null) {
            return null;
        }
        if (!v.isTextual()) {
            throw new UsageException(file + ": \"" + key + "\" must be a string, not " + JsonFile.shown(v));
        }
        return v.textValue();
    }

    /** A list of mnemonics, or null when absent. */
    private static List<String> list(Path file, JsonNode root, String key) {
        JsonNode v = root.get(key);
        if (v == null) {
            return null;
        }
        if (!v.isArray()) {
            throw new UsageException(file + ": \"" + key + "\" must be a list of mnemonics such as [\"popf\"], not "
                    + JsonFile.shown(v));
        }
        List<String> names = new ArrayList<>();
        for (JsonNode m : v) {
            if (!m.isTextual()) {
                throw new UsageException(file + ": \"" + key + "\" must list mnemonics as strings, not " + JsonFile.shown(m));
            }
            names.add(m.textValue());
        }
        return names;
    }
}
