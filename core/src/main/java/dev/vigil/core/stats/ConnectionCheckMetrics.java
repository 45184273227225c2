package dev.vigil.core.stats;

import dev.vigil.core.metrics.Metric;
import dev.vigil.core.metrics.Unit;

/**
 * The connection check's metrics ({@link ConnectionCheckStats}): of the cluster scope, of broker scopes, and of
 * the scope of one broker's phase ({@code MetricScope.brokerConnection}).
 */
public final class ConnectionCheckMetrics {

    /** The phase of a connection from its start until the TCP connect completed. */
    public static final String PHASE_CONNECT = "connect";
    /** The phase of a connection from its start until the broker's first ApiVersions answer (TLS and SASL included). */
    public static final String PHASE_API_VERSIONS = "api_versions";

    public static final Metric ROUNDS = Metric.counter("connectionCheckRounds",
            "connection check rounds (a fresh connection to every registered broker) since start");
    public static final Metric FAILING_BROKERS = Metric.gauge("connectionCheckFailingBrokers",
            "brokers whose latest connection check got no ApiVersions answer within the timeout");

    /** Of a broker scope. */
    public static final Metric CONNECTION_OK = Metric.gauge("connectionOk",
            "1 when the latest connection check of this broker got its ApiVersions answer within the timeout, else 0");

    /** Of a broker's phase scope. */
    public static final Metric CONNECTION = Metric.gauge("connection", Unit.MICROSECONDS,
            "the phase's time in the latest connection check of this broker (connect: until TCP connected;"
                    + " api_versions: until the first ApiVersions answer, TLS and SASL included); NaN when it did"
                    + " not complete");

    private ConnectionCheckMetrics() {
    }
}
