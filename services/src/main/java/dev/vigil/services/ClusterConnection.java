package dev.vigil.services;

import dev.vigil.core.config.ClusterConfig;
import dev.vigil.core.memory.HeapBudget;
import dev.vigil.core.service.TaskGuard;
import dev.vigil.services.kafka.AccessHints;
import dev.vigil.services.kafka.KafkaClients;
import dev.vigil.services.topic.TopicManager;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * The Kafka clients of one cluster's monitor, from connecting to closing. On its own thread
 * ({@code vigil-monitor-CLUSTER}, the guarded task {@code connect}) it builds the clients and
 * ensures the topic until that succeeds: while it fails, the cluster is unreachable, said in one
 * line per new reason, and tried again after a {@link Backoff}. The clients are handed over under
 * the monitor's lock, which the monitor's shutdown also takes, so that no client outlives a stop.
 * Each client is closed on its own and quietly, so that one failure cannot leak the rest.
 */
final class ClusterConnection {

    /** The monitor's lines to an operator, whichever class writes them. */
    private static final Logger log = LoggerFactory.getLogger(ClusterMonitor.class);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(2);

    /** The clients of a connected monitor; the optional probes' own consumers by {@link OptionalProbe#kind}. */
    record Clients(Admin admin, KafkaProducer<byte[], byte[]> producer, KafkaConsumer<byte[], byte[]> consumer,
                   Map<String, KafkaConsumer<byte[], byte[]>> own) {

        Optional<KafkaConsumer<byte[], byte[]>> consumerOf(OptionalProbe probe) {
            return Optional.ofNullable(own.get(probe.kind()));
        }
    }

    /** Starts probing on the clients just handed over; called under the lock, while the monitor runs. */
    @FunctionalInterface
    interface HandOver {
        void connected(Clients clients, TopicManager manager, int partitions);
    }

    private final ClusterConfig config;
    private final String bootstrapServers;
    private final KafkaClients clients;
    private final HeapBudget heap;
    private final List<OptionalProbe> optionalProbes;
    private final Object lock;
    private final BooleanSupplier running;
    private final Consumer<String> unreachable;
    private final HandOver handOver;
    private final Thread thread;
    /** Why the latest attempt to connect failed; null before the first failure. Touched only on {@link #thread}. */
    private String lastReason;
    /** Set under {@link #lock}; null before the hand-over and once closed. */
    private volatile Clients connected;

