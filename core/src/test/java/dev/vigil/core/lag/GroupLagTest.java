package dev.vigil.core.lag;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class GroupLagTest {

    @Test
    void partitionsAreKeptInTopicAndPartitionOrderAndFoundByBoth() {
        PartitionLag b1 = partition("b", 1, LagStatus.STOP, 7);
        PartitionLag a10 = partition("a", 10, LagStatus.OK, 0);
        PartitionLag a2 = partition("a", 2, LagStatus.WARN, 3);

        GroupLag g = GroupLag.of("g", "Empty", 0, List.of(b1, a10, a2));

        assertThat(g.partitions()).containsExactly(a2, a10, b1);
        assertThat(g.partition("a", 10)).contains(a10);
        assertThat(g.partition("b", 1)).contains(b1);
        assertThat(g.partition("a", 1)).isEmpty();
        assertThat(g.partition("c", 2)).isEmpty();
        assertThat(g.status()).isEqualTo(LagStatus.STOP);
        assertThat(g.lagRecords()).isEqualTo(10);
    }

    @Test
    void aPartitionsValuesAreItsStatusNumberLagAndAge() {
        assertThat(partition("t", 0, LagStatus.STALL, 12).values()).extracting(v -> v.metric().name(), v -> v.value())
                .containsExactly(org.assertj.core.groups.Tuple.tuple("status", 5.0),
                        org.assertj.core.groups.Tuple.tuple("lagRecords", 12.0),
                        org.assertj.core.groups.Tuple.tuple("lagMicros", 2_500_000.0));
    }

    @Test
    void theStatusGaugesHelpGivesBurrowsNumberOfEachStatus() {
        String legend = "NOTFOUND 0, OK 1, WARN 2, ERR 3, STOP 4, STALL 5, REWIND 6";
        assertThat(GroupLag.STATUS.help()).endsWith("the worst of its partitions': " + legend);
        assertThat(PartitionLag.STATUS.help()).endsWith("partition: " + legend);
    }

    private static PartitionLag partition(String topic, int partition, LagStatus status, long lag) {
        return new PartitionLag(topic, partition, 100, 100 + lag, lag, status, 2_500_000.0, List.of());
    }
}
