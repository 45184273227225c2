package dev.vigil.core.config;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Finds the valid key an operator most likely meant when a key is unknown, so that
 * {@code "probe.intervl.ms"} is answered with {@code did you mean "probe.interval.ms"?}.
 *
 * <p>Keys are compared without case and without the separators {@code . _ -}, so camelCase and
 * snake_case spellings of a key ({@code probeIntervalMs}, {@code probe_interval_ms}) are found too;
 * what remains is compared by Damerau-Levenshtein distance (optimal string alignment: an
 * insertion, deletion, substitution or swap of two neighbours each costs 1).
 */
final class KeySuggestions {

    private KeySuggestions() {
    }

    /** The closest of {@code validKeys} to {@code unknown}, if it is close enough to be a typo. */
    static Optional<String> closest(String unknown, List<String> validKeys) {
        String typed = normalize(unknown);
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String valid : validKeys) {
            String candidate = normalize(valid);
            int distance = distance(typed, candidate);
            if (distance <= tolerance(candidate) && distance < bestDistance) {
                best = valid;
                bestDistance = distance;
            }
        }
        return Optional.ofNullable(best);
    }

    // About one edit in four characters, and at least 1 so short keys still get typo help,
    // but never so many that an unrelated key ("topic" for "tags") is offered.
    private static int tolerance(String candidate) {
        return Math.max(1, candidate.length() / 4);
    }

    private static String normalize(String key) {
        return key.toLowerCase(Locale.ROOT).replaceAll("[._-]", "");
    }

    /** Optimal string alignment distance between {@code a} and {@code b}. */
    static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                int best = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    best = Math.min(best, d[i - 2][j - 2] + 1);
                }
                d[i][j] = best;
            }
        }
        return d[a.length()][b.length()];
    }
}
