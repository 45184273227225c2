package dev.vigil.app;

import dev.vigil.sandbox.SandboxCluster;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A flood of large foreign records on the monitor topic does not exhaust a small heap: 200 records of 1 MB
 * written while Vigil runs at {@code -Xmx256m} (a separate JVM, with {@code -XX:+ExitOnOutOfMemoryError} as
 * bin/vigil-start.sh gives it) are read and counted as foreign, exactly 200, and probing stays at
 * availability 1.
 *
 * <p>60 partitions on 3 brokers: with Kafka's fetch sizes (1 MiB a partition, 50 MiB a fetch) one fetch
 * round could hold 60 MB of them, and the poll's copies as much again; with Vigil's
 * ({@code ProbeConfig#fetchMaxBytes}) a fetch holds one of them.
 *
 * <p>Tagged {@code alone}: it runs after app's other test classes, with no test beside it (app/pom.xml).
 * The flood takes most of two cores, and availability must stay 1 throughout, so a test class in the other
 * fork would be competing for the CPU that keeps the probes within their SLA.
 */
@Tag("alone")
class ForeignFloodProcessTest {

    private static final String TOPIC = "flooded";
    private static final int PARTITIONS = 60;
    private static final int RECORDS = 200;
    private static final int RECORD_BYTES = 1_000_000;

    @TempDir
    Path dir;

    @Test
    void twoHundredForeignRecordsOfOneMegabyteAreCountedAndProbingStaysAtOne() throws Exception {
        try (SandboxCluster sandbox = SandboxCluster.start(3);
             Admin admin = Admin.create(sandbox.adminConfig())) {
            admin.createTopics(List.of(new NewTopic(TOPIC, PARTITIONS, (short) 1))).all().get();
            Path config = Files.writeString(dir.resolve("flood.json"), """
                    {"summary.interval.ms": 5000, "http.port": 0,
                     "clusters": [{"name": "flood", "bootstrap.servers": "%s", "topic": "%s",
                       "topic.management": "off", "probe.interval.ms": 500}]}""".formatted(sandbox.bootstrapServers(), TOPIC));
            Process vigil = start(config);
            List<String> lines = new CopyOnWriteArrayList<>();
            Thread reader = new Thread(() -> VigilProcesses.readLines(vigil, lines));
            reader.start();
            try {
                await().atMost(Duration.ofSeconds(90)).until(() -> VigilProcesses.port(lines) > 0);
                URI metrics = URI.create("http://127.0.0.1:" + VigilProcesses.port(lines) + "/metrics");
                HttpClient http = HttpClient.newHttpClient();
                await().atMost(Duration.ofSeconds(90)).ignoreExceptions().until(() ->
                        value(http, metrics, "vigil_consume_availability_ratio") == 1.0);

                flood(sandbox);
                await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                        .until(() -> value(http, metrics, "vigil_foreign_records_total") == RECORDS);
                // Past the loss grace (30 s) of every probe sent during the flood.
                await().during(Duration.ofSeconds(35)).atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1))
                        .until(() -> vigil.isAlive()
                                && value(http, metrics, "vigil_produce_availability_ratio") == 1.0
                                && value(http, metrics, "vigil_consume_availability_ratio") == 1.0
                                && value(http, metrics, "vigil_lost_acked_total") == 0.0
                                && value(http, metrics, "vigil_lost_unacked_total") == 0.0);
                assertThat(value(http, metrics, "vigil_foreign_records_total")).isEqualTo(RECORDS);
                assertThat(value(http, metrics, "vigil_other_session_records_total")).isZero();
                assertThat(lines).noneMatch(l -> l.contains("OutOfMemoryError"));
            } finally {
                lines.stream().filter(l -> l.contains("WARN") || l.contains("ERROR") || l.startsWith("vigil cluster="))
                        .forEach(l -> System.out.println("vigil: " + l)); // what the operator would have seen
                vigil.toHandle().destroy();
                Path gc = dir.resolve("gc.log");
                (Files.exists(gc) ? Files.readAllLines(gc) : List.<String>of()).stream().filter(l -> l.contains("Pause"))
                        .reduce((a, b) -> b).ifPresent(l -> System.out.println("vigil's last GC: " + l));
                assertThat(vigil.waitFor(15, TimeUnit.SECONDS)).isTrue();
                reader.join(5_000);
            }
        }
    }

    /**
     * Writes the records round-robin over the partitions, ten at a time (10 MB) with a second between: the
     * brokers share this JVM and two cores with the test, and 200 MB at once would slow their acks to Vigil's
     * probes beyond the SLA (a real cluster takes 10 MB/s in its stride).
     */
    private static void flood(SandboxCluster sandbox) throws Exception {
        Map<String, Object> props = new HashMap<>(sandbox.adminConfig());
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        props.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 2 * RECORD_BYTES);
        byte[] value = new byte[RECORD_BYTES]; // zeros: no Vigil magic, so foreign
        List<Future<RecordMetadata>> acks = new ArrayList<>();
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props)) {
            for (int i = 0; i < RECORDS; i++) {
                acks.add(producer.send(new ProducerRecord<>(TOPIC, i % PARTITIONS, null, value)));
                if (acks.size() == 10) {
                    for (Future<RecordMetadata> ack : acks) {
                        ack.get(60, TimeUnit.SECONDS);
                    }
                    acks.clear();
                    Thread.sleep(1_000);
                }
            }
        }
    }

    /** A sample of the cluster "flood" from /metrics; NaN when absent. */
    private static double value(HttpClient http, URI metrics, String name) throws Exception {
        String body = http.send(HttpRequest.newBuilder(metrics).build(), HttpResponse.BodyHandlers.ofString()).body();
        String prefix = name + "{cluster=\"flood\"} ";
        return body.lines().filter(l -> l.startsWith(prefix)).mapToDouble(l -> Double.parseDouble(l.substring(prefix.length())))
                .findFirst().orElse(Double.NaN);
    }

    private Process start(Path config) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = List.of(java, "-Xmx256m", "-XX:+ExitOnOutOfMemoryError", "-Djava.io.tmpdir=" + dir,
                "-Xlog:gc:file=" + dir.resolve("gc.log"),
                "-cp", VigilProcesses.classPath(), Vigil.class.getName(), config.toString());
        return new ProcessBuilder(command).redirectErrorStream(true).start();
    }
}
