package dev.vigil.reporters.prometheus;

import dev.vigil.core.metrics.MetricHistogram;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * One metric family of a scrape, its points gathered from the scopes in {@link ScopeLabels#ORDER}
 * and written as Prometheus' text format 0.0.4 exactly as the client library's
 * {@code PrometheusTextFormatWriter} (1.10.0) wrote the snapshot of the same points: {@code # HELP}
 * (help escaped, left out when empty) and {@code # TYPE} lines, then a line per point; counters
 * named with {@code _total}; histograms as cumulative {@code _bucket} lines with {@code le} after the
 * scope's labels, then {@code _count} and {@code _sum}. Points are kept in parallel arrays rather than
 * an object each, since a hundred-cluster scrape has some fifty thousand of them.
 */
final class ExpositionFamily {

    enum Kind { GAUGE, COUNTER, HISTOGRAM }

    private final String name;
    private final String help;
    private final Kind kind;
    private final LatencyBuckets buckets;
    private ScopeLabels[] labels;
    private double[] values;
    private MetricHistogram[] histograms;
    private int size;

    /**
     * @param name    a plain snake-case name, without {@code _total} for a counter
     * @param buckets the bounds histograms are written in; unused by gauges and counters
     * @param points  how many points it is likely to have (its scope type's scopes), so that a family
     *                of a thousand partitions is not copied ten times as it grows
     */
    ExpositionFamily(String name, String help, Kind kind, LatencyBuckets buckets, int points) {
        this.name = name;
        this.help = help;
        this.kind = kind;
        this.buckets = buckets;
        int capacity = Math.max(points, 1);
        this.labels = new ScopeLabels[capacity];
        if (kind == Kind.HISTOGRAM) {
            this.histograms = new MetricHistogram[capacity];
        } else {
            this.values = new double[capacity];
        }
    }

    String name() {
        return name;
    }

    /** A gauge's or a counter's point; points must come in {@link ScopeLabels#ORDER}. */
    void add(ScopeLabels scope, double value) {
        grow();
        labels[size] = scope;
        values[size++] = value;
    }

    /** A histogram's point, in microseconds; points must come in {@link ScopeLabels#ORDER}. */
    void add(ScopeLabels scope, MetricHistogram histogram) {
        grow();
        labels[size] = scope;
        histograms[size++] = histogram;
    }

    void writeTo(TextSink out, BucketBounds bounds) throws IOException {
        switch (kind) {
            case GAUGE -> writePlain(out, name, "gauge");
            case COUNTER -> writePlain(out, name + "_total", "counter");
            case HISTOGRAM -> writeHistograms(out, bounds);
        }
    }

    private void writePlain(TextSink out, String lineName, String type) throws IOException {
        writeMetadata(out, lineName, type);
        for (int i = 0; i < size; i++) {
            out.writeAscii(lineName);
            out.write(labels[i].plain());
            out.writeDouble(values[i]);
            out.write('\n');
        }
    }

    private void writeHistograms(TextSink out, BucketBounds bounds) throws IOException {
        writeMetadata(out, name, "histogram");
        String bucket = name + "_bucket";
        String count = name + "_count";
        String sum = name + "_sum";
        for (int i = 0; i < size; i++) {
            MetricHistogram h = histograms[i];
            long[] counts = buckets.counts(h.micros());
            long cumulative = 0;
            for (int b = 0; b < counts.length; b++) {
                cumulative += counts[b];
                out.writeAscii(bucket);
                out.write(labels[i].beforeLe());
                out.write(bounds.le(b));
                out.writeLong(cumulative);
                out.write('\n');
            }
            out.writeAscii(count);
            out.write(labels[i].plain());
            out.writeLong(cumulative);
            out.write('\n');
            out.writeAscii(sum);
            out.write(labels[i].plain());
            out.writeDouble(sumSeconds(h));
            out.write('\n');
        }
    }

    /** As the snapshot model had it: the mean times the count, in seconds; 0 when empty. */
    static double sumSeconds(MetricHistogram h) {
        long count = h.micros().totalCount();
        return count == 0 ? 0 : h.metric().unit().toBase(h.micros().meanMicros() * count);
    }

    private void writeMetadata(TextSink out, String metadataName, String type) throws IOException {
        if (!help.isEmpty()) {
            out.writeAscii("# HELP ");
            out.writeAscii(metadataName);
            out.write(' ');
            out.write(escapeHelp(help).getBytes(StandardCharsets.UTF_8));
            out.write('\n');
        }
        out.writeAscii("# TYPE ");
        out.writeAscii(metadataName);
        out.write(' ');
        out.writeAscii(type);
        out.write('\n');
    }

    private static String escapeHelp(String help) {
        return help.replace("\\", "\\\\").replace("\n", "\\n");
    }

    private void grow() {
        if (size == labels.length) {
            labels = Arrays.copyOf(labels, size * 2);
            if (histograms != null) {
                histograms = Arrays.copyOf(histograms, size * 2);
            } else {
                values = Arrays.copyOf(values, size * 2);
            }
        }
    }
}
