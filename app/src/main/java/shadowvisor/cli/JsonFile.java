package shadowvisor.cli;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A user's JSON file (a profile, a cost model), read strictly: a key given twice or anything
 * after the value is an error rather than ignored, and every problem is a {@link UsageException}
 * of one line naming the file, with the line and column Jackson found it at.
 */
final class JsonFile {
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private JsonFile() {
    }

    /**
     * The JSON value of {@code file} (null or a missing node when the file is empty).
     *
     * @param what what the file is, for the message when it cannot be read ({@code profile})
     * @throws UsageException naming the file when it is unreadable or not valid JSON
     */
    static JsonNode read(Path file, String what) {
        ProgramFiles.checkReadable(file, what);
        try {
            return JSON.readTree(Files.readString(file));
        } catch (JsonProcessingException e) {
            throw new UsageException(file + ": not valid JSON: " + problem(e));
        } catch (IOException e) {
            throw new UsageException(file + ": cannot read: " + e.getMessage());
        }
    }

    /** A value as the file spells it, cut short when long. */
    static String shown(JsonNode v) {
        String s = v.toString();
        return s.length() > 40 ? s.substring(0, 37) + "..." : s;
    }

    /** Jackson's reason without its source excerpt, with the line and column. */
    private static String problem(JsonProcessingException e) {
        String reason = e.getOriginalMessage();
        if (reason == null) {
            reason = "malformed";
        }
        int nl = reason.indexOf('\n');
        reason = (nl < 0 ? reason : reason.substring(0, nl)).strip();
        if (reason.startsWith("Duplicate field '")) {
            reason = "key \"" + reason.substring("Duplicate field '".length()).replaceFirst("'$", "") + "\" given twice";
        } else if (reason.startsWith("Trailing token")) {
            reason = "more text after the object";
        }
        JsonLocation at = e.getLocation();
        if (at != null && at.getLineNr() > 0) {
            reason += " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")";
        }
        return reason;
    }
}
