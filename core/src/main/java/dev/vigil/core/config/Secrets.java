package dev.vigil.core.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Decides which Kafka client properties hold secrets, so that no log line, dashboard page or
 * {@code toString()} shows a password, a JAAS config (which embeds credentials) or a private key.
 *
 * <p>A property is secret when its last dotted segment contains {@code password}, {@code secret}
 * or {@code token} ({@code ssl.key.password}, {@code sasl.oauthbearer.client.credentials.client.secret}),
 * or when it ends with {@code .jaas.config} or {@code .key} ({@code sasl.jaas.config},
 * {@code ssl.keystore.key}). Matching on the last segment keeps public settings that merely
 * mention a secret readable: {@code sasl.oauthbearer.token.endpoint.url} is a URL, and
 * {@code key.serializer} is a class name.
 */
public final class Secrets {

    public static final String REDACTED = "[redacted]";

    private Secrets() {
    }

    public static boolean isSecret(String property) {
        String key = property.toLowerCase(Locale.ROOT);
        String lastSegment = key.substring(key.lastIndexOf('.') + 1);
        return lastSegment.contains("password")
                || lastSegment.contains("secret")
                || lastSegment.contains("token")
                || key.endsWith(".jaas.config")
                || key.endsWith(".key");
    }

    /** A copy of {@code properties}, in the same order, with every secret value replaced by {@link #REDACTED}. */
    public static Map<String, String> redact(Map<String, String> properties) {
        Map<String, String> redacted = new LinkedHashMap<>();
        properties.forEach((key, value) -> redacted.put(key, isSecret(key) ? REDACTED : value));
        return Collections.unmodifiableMap(redacted);
    }
}