    /**
     * @param lock        held while the clients are handed over; whoever stops the monitor takes it too
     * @param running     false once the monitor is stopping: nothing is handed over then
     * @param unreachable told why each failed attempt failed
     */
    ClusterConnection(ClusterConfig config, String bootstrapServers, HeapBudget heap, List<OptionalProbe> optionalProbes,
                      TaskGuard guard, Object lock, BooleanSupplier running, Consumer<String> unreachable,
                      HandOver handOver) {
        this.config = config;
        this.bootstrapServers = bootstrapServers;
        this.clients = new KafkaClients(config, bootstrapServers);
        this.heap = heap;
        this.optionalProbes = optionalProbes;
        this.lock = lock;
        this.running = running;
        this.unreachable = unreachable;
        this.handOver = handOver;
        this.thread = new Thread(guard.guard(config.name(), "connect", this::connectWithBackoff),
                "vigil-monitor-" + config.name());
        this.thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    /** Wakes the connecting thread from its backoff so that it sees the stop. */
    void interrupt() {
        thread.interrupt();
    }

    void awaitConnectingThread(Duration timeout) throws InterruptedException {
        thread.join(timeout.toMillis());
    }

    /** Closes the producer; first of all clients, as that also releases a send blocked on metadata. */
    void closeProducer() {
        Clients c = connected;
        if (c != null) {
            quietly("producer", () -> closeIfSet(c.producer(), p -> p.close(CLOSE_TIMEOUT)));
        }
    }

    /** Closes every client but the producer (see {@link #closeProducer}). */
    void closeOthers() {
        synchronized (lock) {
            Clients c = connected;
            connected = null;
            if (c != null) {
                closeAllButProducer(c);
            }
        }
    }

    private void connectWithBackoff() {
        Backoff backoff = Backoff.FIRST;
        try {
            while (running.getAsBoolean()) {
                try {
                    connect();
                    return;
                } catch (ExecutionException | RuntimeException e) {
                    if (!running.getAsBoolean()) {
                        return;
                    }
                    String why = describeFailure(e, config.topic().name());
                    if (!why.equals(lastReason)) {
                        log.warn("cluster={} unreachable at {}: {}; retrying with backoff up to {} s",
                                config.name(), bootstrapServers, why, Backoff.MAX.toSeconds());
                    }
                    lastReason = why;
                    unreachable.accept(why);
                    Thread.sleep(backoff.delay().toMillis());
                    backoff = backoff.next();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Builds the clients (a bad client property or an unresolvable host fails here) and ensures the
     * topic, outside the lock since both can take seconds; then, under the lock, either hands them
     * over or, if a stop came meanwhile, closes them.
     */
    private void connect() throws ExecutionException, InterruptedException {
        Admin admin = null;
        KafkaProducer<byte[], byte[]> producer = null;
        KafkaConsumer<byte[], byte[]> consumer = null;
        Map<String, KafkaConsumer<byte[], byte[]>> own = new LinkedHashMap<>();
        boolean handedOver = false;
        try {
            admin = clients.admin();
            TopicManager manager = new TopicManager(config.name(), admin, config.topic(), heap);
            int partitions = manager.ensureTopic();
            producer = clients.producer();
            consumer = clients.consumer();
            for (OptionalProbe probe : optionalProbes) {
                probe.newConsumer(clients).ifPresent(c -> own.put(probe.kind(), c));
            }
            synchronized (lock) {
                if (running.getAsBoolean()) {
                    if (lastReason != null) {
                        log.info("cluster={} reachable again at {}", config.name(), bootstrapServers);
                    }
                    connected = new Clients(admin, producer, consumer, Collections.unmodifiableMap(own));
                    handedOver = true;
                    handOver.connected(connected, manager, partitions);
                }
            }
        } finally {
            if (!handedOver) {
                Clients built = new Clients(admin, producer, consumer, own);
                quietly("producer", () -> closeIfSet(built.producer(), p -> p.close(CLOSE_TIMEOUT)));
                closeAllButProducer(built);
            }
        }
    }

    private void closeAllButProducer(Clients c) {
        for (OptionalProbe probe : optionalProbes) {
            closeConsumer(probe.consumerName(), c.own().get(probe.kind()));
        }
        closeConsumer("consumer", c.consumer());
        quietly("admin client", () -> closeIfSet(c.admin(), a -> a.close(CLOSE_TIMEOUT)));
    }

    private void closeConsumer(String what, KafkaConsumer<byte[], byte[]> consumer) {
        quietly(what, () -> closeIfSet(consumer, c -> c.close(CloseOptions.timeout(CLOSE_TIMEOUT))));
    }

    private static <T> void closeIfSet(T client, Consumer<T> close) {
        if (client != null) {
            close.accept(client);
        }
    }

    private void quietly(String what, Runnable action) {
        try {
            action.run();
        } catch (RuntimeException e) {
            log.warn("cluster={} error while closing the {}: {}", config.name(), what, e.toString());
        }
    }

    /**
     * One line for a failed attempt to reach the cluster: the error (the cause of an
     * {@link ExecutionException}) and its message's first line, and which ACL to grant when refused.
     */
    static String describeFailure(Exception e, String topic) {
        Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
        String message = cause.getMessage() == null ? "" : ": " + cause.getMessage().lines().findFirst().orElse("");
        return AccessHints.withHint(cause.getClass().getSimpleName() + message, cause, topic, "DESCRIBE", "DESCRIBE");
    }
}
