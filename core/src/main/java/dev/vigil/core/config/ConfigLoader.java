package dev.vigil.core.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.regex.Pattern;

/**
 * Reads a Vigil JSON config file into a validated {@link VigilConfig}, or fails with a
 * {@link ConfigException} whose message is the one line to show the operator.
 *
 * <p>The JSON is strict: no comments, no trailing commas, no duplicate keys (Jackson would keep
 * the last one silently), nothing after the top-level object.
 */
public final class ConfigLoader {

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            // Exact decimals, kept as written, so "1.50" is echoed as 1.50 and 1e400 does not become Infinity.
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
            .build();

    // Jackson nests a location in some messages ("start marker at [Source: REDACTED ...; line: 1,
    // column: 7]"); only the line and column mean something to the operator.
    private static final Pattern NESTED_LOCATION = Pattern.compile("\\[Source: .*?; line: (\\d+), column: (\\d+)]");

    private ConfigLoader() {
    }

    /** Reads and validates the config file at {@code file}. */
    public static VigilConfig load(Path file) {
        Path absolute = file.toAbsolutePath();
        if (Files.isDirectory(file)) {
            throw new ConfigException("config file is a directory: " + absolute + " (pass a JSON file, e.g. config/vigil.json)");
        }
        String json;
        try {
            json = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new ConfigException("config file not found: " + absolute + " (pass an existing file, e.g. config/vigil.json)");
        } catch (AccessDeniedException e) {
            throw new ConfigException("config file not readable: " + absolute + " (check its permissions)");
        } catch (CharacterCodingException e) {
            throw new ConfigException(file + ": not valid UTF-8 text; save the config file as UTF-8");
        } catch (IOException e) {
            throw new ConfigException("cannot read config file " + absolute + ": " + e);
        }
        return parse(json, file.toString());
    }

    /**
     * Parses and validates {@code json}; {@code sourceName} (usually the file path) names it in
     * messages about the JSON syntax.
     */
    public static VigilConfig parse(String json, String sourceName) {
        JsonNode root = readTree(json, sourceName);
        if (root == null || root.isMissingNode()) {
            throw new ConfigException(sourceName + ": the file is empty; expected a JSON object with \""
                    + VigilConfig.Keys.CLUSTERS + "\"");
        }
        if (!root.isObject()) {
            throw new ConfigException(sourceName + ": expected a JSON object at the top level, got "
                    + ConfigObject.describe(root));
        }
        return VigilConfig.read(new ConfigObject((ObjectNode) root, ""));
    }

    private static JsonNode readTree(String json, String sourceName) {
        try (JsonParser parser = MAPPER.createParser(json)) {
            JsonNode root = MAPPER.readTree(parser);
            if (parser.nextToken() != null) {
                throw invalidJson(sourceName, parser.currentTokenLocation(),
                        "unexpected content after the end of the top-level object");
            }
            return root;
        } catch (JsonProcessingException e) {
            JsonParser parser = e.getProcessor() instanceof JsonParser p ? p : null;
            String message = e.getOriginalMessage();
            if (parser != null && message.startsWith("Duplicate")) {
                // Jackson's context is still at the duplicate, so it can be named by its full path;
                // the location is just after the repeated key.
                JsonLocation at = e.getLocation();
                throw new ConfigException(pathOf(parser.getParsingContext()) + ": duplicate key at line "
                        + at.getLineNr() + ", column " + at.getColumnNr() + " of " + sourceName
                        + "; keep only one of them");
            }
            throw invalidJson(sourceName, e.getLocation(), message);
        } catch (IOException e) {
            // Not reachable with a String source; IOException is only in Jackson's signatures.
            throw new ConfigException(sourceName + ": cannot read: " + e.getMessage());
        }
    }

    private static ConfigException invalidJson(String sourceName, JsonLocation at, String jacksonMessage) {
        String firstLine = jacksonMessage.lines().findFirst().orElse("");
        String detail = NESTED_LOCATION.matcher(firstLine).replaceAll("line $1, column $2");
        String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
        return new ConfigException(sourceName + ": invalid JSON" + where + ": " + detail);
    }

    /** The path of a parser context in the form our messages use: {@code clusters[1].name}. */
    private static String pathOf(JsonStreamContext context) {
        Deque<String> parts = new ArrayDeque<>();
        for (JsonStreamContext c = context; c != null && !c.inRoot(); c = c.getParent()) {
            if (c.inArray()) {
                parts.push("[" + c.getCurrentIndex() + "]");
            } else if (c.getCurrentName() != null) {
                parts.push((c.getParent() != null && c.getParent().inRoot() ? "" : ".") + c.getCurrentName());
            }
        }
        return String.join("", parts);
    }
}
