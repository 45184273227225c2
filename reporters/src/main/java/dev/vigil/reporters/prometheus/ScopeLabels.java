package dev.vigil.reporters.prometheus;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Map;

/**
 * One scope's label set as the exposition writes it, escaped and UTF-8 encoded once per scrape and
 * then copied into each of the scope's lines (forty or so per scope), where the client library
 * escaped and encoded it again for every line.
 *
 * <p>The labels are in name order and the sets compare as the client library's {@code Labels}
 * (1.10.0) do: names first, element by element, a shorter list first when it is a prefix of the
 * other, then values the same way; that is the order its snapshots gave a family's lines.
 * Vigil's label names (the scope's and {@code vigil_instance}, {@code zone}) are plain snake case,
 * which the library writes unchanged.
 */
final class ScopeLabels {

    /** The client library's order of label sets. */
    static final Comparator<ScopeLabels> ORDER = (a, b) -> {
        int byNames = compare(a.names, b.names);
        return byNames != 0 ? byNames : compare(a.values, b.values);
    };

    private static final byte[] EMPTY_PLAIN = {' '};
    private static final byte[] EMPTY_BEFORE_LE = {'{'};

    private final String[] names;
    private final String[] values;
    private final byte[] plain;
    private final byte[] beforeLe;

    private ScopeLabels(String[] names, String[] values) {
        this.names = names;
        this.values = values;
        if (names.length == 0) {
            this.plain = EMPTY_PLAIN;
            this.beforeLe = EMPTY_BEFORE_LE;
        } else {
            StringBuilder text = new StringBuilder(64).append('{');
            for (int i = 0; i < names.length; i++) {
                text.append(i == 0 ? "" : ",").append(names[i]).append("=\"");
                escapeValue(values[i], text);
                text.append('"');
            }
            this.plain = text.append("} ").toString().getBytes(StandardCharsets.UTF_8);
            // The same but for the closing "} ": ',' in place of '}'.
            this.beforeLe = Arrays.copyOf(plain, plain.length - 1);
            beforeLe[beforeLe.length - 1] = ',';
        }
    }

    /** The scope's labels and the instance's (names distinct from the scope's), sorted by name. */
    static ScopeLabels of(Map<String, String> scopeLabels, Map<String, String> instanceLabels) {
        int size = scopeLabels.size() + instanceLabels.size();
        String[] names = new String[size];
        String[] values = new String[size];
        int n = 0;
        for (Map.Entry<String, String> label : scopeLabels.entrySet()) {
            insert(names, values, n++, label.getKey(), label.getValue());
        }
        for (Map.Entry<String, String> label : instanceLabels.entrySet()) {
            insert(names, values, n++, label.getKey(), label.getValue());
        }
        return new ScopeLabels(names, values);
    }

    /** Insertion sort of the label at {@code last} into those before it: a scope has two to six labels. */
    private static void insert(String[] names, String[] values, int last, String name, String value) {
        int i = last;
        for (; i > 0 && names[i - 1].compareTo(name) > 0; i--) {
            names[i] = names[i - 1];
            values[i] = values[i - 1];
        }
        names[i] = name;
        values[i] = value;
    }

    /** What follows the name on a line without an extra label: the label set and the space before the value. */
    byte[] plain() {
        return plain;
    }

    /** What follows the name on a bucket line, before {@code le}: the open label set, with a comma if not empty. */
    byte[] beforeLe() {
        return beforeLe;
    }

    private static void escapeValue(String value, StringBuilder to) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\\' -> to.append("\\\\");
                case '"' -> to.append("\\\"");
                case '\n' -> to.append("\\n");
                default -> to.append(c);
            }
        }
    }

    private static int compare(String[] a, String[] b) {
        int common = Math.min(a.length, b.length);
        for (int i = 0; i < common; i++) {
            int c = a[i].compareTo(b[i]);
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(a.length, b.length);
    }

    @Override
    public String toString() {
        return Arrays.toString(names) + "=" + Arrays.toString(values);
    }
}
