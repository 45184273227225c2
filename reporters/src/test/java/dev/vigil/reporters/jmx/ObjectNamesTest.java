package dev.vigil.reporters.jmx;

import dev.vigil.core.metrics.MetricScope;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ObjectNamesTest {

    @Test
    void commonNamesAreExactlyTheDesignedOnes() {
        assertThat(ObjectNames.of(MetricScope.cluster("prod-east.1")).toString())
                .isEqualTo("vigil:type=cluster,cluster=prod-east.1");
        assertThat(ObjectNames.of(MetricScope.broker("prod_east", 3)).toString())
                .isEqualTo("vigil:type=broker,cluster=prod_east,broker=3");
        assertThat(ObjectNames.of(MetricScope.partition("prod", "__vigil_probe", 11)).toString())
                .isEqualTo("vigil:type=partition,cluster=prod,topic=__vigil_probe,partition=11");
        assertThat(ObjectNames.of(MetricScope.consumerGroup("prod", "payments-eu")).toString())
                .isEqualTo("vigil:type=consumer-group,cluster=prod,group=payments-eu");
        assertThat(ObjectNames.of(MetricScope.consumerGroupPartition("prod", "payments-eu", "payments", 7)).toString())
                .isEqualTo("vigil:type=consumer-group-partition,cluster=prod,group=payments-eu,topic=payments,partition=7");
        assertThat(ObjectNames.xinfraProduce("prod").toString()).isEqualTo("kmf.services:type=produce-service,name=prod");
        assertThat(ObjectNames.xinfraConsume("prod").toString()).isEqualTo("kmf.services:type=consume-service,name=prod");
    }

    @Test
    void onlyValuesJmxCannotTakeAsIsAreQuoted() {
        assertThat(ObjectNames.value("a b")).isEqualTo("a b");
        assertThat(ObjectNames.value("a,b")).isEqualTo("\"a,b\"");
        assertThat(ObjectNames.value("k=v")).isEqualTo("\"k=v\"");
        assertThat(ObjectNames.value("host:9092")).isEqualTo("\"host:9092\"");
        assertThat(ObjectNames.value("say \"hi\"")).isEqualTo("\"say \\\"hi\\\"\"");
        assertThat(ObjectNames.value("what?")).isEqualTo("\"what\\?\"");
        assertThat(ObjectNames.value("all*")).isEqualTo("\"all\\*\"");
        assertThat(ObjectNames.value("")).isEqualTo("\"\"");
        assertThat(ObjectNames.xinfraProduce("x:y").getKeyProperty("name")).isEqualTo("\"x:y\"");
        assertThat(ObjectNames.xinfraProduce("x:y").isPattern()).isFalse();
    }
}
