package dev.vigil.reporters.prometheus;

import dev.vigil.core.metrics.Metric;
import dev.vigil.core.metrics.MetricHistogram;
import dev.vigil.core.metrics.MetricRegistry;
import dev.vigil.core.metrics.MetricScope;
import dev.vigil.core.metrics.MetricSource;
import dev.vigil.core.metrics.MetricValue;
import dev.vigil.core.time.MicroClock;
import io.prometheus.metrics.config.EscapingScheme;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;

import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns the metric registry into Prometheus' text exposition, on demand (one scrape = one read of
 * every scope). Gauges and counters come from each scope's values; latency histograms are
 * exported as classic buckets for clusters and brokers, and for partitions only when asked,
 * because 2 histograms × 18 series per partition is what blows up a Prometheus at 1,000
 * partitions.
 *
 * <p>The registry's families are written straight from the scopes ({@link ExpositionFamily}), byte for
 * byte as the client library's writer wrote a snapshot model of them, which at a hundred clusters
 * (5 MB of text) cost twice the CPU: an object per point, and every line's labels escaped again.
 * Vigil's own metrics ({@link SelfMetrics}, a few dozen lines) still go through the client library,
 * in their places in the name order as before.
 */
public final class PrometheusExporter {

    private static final int SINK_BUFFER = 16 * 1024;

    private final MetricRegistry registry;
    private final MicroClock clock;
    private final LatencyBuckets buckets;
    private final BucketBounds bounds;
    private final boolean partitionHistograms;
    private final SelfMetrics self;
    private final PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();
    private final CachedNames names = new CachedNames();

    /** An exporter of the registry's scopes only. */
    public PrometheusExporter(MetricRegistry registry, MicroClock clock, LatencyBuckets buckets,
                              boolean partitionHistograms) {
        this(registry, clock, buckets, partitionHistograms, SelfMetrics.none());
    }

    /** @param self Vigil's build info and JVM metrics, appended to every scrape */
    public PrometheusExporter(MetricRegistry registry, MicroClock clock, LatencyBuckets buckets,
                              boolean partitionHistograms, SelfMetrics self) {
        this.registry = registry;
        this.clock = clock;
        this.buckets = buckets;
        this.bounds = new BucketBounds(buckets.upperSeconds());
        this.partitionHistograms = partitionHistograms;
        this.self = self;
    }

    public String contentType() {
        return writer.getContentType();
    }

    /** Every family in name order, Vigil's own ({@link SelfMetrics}) among them: consecutive scrapes read the same. */
    public void write(OutputStream out) throws IOException {
        List<ExpositionFamily> families = families(clock.nowMicros());
        List<MetricSnapshot> own = new ArrayList<>();
        self.scrape().forEach(own::add);
        TextSink sink = new TextSink(out, SINK_BUFFER);
        int written = 0;
        for (ExpositionFamily family : families) {
            int before = written;
            while (before < own.size()
                    && own.get(before).getMetadata().getPrometheusName().compareTo(family.name()) < 0) {
                before++;
            }
            writeOwn(sink, out, own.subList(written, before));
            written = before;
            family.writeTo(sink, bounds);
        }
        writeOwn(sink, out, own.subList(written, own.size()));
        sink.flush();
    }

    /** Vigil's own families, sorted by name as {@link SelfMetrics} gives them, through the client library's writer. */
    private void writeOwn(TextSink sink, OutputStream out, List<MetricSnapshot> snapshots) throws IOException {
        if (!snapshots.isEmpty()) {
            sink.flush();
            writer.write(out, new MetricSnapshots(snapshots), EscapingScheme.UNDERSCORE_ESCAPING);
        }
    }

    /**
     * The registry's families in name order, each with its points in the order of their label sets.
     * All scopes are sorted once, across types, since scopes of several types (a broker's, its error
     * classes', its connection phases') can share a family.
     */
    private List<ExpositionFamily> families(long now) {
        List<Scoped> scopes = new ArrayList<>(registry.size());
        int[] ofType = new int[MetricScope.Type.values().length];
        for (MetricScope.Type type : MetricScope.Type.values()) {
            boolean histograms = type != MetricScope.Type.PARTITION || partitionHistograms;
            Map<MetricScope, MetricSource> sources = registry.sources(type);
            ofType[type.ordinal()] = sources.size();
            sources.forEach((scope, source) -> scopes.add(new Scoped(
                    ScopeLabels.of(scope.labels(), self.instanceLabels()), scope.type(), source, histograms)));
        }
        scopes.sort((a, b) -> ScopeLabels.ORDER.compare(a.labels(), b.labels()));
        Map<String, ExpositionFamily> families = new HashMap<>();
        for (Scoped scoped : scopes) {
            for (MetricValue v : scoped.source().values(now)) {
                Metric metric = v.metric();
                family(families, scoped.type(), metric, metric.kind() == Metric.Kind.COUNTER
                        ? ExpositionFamily.Kind.COUNTER : ExpositionFamily.Kind.GAUGE, ofType)
                        .add(scoped.labels(), metric.unit().toBase(v.value()));
            }
            if (scoped.histograms()) {
                for (MetricHistogram h : scoped.source().histograms(now)) {
                    family(families, scoped.type(), h.metric(), ExpositionFamily.Kind.HISTOGRAM, ofType)
                            .add(scoped.labels(), h);
                }
            }
        }
        List<ExpositionFamily> sorted = new ArrayList<>(families.values());
        sorted.sort((a, b) -> a.name().compareTo(b.name()));
        return sorted;
    }

    /** @param ofType how many scopes each type has: a family's first guess at its number of points */
    private ExpositionFamily family(Map<String, ExpositionFamily> families, MetricScope.Type type, Metric metric,
                                    ExpositionFamily.Kind kind, int[] ofType) {
        String name = names.name(type, metric);
        // Looked up before it is put, since a capturing lambda for computeIfAbsent is an allocation per value.
        ExpositionFamily family = families.get(name);
        if (family == null) {
            family = new ExpositionFamily(name, metric.help(), kind, buckets, ofType[type.ordinal()]);
            families.put(name, family);
        }
        return family;
    }

    private record Scoped(ScopeLabels labels, MetricScope.Type type, MetricSource source, boolean histograms) {
    }
}
