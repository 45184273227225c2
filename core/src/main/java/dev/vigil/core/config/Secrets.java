package dev.vigil.core.config;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The one rule that decides which names hold secrets, so that no log line, dashboard page,
 * {@code toString()} or Jolokia read shows a password, a JAAS config (which embeds credentials), a
 * private key or a URL's user info. Kafka client properties ({@code ssl.key.password}) and JMX
 * attribute names ({@code KeyPassword}) go through the same rule.
 *
 * <p>A name is split into words at dots, dashes, underscores and camelCase humps. It is secret when
 * <ul>
 *   <li>a word contains {@code password}, {@code passphrase}, {@code secret}, {@code credential} or
 *       {@code jaas} ({@code sasl.oauthbearer.assertion.private.key.passphrase}, {@code sasl.jaas.config});</li>
 *   <li>its last word contains {@code token} ({@code basic.auth.token}), or is {@code key}
 *       ({@code ssl.keystore.key});</li>
 *   <li>two adjacent words say {@code private key} or {@code user info} ({@code PrivateKey},
 *       {@code basic.auth.user.info}), or one word is {@code userinfo}.</li>
 * </ul>
 * Matching {@code token} and {@code key} on the last word only keeps public settings that merely
 * mention one readable: {@code sasl.oauthbearer.token.endpoint.url} is a URL, and
 * {@code key.serializer} is a class name.
 */
public final class Secrets {

    public static final String REDACTED = "[redacted]";

    private static final List<String> ANY_WORD = List.of("password", "passphrase", "secret", "credential", "jaas");

    private Secrets() {
    }

    public static boolean isSecret(String name) {
        List<String> words = words(name);
        if (words.isEmpty()) {
            return false;
        }
        for (int i = 0; i < words.size(); i++) {
            String word = words.get(i);
            if (ANY_WORD.stream().anyMatch(word::contains) || word.equals("userinfo")) {
                return true;
            }
            if (i > 0 && (pair(words, i, "private", "key") || pair(words, i, "user", "info"))) {
                return true;
            }
        }
        String last = words.get(words.size() - 1);
        return last.contains("token") || last.equals("key");
    }

    /** A copy of {@code properties}, in the same order, with every secret value replaced by {@link #REDACTED}. */
    public static Map<String, String> redact(Map<String, String> properties) {
        Map<String, String> redacted = new LinkedHashMap<>();
        properties.forEach((key, value) -> redacted.put(key, isSecret(key) ? REDACTED : value));
        return Collections.unmodifiableMap(redacted);
    }

    private static boolean pair(List<String> words, int i, String first, String second) {
        return words.get(i - 1).equals(first) && words.get(i).equals(second);
    }

    /** Lower-case words: split at '.', '-', '_', whitespace and a lower-to-upper camelCase hump. */
    private static List<String> words(String name) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean separator = c == '.' || c == '-' || c == '_' || Character.isWhitespace(c);
            boolean hump = Character.isUpperCase(c) && i > 0 && Character.isLowerCase(name.charAt(i - 1));
            if ((separator || hump) && !word.isEmpty()) {
                words.add(word.toString().toLowerCase(Locale.ROOT));
                word.setLength(0);
            }
            if (!separator) {
                word.append(c);
            }
        }
        if (!word.isEmpty()) {
            words.add(word.toString().toLowerCase(Locale.ROOT));
        }
        return words;
    }
}
