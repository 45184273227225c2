package dev.vigil.services;

import dev.vigil.core.config.ClusterConfig;
import dev.vigil.core.metrics.MetricRegistry;
import dev.vigil.core.metrics.MetricScope;
import dev.vigil.core.metrics.MetricValue;
import dev.vigil.core.service.Service;
import dev.vigil.core.stats.ClusterSnapshot;
import dev.vigil.core.stats.ClusterStats;
import dev.vigil.core.stats.ScopeMetrics;
import dev.vigil.core.stats.ScopeSnapshot;
import dev.vigil.core.time.MicroClock;
import dev.vigil.services.kafka.KafkaClients;
import dev.vigil.services.probe.ConsumeProbe;
import dev.vigil.services.probe.ProbeErrors;
import dev.vigil.services.probe.ProbeLedgers;
import dev.vigil.services.probe.ProduceProbe;
import dev.vigil.services.topic.TopicManager;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.errors.AuthorizationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Monitors one cluster: makes sure the monitor topic exists, then runs the produce and consume
 * probes over shared ledgers, finalizes their verdicts on a timer and registers the metrics.
 *
 * <p>An unreachable cluster is not an error: the monitor reports {@link Status#UNREACHABLE} with
 * the reason in one log line, availability 0, and retries with exponential backoff (1 s up to
 * 30 s) until it gets through or is stopped.
 */
public final class ClusterMonitor implements Service {

    public enum Status { STARTING, UNREACHABLE, RUNNING, STOPPED }

    private static final Logger log = LoggerFactory.getLogger(ClusterMonitor.class);
    private static final long MAX_BACKOFF_MS = 30_000;

    private final ClusterConfig config;
    private final String bootstrapServers;
    private final KafkaClients clients;
    private final MicroClock clock;
    private final MetricRegistry registry;
    private final ClusterStats stats;
    private final ProbeErrors errors = new ProbeErrors();
    private final Set<MetricScope> registered = ConcurrentHashMap.newKeySet();
    private final Thread starter;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final ScheduledExecutorService timer;

    private volatile boolean running;
    private volatile Status status = Status.STARTING;
    private volatile String reason = "connecting";
    private volatile ProduceProbe produce;
    private volatile ConsumeProbe consume;
    private Admin admin;
    private KafkaProducer<byte[], byte[]> producer;
    private KafkaConsumer<byte[], byte[]> consumer;

    public ClusterMonitor(ClusterConfig config, String bootstrapServers, MicroClock clock, MetricRegistry registry) {
        this.config = config;
        this.bootstrapServers = bootstrapServers;
        this.clients = new KafkaClients(config, bootstrapServers);
        this.clock = clock;
        this.registry = registry;
        this.stats = new ClusterStats(config.name(), config.probe().window().toMillis() * 1_000L,
                config.probe().windowSlices());
        this.starter = new Thread(this::connectAndProbe, "vigil-monitor-" + config.name());
        this.starter.setDaemon(true);
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "vigil-finalizer-" + config.name());
            t.setDaemon(true);
            return t;
        });
    }

    public String name() {
        return config.name();
    }

    @Override
    public synchronized void start() {
        running = true;
        registerScope(MetricScope.cluster(config.name()), this::clusterValues);
        starter.start();
    }

    @Override
    public void stop() {
        synchronized (this) {
            if (!running) {
                return;
            }
            running = false;
        }
        starter.interrupt();
        Thread closer = new Thread(this::shutdown, "vigil-stop-" + config.name());
        closer.setDaemon(true);
        closer.start();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public boolean awaitShutdown(Duration timeout) throws InterruptedException {
        return stopped.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    public ClusterView view() {
        long now = clock.nowMicros();
        ProduceProbe p = produce;
        ConsumeProbe c = consume;
        return new ClusterView(config.name(), status, reason, p == null ? 0 : p.partitionCount(),
                stats.snapshot(now),
                c == null ? 0 : c.foreignRecords(), c == null ? 0 : c.otherSessionRecords(),
                c == null ? 0 : c.truncations());
    }

    public ProbeErrors errors() {
        return errors;
    }

    private void connectAndProbe() {
        long backoffMs = 1_000;
        try {
            admin = clients.admin();
            TopicManager topics = new TopicManager(config.name(), admin, config.topic());
            while (running) {
                try {
                    topics.ensureTopic();
                    break;
                } catch (ExecutionException | RuntimeException e) {
                    Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
                    String why = describe(cause);
                    if (status != Status.UNREACHABLE || !why.equals(reason)) {
                        log.warn("cluster={} unreachable at {}: {}; retrying with backoff up to {} s",
                                config.name(), bootstrapServers, why, MAX_BACKOFF_MS / 1_000);
                    }
                    reason = why;
                    status = Status.UNREACHABLE;
                    Thread.sleep(backoffMs);
                    backoffMs = Math.min(2 * backoffMs, MAX_BACKOFF_MS);
                }
            }
            startProbes();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private synchronized void startProbes() {
        if (!running) {
            return;
        }
        long sessionStartMillis = clock.nowMicros() / 1_000L;
        ProbeLedgers ledgers = new ProbeLedgers(config.probe(), stats);
        producer = clients.producer();
        consumer = clients.consumer();
        consume = new ConsumeProbe(config.name(), config.topic().name(), consumer, ledgers, clock, sessionStartMillis);
        produce = new ProduceProbe(config.name(), config.topic().name(), config.probe(), producer, ledgers, errors, clock);
        consume.start();
        produce.start();
        long period = Math.max(50, Math.min(500, config.probe().interval().toMillis() / 4));
        timer.scheduleAtFixedRate(() -> ledgers.finalizeExpired(clock.nowMicros()), period, period, TimeUnit.MILLISECONDS);
        timer.scheduleAtFixedRate(this::harvestAndRegister, 1_000, 1_000, TimeUnit.MILLISECONDS);
        if (status == Status.UNREACHABLE) {
            log.info("cluster={} reachable again at {}", config.name(), bootstrapServers);
        }
        status = Status.RUNNING;
        reason = "probing";
        log.info("cluster={} probing topic {} every {} ms", config.name(), config.topic().name(),
                config.probe().interval().toMillis());
    }

    private void harvestAndRegister() {
        long now = clock.nowMicros();
        stats.harvest(now);
        ClusterSnapshot snap = stats.snapshot(now);
        snap.partitions().keySet().forEach(p -> registerScope(
                MetricScope.partition(config.name(), config.topic().name(), p),
                t -> ScopeMetrics.of(part(p, t), part(p, t).produceAvailability(), part(p, t).consumeAvailability())));
        snap.brokers().keySet().forEach(b -> registerScope(
                MetricScope.broker(config.name(), b),
                t -> ScopeMetrics.of(broker(b, t), broker(b, t).produceAvailability(), broker(b, t).consumeAvailability())));
    }

    private ScopeSnapshot part(int partition, long now) {
        return stats.partition(partition).snapshot(now);
    }

    private ScopeSnapshot broker(int broker, long now) {
        return stats.broker(broker).snapshot(now);
    }

    private List<MetricValue> clusterValues(long now) {
        ClusterView view = view();
        List<MetricValue> values = new ArrayList<>(ScopeMetrics.of(view.snapshot().total(),
                view.produceAvailability(), view.consumeAvailability()));
        values.add(MetricValue.gauge("partitions", "partitions probed", view.partitions()));
        values.add(MetricValue.gauge("worstPartitionProduceAvailability", "lowest produce availability of any partition",
                view.snapshot().worstPartitionProduceAvailability()));
        values.add(MetricValue.gauge("worstBrokerProduceAvailability", "lowest produce availability of any broker",
                view.snapshot().worstBrokerProduceAvailability()));
        values.add(MetricValue.gauge("reachable", "1 while the cluster answers, 0 when unreachable",
                view.status() == Status.UNREACHABLE ? 0 : 1));
        values.add(MetricValue.counter("foreignRecords", "records on the monitor topic that are not Vigil probes",
                view.foreignRecords()));
        values.add(MetricValue.counter("otherSessionRecords", "probes of another producer session",
                view.otherSessionRecords()));
        values.add(MetricValue.counter("truncations", "times the consume probe's position fell off the log",
                view.truncations()));
        return values;
    }

    private void registerScope(MetricScope scope, dev.vigil.core.metrics.MetricSource source) {
        if (registered.add(scope)) {
            registry.register(scope, source);
        }
    }

    private void shutdown() {
        try {
            timer.shutdownNow();
            ProduceProbe p = produce;
            ConsumeProbe c = consume;
            if (p != null) {
                p.stop();
                p.awaitShutdown(Duration.ofSeconds(3));
            }
            if (c != null) {
                c.stop();
                c.awaitShutdown(Duration.ofSeconds(3));
            }
            synchronized (this) {
                if (producer != null) {
                    producer.close(Duration.ofSeconds(2));
                }
                if (consumer != null) {
                    consumer.close(CloseOptions.timeout(Duration.ofSeconds(2)));
                }
            }
            starter.join(3_000);
            if (admin != null) {
                admin.close(Duration.ofSeconds(2));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            log.warn("cluster={} error while closing clients: {}", config.name(), e.toString());
        } finally {
            registered.forEach(registry::unregister);
            registered.clear();
            status = Status.STOPPED;
            reason = "stopped";
            stopped.countDown();
        }
    }

    private String describe(Throwable cause) {
        if (cause instanceof AuthorizationException) {
            return cause.getClass().getSimpleName() + ": " + cause.getMessage()
                    + " (grant DESCRIBE on the cluster and CREATE, DESCRIBE, WRITE, READ on topic "
                    + config.topic().name() + ", or create the topic yourself)";
        }
        String message = cause.getMessage() == null ? "" : ": " + cause.getMessage().lines().findFirst().orElse("");
        return cause.getClass().getSimpleName() + message;
    }
}
