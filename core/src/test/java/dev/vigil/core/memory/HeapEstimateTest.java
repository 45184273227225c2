package dev.vigil.core.memory;

import dev.vigil.core.config.ClusterConfig;
import dev.vigil.core.config.ConfigLoader;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class HeapEstimateTest {

    private static ClusterConfig cluster(String keys) {
        return ConfigLoader.parse("{\"clusters\": [{\"name\": \"c\", \"bootstrap.servers\": \"k:9092\"" + keys + "}]}",
                "test.json").clusters().get(0);
    }

    private static long part(HeapEstimate.Cluster estimate, String prefix) {
        return estimate.parts().stream().filter(p -> p.name().startsWith(prefix)).mapToLong(HeapEstimate.Part::bytes)
                .sum();
    }

    @Test
    void ledgerRingsAreSizedAsTheLedgerSizesThem() {
        // 100 ms probes, 60 s grace: 2 x 600 + 64 slots, rounded up to 2,048; 24 bytes each (the third long: the offset).
        HeapEstimate.Cluster estimate = HeapEstimate.of(cluster(", \"probe.interval.ms\": 100, \"loss.grace.ms\": 60000"),
                new HeapEstimate.Size(3, 300), false);
        assertThat(part(estimate, "each partition's ledger ring of 2048 probes")).isEqualTo(300L * 2_048 * 24);
    }

    @Test
    void theEstimateGrowsWithPartitionsAndWithPartitionHistograms() {
        ClusterConfig config = cluster("");
        long small = HeapEstimate.of(config, new HeapEstimate.Size(3, 6), false).bytes();
        long large = HeapEstimate.of(config, new HeapEstimate.Size(3, 600), false).bytes();
        long withHistograms = HeapEstimate.of(config, new HeapEstimate.Size(3, 600), true).bytes();
        assertThat(large - small).isGreaterThanOrEqualTo(594L * HeapEstimate.PARTITION_BASE_BYTES);
        // Each partition's two windows may keep up to 8,192 entries since start.
        assertThat(withHistograms - large).isEqualTo(600L * 2 * HeapEstimate.DISTINCT_INDEXES * HeapEstimate.WINDOW_ENTRY_BYTES);
    }

    @Test
    void fetchedRecordsAreBoundedPerBrokerByTheFetchSizeOrTheOperatorsOne() {
        HeapEstimate.Cluster vigils = HeapEstimate.of(cluster(""), new HeapEstimate.Size(5, 10), false);
        assertThat(part(vigils, "the consumers' fetched records")).isEqualTo(5L * 3 * 1024 * 1024);
        HeapEstimate.Cluster operators = HeapEstimate.of(cluster(", \"client\": {\"fetch.max.bytes\": 52428800}"),
                new HeapEstimate.Size(5, 10), false);
        assertThat(part(operators, "the consumers' fetched records")).isEqualTo(5L * 3 * 52_428_800);
        assertThat(operators.largestLowerable().key()).isEqualTo("client.fetch.max.bytes");
    }

    @Test
    void consumerGroupLagCountsOnlyWithIncludeAtItsCapAndWindow() {
        HeapEstimate.Size size = new HeapEstimate.Size(3, 6);
        assertThat(part(HeapEstimate.of(cluster(""), size, false), "the consumer-group lag")).isZero();

        // The default cap, 100,000 group partitions of windows of 10: 1,120 bytes each, and the dashboard's history.
        HeapEstimate.Cluster defaults = HeapEstimate.of(cluster(", \"consumer.groups.include\": \".*\""), size, false);
        assertThat(part(defaults, "the consumer-group lag windows of at most 100000 group partitions"))
                .isEqualTo(100_000L * 1_120 + 3 * 1024 * 1024);
        // Never below what bench/RESULTS.md measured: 65.5 MiB for 100,000 group partitions after six rounds.
        assertThat(part(defaults, "the consumer-group lag")).isGreaterThan(65_500_000L * 1024 * 1024 / 1_000_000);

        HeapEstimate.Cluster large = HeapEstimate.of(cluster(", \"consumer.groups.include\": \".*\","
                + " \"lag.max.group.partitions\": 1000000, \"lag.window\": 20"), size, false);
        assertThat(part(large, "the consumer-group lag")).isEqualTo(1_000_000L * (560 + 20 * 56) + 3 * 1024 * 1024);
        assertThat(large.largestLowerable().key()).isEqualTo("lag.max.group.partitions");
        assertThat(large.largestLowerable().why()).isEqualTo(
                "lag.max.group.partitions 1000000 at lag.window 20; or narrow consumer.groups.include");
    }
}
