package dev.vigil.reporters.prometheus;

import dev.vigil.core.metrics.Metric;
import dev.vigil.core.metrics.MetricHistogram;
import dev.vigil.core.metrics.MetricRegistry;
import dev.vigil.core.metrics.MetricScope;
import dev.vigil.core.metrics.MetricSource;
import dev.vigil.core.metrics.MetricValue;
import io.prometheus.metrics.config.EscapingScheme;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.snapshots.ClassicHistogramBuckets;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricMetadata;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What {@link PrometheusExporter} wrote before it wrote the text itself: the registry as the client
 * library's snapshot model, written by the library's {@link PrometheusTextFormatWriter}. The exporter's
 * output must equal this one's, byte for byte.
 */
final class SnapshotOracle {

    private final MetricRegistry registry;
    private final LatencyBuckets buckets;
    private final boolean partitionHistograms;
    private final SelfMetrics self;
    private final CachedNames names = new CachedNames();

    SnapshotOracle(MetricRegistry registry, LatencyBuckets buckets, boolean partitionHistograms, SelfMetrics self) {
        this.registry = registry;
        this.buckets = buckets;
        this.partitionHistograms = partitionHistograms;
        this.self = self;
    }

    byte[] write(long now) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrometheusTextFormatWriter.create().write(out, scrape(now), EscapingScheme.UNDERSCORE_ESCAPING);
        return out.toByteArray();
    }

    MetricSnapshots scrape(long now) {
        Map<String, Family> families = new TreeMap<>();
        for (MetricScope.Type type : MetricScope.Type.values()) {
            boolean histograms = type != MetricScope.Type.PARTITION || partitionHistograms;
            List<Scoped> scopes = new ArrayList<>();
            registry.sources(type).forEach((scope, source) -> scopes.add(new Scoped(labelsOf(scope), scope, source)));
            scopes.sort(Comparator.comparing(Scoped::labels));
            scopes.forEach(s -> add(families, s, now, histograms));
        }
        List<MetricSnapshot> snapshots = new ArrayList<>(families.size());
        families.values().forEach(f -> snapshots.add(f.snapshot()));
        self.scrape().forEach(snapshots::add);
        return new MetricSnapshots(snapshots);
    }

    private record Scoped(Labels labels, MetricScope scope, MetricSource source) {
    }

    private void add(Map<String, Family> families, Scoped scoped, long now, boolean withHistograms) {
        MetricScope scope = scoped.scope();
        Labels labels = scoped.labels();
        for (MetricValue v : scoped.source().values(now)) {
            Metric metric = v.metric();
            Family family = families.computeIfAbsent(names.name(scope.type(), metric), n -> new Family(n, metric.help(),
                    metric.kind() == Metric.Kind.COUNTER ? Kind.COUNTER : Kind.GAUGE));
            family.add(labels, metric.unit().toBase(v.value()));
        }
        if (withHistograms) {
            for (MetricHistogram h : scoped.source().histograms(now)) {
                families.computeIfAbsent(names.name(scope.type(), h.metric()),
                                n -> new Family(n, h.metric().help(), Kind.HISTOGRAM))
                        .addHistogram(labels, h);
            }
        }
    }

    private Labels labelsOf(MetricScope scope) {
        Labels.Builder b = Labels.builder();
        scope.labels().forEach(b::label);
        self.instanceLabels().forEach(b::label);
        return b.build();
    }

    private enum Kind { GAUGE, COUNTER, HISTOGRAM }

    private final class Family {
        private final MetricMetadata metadata;
        private final Kind kind;
        private final List<GaugeSnapshot.GaugeDataPointSnapshot> gauges = new ArrayList<>();
        private final List<CounterSnapshot.CounterDataPointSnapshot> counters = new ArrayList<>();
        private final List<HistogramSnapshot.HistogramDataPointSnapshot> histograms = new ArrayList<>();

        Family(String name, String help, Kind kind) {
            this.metadata = new MetricMetadata(name, help);
            this.kind = kind;
        }

        void add(Labels labels, double value) {
            if (kind == Kind.COUNTER) {
                counters.add(CounterSnapshot.CounterDataPointSnapshot.builder().value(value).labels(labels).build());
            } else {
                gauges.add(GaugeSnapshot.GaugeDataPointSnapshot.builder().value(value).labels(labels).build());
            }
        }

        void addHistogram(Labels labels, MetricHistogram h) {
            long count = h.micros().totalCount();
            double sumSeconds = count == 0 ? 0 : h.metric().unit().toBase(h.micros().meanMicros() * count);
            histograms.add(HistogramSnapshot.HistogramDataPointSnapshot.builder()
                    .classicHistogramBuckets(
                            ClassicHistogramBuckets.of(buckets.upperSeconds(), buckets.counts(h.micros())))
                    .sum(sumSeconds)
                    .labels(labels)
                    .build());
        }

        MetricSnapshot snapshot() {
            return switch (kind) {
                case GAUGE -> new GaugeSnapshot(metadata, gauges);
                case COUNTER -> new CounterSnapshot(metadata, counters);
                case HISTOGRAM -> new HistogramSnapshot(metadata, histograms);
            };
        }
    }
}
