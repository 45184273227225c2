package dev.vigil.services.probe;

import dev.vigil.core.config.ConnectionCheckConfig;
import dev.vigil.core.stats.ConnectionCheckStats;
import dev.vigil.core.stats.ConnectionCheckStats.BrokerCheck;
import dev.vigil.core.time.MicroClock;
import dev.vigil.services.kafka.FreshConnections;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.Node;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

/**
 * Checks that every registered broker takes new connections: every {@code connection.check.interval.ms} it
 * lists the brokers (fenced ones included: a broker the controller fenced may still be reachable, and one
 * that is not is what an operator looks for) and opens a fresh connection to each one's advertised listener
 * at once ({@link FreshConnections}), timing the TCP connect and the first ApiVersions answer. Brokers that
 * lead no partition of the monitor topic, which the produce and consume probes never reach, are checked
 * like the others.
 *
 * <p>A broker that stops answering, or answers again, is logged once at the change, not every round. A round
 * whose broker list cannot be had (the cluster unreachable, which the cluster-state probe reports) is
 * skipped and leaves the previous round's results.
 */
public final class ConnectionCheck extends ProbeThread {

    private static final Logger log = LoggerFactory.getLogger(ConnectionCheck.class);

    private final String cluster;
    private final ConnectionCheckConfig config;
    private final Admin admin;
    private final FreshConnections connections;
    private final ConnectionCheckStats stats;
    private final MicroClock clock;
    /** Each broker's failure in the previous round, null when it was ok: what a change is measured against. */
    private final Map<Integer, String> previousFailures = new HashMap<>();
    private boolean listFailing;

    public ConnectionCheck(String cluster, ConnectionCheckConfig config, Admin admin, FreshConnections connections,
                           ConnectionCheckStats stats, MicroClock clock) {
        super(cluster, "connection-check");
        this.cluster = cluster;
        this.config = config;
        this.admin = admin;
        this.connections = connections;
        this.stats = stats;
        this.clock = clock;
    }

    @Override
    protected void wake(Thread thread) {
        thread.interrupt(); // releases the wait on the Admin's future and the park between rounds
    }

    @Override
    protected void loop() throws InterruptedException {
        everyInterval(clock, config.interval().toMillis() * 1_000L, this::round);
    }

    private void round() throws InterruptedException {
        Collection<Node> nodes;
        try {
            nodes = admin.describeCluster(new DescribeClusterOptions().includeFencedBrokers(true)
                            .timeoutMs((int) config.timeout().toMillis()))
                    .nodes().get(config.timeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException | KafkaException e) {
            if (!listFailing) {
                Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
                log.warn("cluster={} connection check skipped: the brokers could not be listed ({}); retrying every"
                        + " {} ms", cluster, cause.toString(), config.interval().toMillis());
                listFailing = true;
            }
            return;
        }
        listFailing = false;
        List<Node> sorted = nodes.stream().sorted(Comparator.comparingInt(Node::id)).toList();
        Set<Integer> fenced = sorted.stream().filter(Node::isFenced).map(Node::id).collect(Collectors.toSet());
        List<BrokerCheck> checks = connections.check(sorted, fenced, config.timeout(), () -> running);
        if (!running) {
            return; // cut short by a stop: not a result
        }
        stats.round(checks, clock.nowMicros());
        // A broker no longer listed starts afresh if it comes back: its first failure then is a change.
        previousFailures.keySet().retainAll(checks.stream().map(BrokerCheck::broker).collect(Collectors.toSet()));
        checks.forEach(this::logChange);
    }

    private void logChange(BrokerCheck check) {
        String before = previousFailures.put(check.broker(), check.failure());
        if (check.ok() && before != null) {
            log.info("cluster={} broker={} connection check ok again: {} answered ApiVersions in {} ms", cluster,
                    check.broker(), check.address(), check.apiVersionsMicros() / 1_000);
        } else if (!check.ok() && before == null) {
            log.warn("cluster={} broker={} connection check failed{}: {}: {}", cluster, check.broker(),
                    check.fenced() ? " (broker fenced)" : "", check.address(), check.failure());
        }
    }
}
