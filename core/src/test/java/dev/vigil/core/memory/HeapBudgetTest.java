package dev.vigil.core.memory;

import dev.vigil.core.config.ClusterConfig;
import dev.vigil.core.config.ConfigLoader;
import dev.vigil.core.config.VigilConfig;
import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class HeapBudgetTest {

    private static final long MIB = 1024 * 1024;

    private static VigilConfig config(String clusters) {
        return ConfigLoader.parse("{\"clusters\": [" + clusters + "]}", "test.json");
    }

    @Test
    void theIssuesExampleNeedsGigabytesAndNamesTheLossGrace() {
        // 100 ms probes, 1 h grace, 100 partitions per broker on 30 brokers (the bootstrap list names them all).
        StringBuilder servers = new StringBuilder();
        for (int b = 1; b <= 30; b++) {
            servers.append(b > 1 ? "," : "").append("kafka-").append(b).append(":9092");
        }
        VigilConfig config = config("{\"name\": \"prod\", \"bootstrap.servers\": \"" + servers
                + "\", \"probe.interval.ms\": 100, \"loss.grace.ms\": 3600000, \"partitions.per.broker\": 100}");
        HeapBudget budget = new HeapBudget(config, 512 * MIB);

        // 3,000 partitions, each with a ring of 131,072 slots of 24 bytes: 9 GiB for the rings alone.
        assertThat(budget.estimateBytes()).isGreaterThan(3_000L * 131_072 * 24);
        Optional<String> refusal = budget.check();
        assertThat(refusal).hasValueSatisfying(line -> {
            assertThat(line).startsWith("clusters[0].loss.grace.ms: Vigil's state needs an estimated ")
                    .contains("more than the 384 MiB it may use (3/4 of the JVM's max heap, 512 MiB)")
                    .contains("each partition's ledger ring of 131072 probes of cluster prod (8.8 GiB for 3000 partitions"
                            + " on 30 brokers, partitions.per.broker 100)")
                    .contains("lower loss.grace.ms 3600000 at probe.interval.ms 100; or raise probe.interval.ms")
                    .doesNotContain("\\n");
        });
    }

    @Test
    void theDefaultSandboxFitsA256MiBHeap() {
        HeapBudget budget = new HeapBudget(config("{\"name\": \"sb\", \"sandbox\": {}}"), 256 * MIB);
        assertThat(budget.check()).isEmpty();
        // The sandbox's 3 brokers and controller are most of it; under the 192 MiB the budget allows.
        assertThat(budget.estimateBytes()).isBetween(64 * MIB, 192 * MIB);
    }

    @Test
    void everyGroupOfAMillionGroupPartitionsIsRefusedNamingTheCapWhileTheDefaultCapFitsTheShippedHeap() {
        String cluster = "{\"name\": \"prod\", \"bootstrap.servers\": \"k:9092\", \"consumer.groups.include\": \".*\"";
        // The default cap, 100,000 group partitions, at the heap the image and the start script give Vigil.
        assertThat(new HeapBudget(config(cluster + "}"), 512 * MIB).check()).isEmpty();
        assertThat(new HeapBudget(config(cluster + "}"), 384 * MIB).check()).isEmpty();

        Optional<String> refusal = new HeapBudget(config(cluster + ", \"lag.max.group.partitions\": 1000000}"),
                512 * MIB).check();
        assertThat(refusal).hasValueSatisfying(line -> assertThat(line)
                .startsWith("clusters[0].lag.max.group.partitions: Vigil's state needs an estimated ")
                .contains("the largest part is the consumer-group lag windows of at most 1000000 group partitions of"
                        + " cluster prod (1.0 GiB for ")
                .contains("lower lag.max.group.partitions 1000000 at lag.window 10; or narrow consumer.groups.include,"
                        + " or give Vigil more heap (-Xmx in VIGIL_JAVA_OPTS)"));
    }

    @Test
    void checkConfigAssumesThreeBrokersOrAsManyAsTheBootstrapListNames() {
        ClusterConfig one = config("{\"name\": \"a\", \"bootstrap.servers\": \"k:9092\"}").clusters().get(0);
        ClusterConfig five = config("{\"name\": \"b\", \"bootstrap.servers\": \"k1:1,k2:1,k3:1,k4:1,k5:1\","
                + " \"partitions.per.broker\": 7}").clusters().get(0);
        ClusterConfig sandbox = config("{\"name\": \"c\", \"sandbox\": {\"brokers\": 2}}").clusters().get(0);
        assertThat(HeapBudget.assumedSize(one)).isEqualTo(new HeapEstimate.Size(3, 6));
        assertThat(HeapBudget.assumedSize(five)).isEqualTo(new HeapEstimate.Size(5, 35));
        assertThat(HeapBudget.assumedSize(sandbox)).isEqualTo(new HeapEstimate.Size(2, 4));
    }

    @Test
    void growthIsAdmittedWhileItFitsAndARefusedSizeIsNotRecorded() {
        HeapBudget budget = new HeapBudget(config("{\"name\": \"prod\", \"bootstrap.servers\": \"k:9092\"}"),
                512 * MIB);
        assertThat(budget.admit("prod", new HeapEstimate.Size(10, 2_000))).isEmpty();
        long admitted = budget.estimateBytes();

        Optional<String> refusal = budget.admit("prod", new HeapEstimate.Size(100, 100_000));
        // At the defaults (1 s probes, 30 s grace) a partition's fixed state is its largest part.
        assertThat(refusal).hasValueSatisfying(line -> assertThat(line)
                .startsWith("clusters[0].partitions.per.broker: ")
                .contains("for 100000 partitions on 100 brokers, partitions.per.broker 2)")
                .endsWith("lower partitions.per.broker 2, or give Vigil more heap (-Xmx in VIGIL_JAVA_OPTS)"));
        assertThat(budget.estimateBytes()).isEqualTo(admitted);
    }

    @Test
    void anotherClustersSizeCountsAgainstAGrowth() {
        VigilConfig two = config("{\"name\": \"a\", \"bootstrap.servers\": \"k:9092\"},"
                + " {\"name\": \"b\", \"bootstrap.servers\": \"j:9092\"}");
        HeapBudget budget = new HeapBudget(two, 512 * MIB);
        assertThat(budget.admit("a", new HeapEstimate.Size(10, 9_000))).isEmpty();
        // b alone at this size would fit (a at 9,000 did); with a at 9,000 it does not, and b is named.
        assertThat(budget.admit("b", new HeapEstimate.Size(10, 9_000)))
                .hasValueSatisfying(line -> assertThat(line).startsWith("clusters[1].partitions.per.broker: ")
                        .contains("of cluster b "));
        budget.observed("a", new HeapEstimate.Size(3, 6));
        assertThat(budget.admit("b", new HeapEstimate.Size(10, 9_000))).isEmpty();
    }

    @Test
    void manyModestClustersAreNotBlamedOnOneKeyOfOneCluster() {
        StringBuilder clusters = new StringBuilder();
        for (int c = 1; c <= 100; c++) {
            clusters.append(c > 1 ? ", " : "").append("{\"name\": \"c").append(c)
                    .append("\", \"bootstrap.servers\": \"k").append(c).append(":9092\"}");
        }
        HeapBudget budget = new HeapBudget(config(clusters.toString()), 256 * MIB);
        // Each at its defaults is small; a hundred of them are not, and lowering one cluster's key cannot help.
        assertThat(budget.check()).hasValueSatisfying(line -> assertThat(line)
                .startsWith("clusters: Vigil's state needs an estimated ")
                .contains("and even without cluster c1 the other 99 would not fit")
                .endsWith("give Vigil more heap (-Xmx in VIGIL_JAVA_OPTS), or split the clusters between Vigil processes")
                .doesNotContain("; lower "));
        // One of them alone fits the same heap.
        assertThat(new HeapBudget(config("{\"name\": \"c1\", \"bootstrap.servers\": \"k1:9092\"}"), 256 * MIB)
                .check()).isEmpty();
    }

    @Test
    void aLargeMirrorGraceIsNamedWhenItsRingIsTheLargestPart() {
        VigilConfig config = config("{\"name\": \"src\", \"bootstrap.servers\": \"k:9092\", \"probe.interval.ms\": 100,"
                + " \"partitions.per.broker\": 100, \"mirror\": {\"to\": \"dr\", \"loss.grace.ms\": 3600000}},"
                + " {\"name\": \"dr\", \"bootstrap.servers\": \"j:9092\"}");
        assertThat(new HeapBudget(config, 512 * MIB).check()).hasValueSatisfying(line ->
                assertThat(line).startsWith("clusters[0].mirror.loss.grace.ms: "));
    }
}
