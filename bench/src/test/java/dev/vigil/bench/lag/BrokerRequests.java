package dev.vigil.bench.lag;

import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import java.lang.management.ManagementFactory;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The requests the sandbox's brokers have served, by API, read from their own request metrics
 * ({@code kafka.network:type=RequestMetrics,name=RequestsPerSec,request=API,version=V}, summed over versions).
 * The brokers run in this JVM, so their metrics are in its platform MBean server, summed over brokers: the
 * ground truth of what a client sent, whatever batching the Admin client did.
 */
final class BrokerRequests {

    private final MBeanServer server = ManagementFactory.getPlatformMBeanServer();
    private final ObjectName pattern;

    BrokerRequests() throws JMException {
        this.pattern = new ObjectName("kafka.network:type=RequestMetrics,name=RequestsPerSec,*");
    }

    /** Requests served so far, by API name. */
    Map<String, Long> counts() throws JMException {
        Map<String, Long> counts = new TreeMap<>();
        for (ObjectName name : server.queryNames(pattern, null)) {
            Object count = server.getAttribute(name, "Count");
            counts.merge(name.getKeyProperty("request"), ((Number) count).longValue(), Long::sum);
        }
        return counts;
    }

    /**
     * The client requests of an evaluation: the group APIs, end offsets, metadata and the consumer's fetches
     * ({@code FetchConsumer}; {@code Fetch} counts the brokers' replication too), not the brokers' own traffic.
     */
    static final Set<String> CLIENT_APIS = Set.of("ListGroups", "FindCoordinator", "DescribeGroups",
            "ConsumerGroupDescribe", "OffsetFetch", "ListOffsets", "Metadata", "FetchConsumer");

    /** The requests of each client API served between two {@link #counts}, those above zero. */
    static Map<String, Long> since(Map<String, Long> before, Map<String, Long> after) {
        Map<String, Long> delta = new TreeMap<>();
        after.forEach((api, n) -> {
            long d = n - before.getOrDefault(api, 0L);
            if (d > 0 && CLIENT_APIS.contains(api)) {
                delta.put(api, d);
            }
        });
        return delta;
    }
}
