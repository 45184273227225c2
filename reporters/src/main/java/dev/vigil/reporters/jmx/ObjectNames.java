package dev.vigil.reporters.jmx;

import dev.vigil.core.metrics.MetricScope;

import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;
import java.util.Locale;
import java.util.Map;

/**
 * The JMX names of Vigil's MBeans (README, "Getting the metrics out") and of the Xinfra Monitor
 * compatible ones. A value is quoted only when JMX requires it, so the names operators type and
 * alert on stay the plain {@code vigil:type=partition,cluster=prod,topic=__vigil_probe,partition=3}.
 */
final class ObjectNames {

    static final String DOMAIN = "vigil";
    /** Xinfra Monitor's JMX domain ({@code JMX_PREFIX} of its services). */
    static final String XINFRA_DOMAIN = "kmf.services";

    private ObjectNames() {
    }

    /** {@code vigil:type=<scope type>,<label>=<value>,...} with the labels in the scope's order. */
    static ObjectName of(MetricScope scope) {
        StringBuilder name = new StringBuilder(DOMAIN).append(":type=").append(type(scope.type()));
        for (Map.Entry<String, String> label : scope.labels().entrySet()) {
            name.append(',').append(label.getKey()).append('=').append(value(label.getValue()));
        }
        return parse(name.toString());
    }

    /** The scope type in lower case; a consumer group's with hyphens, as Kafka's own JMX names write two words. */
    private static String type(MetricScope.Type type) {
        return switch (type) {
            case CONSUMER_GROUP -> "consumer-group";
            case CONSUMER_GROUP_PARTITION -> "consumer-group-partition";
            default -> type.name().toLowerCase(Locale.ROOT);
        };
    }

    static ObjectName xinfraProduce(String cluster) {
        return xinfra("produce-service", cluster);
    }

    static ObjectName xinfraConsume(String cluster) {
        return xinfra("consume-service", cluster);
    }

    /** {@code kmf.services:type=<service>,name=<cluster>}, as Xinfra Monitor names a service's metrics. */
    static ObjectName xinfra(String service, String cluster) {
        return parse(XINFRA_DOMAIN + ":type=" + service + ",name=" + value(cluster));
    }

    /** The value as is, or quoted if it is empty or holds a character that ends or patterns an unquoted value. */
    static String value(String raw) {
        boolean plain = !raw.isEmpty() && raw.chars().noneMatch(c -> ",=:\"*?\\\n".indexOf(c) >= 0);
        return plain ? raw : ObjectName.quote(raw);
    }

    private static ObjectName parse(String name) {
        try {
            return new ObjectName(name);
        } catch (MalformedObjectNameException e) {
            throw new IllegalArgumentException("not a valid JMX name: " + name, e);
        }
    }
}
