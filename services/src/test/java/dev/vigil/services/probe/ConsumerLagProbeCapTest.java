package dev.vigil.services.probe;

import dev.vigil.core.config.ConsumerLagConfig;
import dev.vigil.core.lag.LagSnapshot;
import dev.vigil.core.time.MicroClock;
import dev.vigil.services.SharedSandbox;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code lag.max.group.partitions} when the groups are described and fetched a few per Admin call, on a real
 * sandbox: the cap sees the groups in the same order across calls, so the choice is the one a single call makes.
 */
class ConsumerLagProbeCapTest {

    private static final String TOPIC = "lag-slices-data";

    @RegisterExtension
    static final SharedSandbox shared = new SharedSandbox(1);

    @Test
    void groupsFetchedTwoPerCallAreKeptInGroupIdOrderUpToTheCap() throws Exception {
        shared.admin().createTopics(List.of(new NewTopic(TOPIC, 2, (short) 1))).all().get();
        // Five groups of two partitions, committed in an order unlike their ids'.
        for (String group : List.of("slices-e", "slices-b", "slices-d", "slices-a", "slices-c")) {
            Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
            offsets.put(new TopicPartition(TOPIC, 0), new OffsetAndMetadata(0));
            offsets.put(new TopicPartition(TOPIC, 1), new OffsetAndMetadata(0));
            shared.admin().alterConsumerGroupOffsets(group, offsets).all().get();
        }
        ConsumerLagConfig config = new ConsumerLagConfig(Optional.of(Pattern.compile("slices-.*")), Optional.empty(),
                Duration.ofSeconds(1), 3, false).withMaxGroupPartitions(6);
        BlockingQueue<LagSnapshot> snapshots = new LinkedBlockingQueue<>();
        ConsumerLagProbe probe = new ConsumerLagProbe("slices", config, shared.admin(), Optional.empty(),
                MicroClock.system(), snapshots::add, 0, 2);
        probe.start();
        try {
            for (int round = 1; round <= 3; round++) {
                LagSnapshot s = snapshots.poll(60, TimeUnit.SECONDS);
                assertThat(s).as("round %d", round).isNotNull();
                assertThat(s.groups()).as("round %d", round).containsOnlyKeys("slices-a", "slices-b", "slices-c");
                assertThat(s.skipped()).as("round %d", round).isEqualTo(2);
            }
        } finally {
            probe.stop();
            assertThat(probe.awaitShutdown(Duration.ofSeconds(10))).isTrue();
        }
    }
}
