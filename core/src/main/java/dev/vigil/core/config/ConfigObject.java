package dev.vigil.core.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.BiFunction;
import java.util.function.Predicate;

/**
 * One JSON object of the config file together with its path ({@code clusters[0]}), read key by
 * key. Every read checks the JSON type and the range itself, so every message an operator sees
 * is written here and names the key by its full path; nothing is bound by reflection.
 */
final class ConfigObject {

    private static final int MAX_QUOTED_LENGTH = 80;

    private final ObjectNode node;
    private final String path;

    ConfigObject(ObjectNode node, String path) {
        this.node = node;
        this.path = path;
    }

    /** An object with no keys: reading it yields every default. */
    static ConfigObject empty(String path) {
        return new ConfigObject(JsonNodeFactory.instance.objectNode(), path);
    }

    String path() {
        return path;
    }

    String pathOf(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    boolean has(String key) {
        return node.has(key);
    }

    /** An error about {@code key} of this object: {@code "<path>.<key>: <problem>"}. */
    ConfigException error(String key, String problem) {
        return new ConfigException(pathOf(key) + ": " + problem);
    }

    /** An error about this object as a whole: {@code "<path>: <problem>"}. */
    ConfigException error(String problem) {
        return new ConfigException(path + ": " + problem);
    }

    /**
     * Fails on the first key (in file order) that is not in {@code validKeys}, suggesting the
     * closest valid key, or listing them all when none is close. Called before any other read of
     * this object, because a misspelled key otherwise surfaces as a confusing "missing" error.
     *
     * @param hint added when no key is close, e.g. where keys of another kind belong; may be empty
     */
    void rejectUnknownKeys(List<String> validKeys, String hint) {
        for (Map.Entry<String, JsonNode> property : node.properties()) {
            String key = property.getKey();
            if (validKeys.contains(key)) {
                continue;
            }
            Optional<String> suggestion = KeySuggestions.closest(key, validKeys);
            if (suggestion.isPresent()) {
                throw error(key, "unknown key; did you mean \"" + suggestion.get() + "\"?");
            }
            String prefix = hint.isEmpty() ? "unknown key; " : "unknown key; " + hint + "; ";
            throw error(key, prefix + "valid keys: " + String.join(", ", validKeys));
        }
    }

    Optional<String> optionalString(String key) {
        JsonNode value = node.get(key);
        if (value == null) {
            return Optional.empty();
        }
        if (!value.isTextual()) {
            throw error(key, "expected a string, got " + describe(value));
        }
        return Optional.of(value.textValue());
    }

    String string(String key, String defaultValue) {
        return optionalString(key).orElse(defaultValue);
    }

    /** A string that must be one of {@code valid}; the error lists them all. */
    String choice(String key, String defaultValue, List<String> valid) {
        String value = string(key, defaultValue);
        if (!valid.contains(value)) {
            throw error(key, quote(value) + " is not a valid value; use one of " + String.join(", ", valid));
        }
        return value;
    }

    /** A whole number in {@code min..max}; {@code unit} (may be empty) says what it counts. */
    OptionalInt optionalInt(String key, int min, int max, String unit) {
        JsonNode value = node.get(key);
        if (value == null) {
            return OptionalInt.empty();
        }
        if (!value.isNumber() || !isWhole(value.decimalValue())) {
            String expected = unit.isEmpty() ? "a whole number" : "a whole number of " + unit;
            throw error(key, "expected " + expected + ", got " + describe(value));
        }
        // Compared as BigDecimal so that 1e999999999 is reported as out of range without ever
        // being expanded into a billion-digit integer.
        BigDecimal number = value.decimalValue();
        if (number.compareTo(BigDecimal.valueOf(min)) < 0 || number.compareTo(BigDecimal.valueOf(max)) > 0) {
            throw error(key, describe(value) + " is out of range; use " + min + ".." + max);
        }
        return OptionalInt.of(number.intValueExact());
    }

    int integer(String key, int defaultValue, int min, int max, String unit) {
        return optionalInt(key, min, max, unit).orElse(defaultValue);
    }

    Duration millis(String key, int defaultMillis, int min, int max) {
        return Duration.ofMillis(integer(key, defaultMillis, min, max, "milliseconds"));
    }

    /** The object at {@code key}; {@code example} shows its shape in the type error. */
    Optional<ConfigObject> optionalObject(String key, String example) {
        JsonNode value = node.get(key);
        if (value == null) {
            return Optional.empty();
        }
        if (!value.isObject()) {
            throw error(key, "expected an object like " + example + ", got " + describe(value));
        }
        return Optional.of(new ConfigObject((ObjectNode) value, pathOf(key)));
    }

    /** The objects of the array at {@code key}, each with its indexed path ({@code key[2]}). */
    Optional<List<ConfigObject>> optionalObjectArray(String key, String what) {
        return optionalArray(key, "an array of " + what + " objects", "a " + what + " object", JsonNode::isObject,
                (element, elementPath) -> new ConfigObject((ObjectNode) element, elementPath));
    }

    /** The raw entries, in file order, for objects whose keys are not Vigil's (client properties). */
    Iterable<Map.Entry<String, JsonNode>> entries() {
        return node.properties();
    }

    /** How a value appears in a message: strings quoted, long ones shortened, containers named. */
    static String describe(JsonNode value) {
        if (value.isObject()) {
            return "an object";
        }
        if (value.isArray()) {
            return "an array";
        }
        String text = value.toString();
        return text.length() <= MAX_QUOTED_LENGTH ? text : text.substring(0, MAX_QUOTED_LENGTH) + "...";
    }

    /** {@code text} as it appears in a message: quoted and JSON-escaped, like {@link #describe}. */
    static String quote(String text) {
        return describe(TextNode.valueOf(text));
    }

    boolean bool(String key, boolean defaultValue) {
        JsonNode value = node.get(key);
        if (value == null) {
            return defaultValue;
        }
        if (!value.isBoolean()) {
            throw error(key, "expected true or false, got " + describe(value));
        }
        return value.booleanValue();
    }

    /** A number strictly between {@code minExclusive} and {@code maxExclusive}. */
    double fraction(String key, double defaultValue, double minExclusive, double maxExclusive) {
        JsonNode value = node.get(key);
        if (value == null) {
            return defaultValue;
        }
        if (!value.isNumber()) {
            throw error(key, "expected a number, got " + describe(value));
        }
        BigDecimal number = value.decimalValue();
        if (number.compareTo(BigDecimal.valueOf(minExclusive)) <= 0
                || number.compareTo(BigDecimal.valueOf(maxExclusive)) >= 0) {
            throw error(key, describe(value) + " is out of range; use a number greater than " + minExclusive
                    + " and less than " + maxExclusive);
        }
        return number.doubleValue();
    }

    /** An array of strings; {@code example} shows one element in the type error. */
    List<String> stringList(String key, String example) {
        return optionalArray(key, "an array of strings like [" + example + "]", "a string like " + example,
                JsonNode::isTextual, (element, elementPath) -> element.textValue()).map(List::copyOf).orElse(List.of());
    }

    /**
     * The elements of the array at {@code key}, empty when the key is absent. The type errors say what
     * was expected, {@code expectedArray} for the value and {@code expectedElement} for each element,
     * which they name by its indexed path ({@code key[2]}), also given to {@code read}.
     */
    private <T> Optional<List<T>> optionalArray(String key, String expectedArray, String expectedElement,
                                                Predicate<JsonNode> isElement, BiFunction<JsonNode, String, T> read) {
        JsonNode value = node.get(key);
        if (value == null) {
            return Optional.empty();
        }
        if (!value.isArray()) {
            throw error(key, "expected " + expectedArray + ", got " + describe(value));
        }
        List<T> elements = new ArrayList<>();
        for (int i = 0; i < value.size(); i++) {
            String elementPath = pathOf(key) + "[" + i + "]";
            JsonNode element = value.get(i);
            if (!isElement.test(element)) {
                throw new ConfigException(elementPath + ": expected " + expectedElement + ", got " + describe(element));
            }
            elements.add(read.apply(element, elementPath));
        }
        return Optional.of(elements);
    }

    private static boolean isWhole(BigDecimal number) {
        return number.signum() == 0 || number.scale() <= 0 || number.stripTrailingZeros().scale() <= 0;
    }
}
