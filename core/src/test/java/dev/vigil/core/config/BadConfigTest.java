package dev.vigil.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Path;
import java.util.stream.Stream;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every bad config stops start-up with exactly one line naming the key and the fix. */
class BadConfigTest {

    private static final String CLUSTER_KEYS = "name, bootstrap.servers, sandbox, client, topic, partitions.per.broker,"
            + " replication.factor, min.insync.replicas,"
            + " topic.management, topic.rebalance.stable.ms, topic.rebalance.interval.ms, probe.interval.ms,"
            + " record.size.bytes, produce.ack.sla.ms, e2e.sla.ms, loss.grace.ms, window.ms, window.slices,"
            + " cluster.state.interval.ms, offset.commit.probe, offset.commit.group.id, offset.commit.interval.ms,"
            + " offset.commit.sla.ms, controller.probe, controller.probe.interval.ms, controller.probe.sla.ms,"
            + " connection.check, connection.check.interval.ms, connection.check.timeout.ms, mirror,"
            + " consumer.groups.include, consumer.groups.exclude, lag.interval.ms, lag.window, lag.seconds,"
            + " lag.partition.metrics, lag.max.group.partitions";

    @ParameterizedTest(name = "{0}")
    @MethodSource("badConfigs")
    void failsWithOneExactLine(String description, ThrowingCallable load, String expectedMessage) {
        ConfigException error = catchThrowableOfType(ConfigException.class, load);

        assertThat(error).as(description).isNotNull();
        assertThat(error.getMessage()).isEqualTo(expectedMessage).doesNotContain("\n", "\r");
        assertThat(error.getStackTrace()).isEmpty();
    }

    static Stream<Arguments> badConfigs() {
        Path missing = Path.of("no-such-dir", "vigil.json");
        Path directory = Path.of(System.getProperty("java.io.tmpdir"));
        Path existing = Path.of("pom.xml").toAbsolutePath();
        return Stream.of(
                // keys
                bad("unknown key with a suggestion",
                        sandbox("\"probe.intervl.ms\": 1000"),
                        "clusters[0].probe.intervl.ms: unknown key; did you mean \"probe.interval.ms\"?"),
                bad("unknown key in camelCase",
                        sandbox("\"probeIntervalMs\": 1000"),
                        "clusters[0].probeIntervalMs: unknown key; did you mean \"probe.interval.ms\"?"),
                bad("unknown key without a suggestion",
                        sandbox("\"security.protocol\": \"SSL\""),
                        "clusters[0].security.protocol: unknown key; Kafka client properties go in \"client\";"
                                + " valid keys: " + CLUSTER_KEYS),
                bad("unknown top-level key",
                        json("{\"summary.interval\": 5000, \"clusters\": [{\"name\": \"c\", \"sandbox\": {}}]}"),
                        "summary.interval: unknown key; did you mean \"summary.interval.ms\"?"),
                bad("unknown top-level key without a suggestion",
                        json("{\"reporters\": [], \"clusters\": [{\"name\": \"c\", \"sandbox\": {}}]}"),
                        "reporters: unknown key; valid keys: summary.interval.ms, clusters, http.host, http.port,"
                                + " jolokia.cors.origins, http.auth.users.file, http.tls.keystore.file,"
                                + " http.tls.keystore.password.file, http.allowed.hosts, http.insecure.expose, slo.availability,"
                                + " slo.e2e.p99.ms, slo.exclude.planned, jmx.xinfra.compat, prometheus.partition.histograms, instance, zone"),
                bad("a zone that cannot be a label value",
                        top("\"zone\": \"eu west\""),
                        "zone: \"eu west\" is not a valid value; use 1-64 characters from A-Z a-z 0-9 . _ -"),
                bad("misspelled top-level reporting key",
                        top("\"http.prot\": 8080"),
                        "http.prot: unknown key; did you mean \"http.port\"?"),

                // offset-commit probe
                bad("commit probe switch not a boolean",
                        sandbox("\"offset.commit.probe\": \"yes\""),
                        "clusters[0].offset.commit.probe: expected true or false, got \"yes\""),
                bad("commit group id with a space",
                        sandbox("\"offset.commit.group.id\": \"my group\""),
                        "clusters[0].offset.commit.group.id: \"my group\" is not a valid group id here;"
                                + " use 1-249 characters from A-Z a-z 0-9 . _ -"),
                bad("commit interval too short",
                        sandbox("\"offset.commit.interval.ms\": 10"),
                        "clusters[0].offset.commit.interval.ms: 10 is out of range; use 100..3600000"),
                bad("commit interval too long",
                        sandbox("\"offset.commit.interval.ms\": 3600001"),
                        "clusters[0].offset.commit.interval.ms: 3600001 is out of range; use 100..3600000"),
                bad("commit SLA too long",
                        sandbox("\"offset.commit.sla.ms\": 600001"),
                        "clusters[0].offset.commit.sla.ms: 600001 is out of range; use 100..600000"),
                bad("misspelled commit key",
                        sandbox("\"offset.commit.sla\": 3000"),
                        "clusters[0].offset.commit.sla: unknown key; did you mean \"offset.commit.sla.ms\"?"),

                // mirror probe
                bad("mirror not an object",
                        mirrored("\"dr\""),
                        "clusters[0].mirror: expected an object like {\"to\": \"dr\"}, got \"dr\""),
                bad("mirror without a target",
                        mirrored("{}"),
                        "clusters[0].mirror.to: required; name the configured cluster the monitor topic is mirrored to,"
                                + " e.g. \"dr\""),
                bad("mirror to an unknown cluster",
                        mirrored("{\"to\": \"dR\"}"),
                        "clusters[0].mirror.to: \"dR\" is not a configured cluster; use one of dr"),
                bad("mirror to itself",
                        mirrored("{\"to\": \"c\"}"),
                        "clusters[0].mirror.to: \"c\" is this cluster; name the cluster the topic is mirrored to"),
                bad("misspelled mirror key",
                        mirrored("{\"to\": \"dr\", \"sla.mss\": 1000}"),
                        "clusters[0].mirror.sla.mss: unknown key; did you mean \"sla.ms\"?"),
                bad("mirror topic and alias both set",
                        mirrored("{\"to\": \"dr\", \"topic\": \"x\", \"source.alias\": \"y\"}"),
                        "clusters[0].mirror.source.alias: set either \"topic\" or \"source.alias\", not both (the"
                                + " alias only names the default topic)"),
                bad("mirror topic invalid",
                        mirrored("{\"to\": \"dr\", \"topic\": \"a b\"}"),
                        "clusters[0].mirror.topic: \"a b\" is not a valid Kafka topic name; use 1-249 characters"
                                + " from A-Z a-z 0-9 . _ -, other than \".\" and \"..\""),
                bad("mirror loss grace not above its SLA",
                        mirrored("{\"to\": \"dr\", \"sla.ms\": 10000, \"loss.grace.ms\": 10000}"),
                        "clusters[0].mirror.loss.grace.ms: 10000 is too short; use at least 10001 (above sla.ms and at"
                                + " least twice produce.ack.sla.ms)"),
                bad("mirror SLA too short",
                        mirrored("{\"to\": \"dr\", \"sla.ms\": 99}"),
                        "clusters[0].mirror.sla.ms: 99 is out of range; use 100..3600000"),

                // controller probe
                bad("controller probe switch not a boolean",
                        sandbox("\"controller.probe\": 1"),
                        "clusters[0].controller.probe: expected true or false, got 1"),
                bad("controller probe interval too short",
                        sandbox("\"controller.probe.interval.ms\": 999"),
                        "clusters[0].controller.probe.interval.ms: 999 is out of range; use 1000..3600000"),
                bad("controller probe SLA not a number",
                        sandbox("\"controller.probe.sla.ms\": \"10s\""),
                        "clusters[0].controller.probe.sla.ms: expected a whole number of milliseconds, got \"10s\""),

                // connection check
                bad("connection check switch not a boolean",
                        sandbox("\"connection.check\": \"no\""),
                        "clusters[0].connection.check: expected true or false, got \"no\""),
                bad("connection check interval between off and its minimum",
                        sandbox("\"connection.check.interval.ms\": 500"),
                        "clusters[0].connection.check.interval.ms: 500 is out of range; use 0 (off) or 1000..3600000"),
                bad("connection check interval negative",
                        sandbox("\"connection.check.interval.ms\": -1"),
                        "clusters[0].connection.check.interval.ms: -1 is out of range; use 0..3600000"),
                bad("connection check timeout not under its interval",
                        sandbox("\"connection.check.interval.ms\": 5000, \"connection.check.timeout.ms\": 5000"),
                        "clusters[0].connection.check.timeout.ms: 5000 is not less than connection.check.interval.ms"
                                + " (5000); use a timeout shorter than the interval"),
                bad("connection check timeout too short",
                        sandbox("\"connection.check.timeout.ms\": 99"),
                        "clusters[0].connection.check.timeout.ms: 99 is out of range; use 100..600000"),
                // consumer-group lag
                bad("group include not a regular expression",
                        sandbox("\"consumer.groups.include\": \"payments-(\""),
                        "clusters[0].consumer.groups.include: \"payments-(\" is not a valid regular expression"
                                + " (Unclosed group at index 10); write a Java regular expression that matches whole"
                                + " group ids, e.g. \"payments-.*\""),
                bad("group exclude not a string",
                        sandbox("\"consumer.groups.include\": \".*\", \"consumer.groups.exclude\": [\"a\"]"),
                        "clusters[0].consumer.groups.exclude: expected a string, got an array"),
                bad("group exclude without include",
                        sandbox("\"consumer.groups.exclude\": \"tmp-.*\""),
                        "clusters[0].consumer.groups.exclude: has no effect without consumer.groups.include (no group"
                                + " is evaluated by default); set consumer.groups.include, e.g. \".*\", or remove it"),
                bad("lag interval too short",
                        sandbox("\"lag.interval.ms\": 999"),
                        "clusters[0].lag.interval.ms: 999 is out of range; use 1000..3600000"),
                bad("lag window of one commit",
                        sandbox("\"lag.window\": 1"),
                        "clusters[0].lag.window: 1 is out of range; use 2..100"),
                bad("lag seconds not a known mode",
                        sandbox("\"lag.seconds\": \"interpolated\""),
                        "clusters[0].lag.seconds: \"interpolated\" is not a valid value; use one of exact, off"),
                bad("per-partition lag metrics switch not a boolean",
                        sandbox("\"consumer.groups.include\": \".*\", \"lag.partition.metrics\": \"yes\""),
                        "clusters[0].lag.partition.metrics: expected true or false, got \"yes\""),
                bad("no group partition allowed for lag",
                        sandbox("\"consumer.groups.include\": \".*\", \"lag.max.group.partitions\": 0"),
                        "clusters[0].lag.max.group.partitions: 0 is out of range; use 1..100000000"),
                bad("group partitions for lag not a whole number",
                        sandbox("\"consumer.groups.include\": \".*\", \"lag.max.group.partitions\": \"100k\""),
                        "clusters[0].lag.max.group.partitions: expected a whole number of group partitions, got"
                                + " \"100k\""),
                bad("per-partition lag metrics without include",
                        sandbox("\"lag.partition.metrics\": true"),
                        "clusters[0].lag.partition.metrics: has no effect without consumer.groups.include (no group"
                                + " is evaluated by default); set consumer.groups.include, e.g. \".*\", or remove it"),

                bad("monitor topic too long for probe topic names",
                        sandbox("\"controller.probe\": true, \"topic\": \"" + "t".repeat(219) + "\""),
                        "clusters[0].controller.probe: probe topics are named after the monitor topic (219 characters)"
                                + " and would exceed Kafka's 249; use a topic of at most 218 characters or switch the"
                                + " controller probe off"),

                // reporting
                bad("port out of range",
                        top("\"http.port\": 70000"),
                        "http.port: 70000 is out of range; use 0..65535"),
                bad("host that is not a host",
                        top("\"http.host\": \"local host\""),
                        "http.host: \"local host\" is not a host name or IP address; use e.g. \"127.0.0.1\" (this host only)"
                                + " or \"0.0.0.0\" (every interface)"),
                bad("basic-auth users file that does not exist",
                        top("\"http.auth.users.file\": \"no-such-dir/users.properties\""),
                        "http.auth.users.file: \"no-such-dir/users.properties\" does not exist or is not a file; name a"
                                + " file of \"user: password\" lines (a relative path is resolved against the directory"
                                + " Vigil runs in)"),
                bad("keystore without its password file",
                        top("\"http.tls.keystore.file\": \"" + existing + "\""),
                        "http.tls.keystore.password.file: required with \"http.tls.keystore.file\"; name a file whose"
                                + " first line is the keystore's password"),
                bad("keystore password file without a keystore",
                        top("\"http.tls.keystore.password.file\": \"" + existing + "\""),
                        "http.tls.keystore.file: required with \"http.tls.keystore.password.file\"; name the PKCS#12"
                                + " keystore it unlocks"),
                bad("keystore that is a directory",
                        top("\"http.tls.keystore.file\": \"" + directory + "\""),
                        "http.tls.keystore.file: \"" + directory + "\" does not exist or is not a file; name a PKCS#12"
                                + " keystore (a relative path is resolved against the directory Vigil runs in)"),
                bad("CORS origins not an array",
                        top("\"jolokia.cors.origins\": \"https://a.example\""),
                        "jolokia.cors.origins: expected an array of strings like [\"https://hawtio.example.com\"],"
                                + " got \"https://a.example\""),
                bad("CORS origin with a path",
                        top("\"jolokia.cors.origins\": [\"https://a.example/x\"]"),
                        "jolokia.cors.origins: \"https://a.example/x\" is not an origin; use scheme://host[:port] such as"
                                + " \"https://hawtio.example.com\""),
                bad("CORS origin any",
                        top("\"jolokia.cors.origins\": [\"*\"]"),
                        "jolokia.cors.origins: \"*\" would let every web site read /jolokia with the operator's"
                                + " credentials; list the origins, such as \"https://hawtio.example.com\""),
                bad("allowed host with a port",
                        top("\"http.allowed.hosts\": [\"vigil.example:8000\"]"),
                        "http.allowed.hosts: \"vigil.example:8000\" is not a host name or IP address (no scheme, no"
                                + " port); use e.g. \"vigil.monitoring.svc\""),
                bad("every interface without authentication and TLS",
                        top("\"http.host\": \"0.0.0.0\""),
                        "http.host: \"0.0.0.0\" is not a loopback address, so other hosts could reach Vigil without"
                                + " authentication and TLS; set \"http.auth.users.file\" and \"http.tls.keystore.file\","
                                + " or \"http.insecure.expose\": true to accept that"),
                bad("a host name with authentication but without TLS",
                        top("\"http.host\": \"vigil.example\", \"http.auth.users.file\": \"" + existing + "\""),
                        "http.host: \"vigil.example\" is not a loopback address, so other hosts could reach Vigil"
                                + " without TLS; set \"http.auth.users.file\" and \"http.tls.keystore.file\","
                                + " or \"http.insecure.expose\": true to accept that"),
                bad("insecure exposure not a boolean",
                        top("\"http.host\": \"0.0.0.0\", \"http.insecure.expose\": \"yes\""),
                        "http.insecure.expose: expected true or false, got \"yes\""),
                bad("availability objective of 1",
                        top("\"slo.availability\": 1"),
                        "slo.availability: 1 is out of range; use a number greater than 0.0 and less than 1.0"),
                bad("availability objective as a percentage",
                        top("\"slo.availability\": 99.9"),
                        "slo.availability: 99.9 is out of range; use a number greater than 0.0 and less than 1.0"),
                bad("latency objective of zero",
                        top("\"slo.e2e.p99.ms\": 0"),
                        "slo.e2e.p99.ms: 0 is out of range; use 1..3600000"),
                bad("slo.exclude.planned not a boolean",
                        top("\"slo.exclude.planned\": \"yes\""),
                        "slo.exclude.planned: expected true or false, got \"yes\""),
                bad("xinfra switch as a string",
                        top("\"jmx.xinfra.compat\": \"yes\""),
                        "jmx.xinfra.compat: expected true or false, got \"yes\""),
                bad("unknown sandbox key",
                        json("{\"clusters\": [{\"name\": \"c\", \"sandbox\": {\"broker\": 3}}]}"),
                        "clusters[0].sandbox.broker: unknown key; did you mean \"brokers\"?"),

                // JSON types
                bad("string for a whole number",
                        sandbox("\"probe.interval.ms\": \"fast\""),
                        "clusters[0].probe.interval.ms: expected a whole number of milliseconds, got \"fast\""),
                bad("fractional number for a whole number",
                        sandbox("\"record.size.bytes\": 100.5"),
                        "clusters[0].record.size.bytes: expected a whole number of bytes, got 100.5"),
                bad("boolean for a whole number",
                        sandbox("\"window.slices\": true"),
                        "clusters[0].window.slices: expected a whole number, got true"),
                bad("unknown topic management mode",
                        sandbox("\"topic.management\": \"manual\""),
                        "clusters[0].topic.management: \"manual\" is not a valid value;"
                                + " use one of manage, report-only, off"),
                bad("topic management mode as a boolean",
                        sandbox("\"topic.management\": false"),
                        "clusters[0].topic.management: expected a string, got false"),
                bad("misspelled rebalance key",
                        sandbox("\"topic.rebalance.stable\": 60000"),
                        "clusters[0].topic.rebalance.stable: unknown key; did you mean \"topic.rebalance.stable.ms\"?"),
                bad("object for a string",
                        sandbox("\"topic\": {\"name\": \"probe\"}"),
                        "clusters[0].topic: expected a string, got an object"),
                bad("null for a string",
                        json("{\"clusters\": [{\"name\": null, \"sandbox\": {}}]}"),
                        "clusters[0].name: expected a string, got null"),
                bad("sandbox that is not an object",
                        json("{\"clusters\": [{\"name\": \"c\", \"sandbox\": true}]}"),
                        "clusters[0].sandbox: expected an object like {\"brokers\": 3}, got true"),
                bad("top level that is not an object",
                        json("[]"),
                        "test.json: expected a JSON object at the top level, got an array"),
                bad("empty file",
                        json("  \n"),
                        "test.json: the file is empty; expected a JSON object with \"clusters\""),

                // ranges
                bad("negative interval",
                        sandbox("\"probe.interval.ms\": -5"),
                        "clusters[0].probe.interval.ms: -5 is out of range; use 100..3600000"),
                bad("interval above the range",
                        sandbox("\"probe.interval.ms\": 3600001"),
                        "clusters[0].probe.interval.ms: 3600001 is out of range; use 100..3600000"),
                bad("huge number",
                        json("{\"summary.interval.ms\": 1e999999999, \"clusters\": [{\"name\": \"c\", \"sandbox\": {}}]}"),
                        "summary.interval.ms: 1E+999999999 is out of range; use 1000..3600000"),
                bad("record smaller than the probe header",
                        sandbox("\"record.size.bytes\": 47"),
                        "clusters[0].record.size.bytes: 47 is out of range; use 48..1000000"),
                bad("cluster state probed too often",
                        sandbox("\"cluster.state.interval.ms\": 500"),
                        "clusters[0].cluster.state.interval.ms: 500 is out of range; use 1000..3600000"),
                bad("rebalance stable window below a second",
                        sandbox("\"topic.rebalance.stable.ms\": 0"),
                        "clusters[0].topic.rebalance.stable.ms: 0 is out of range; use 1000..3600000"),
                bad("rebalance interval above a day",
                        sandbox("\"topic.rebalance.interval.ms\": 86400001"),
                        "clusters[0].topic.rebalance.interval.ms: 86400001 is out of range; use 1000..86400000"),
                bad("sandbox with no brokers",
                        json("{\"clusters\": [{\"name\": \"c\", \"sandbox\": {\"brokers\": 0}}]}"),
                        "clusters[0].sandbox.brokers: 0 is out of range; use 1..9"),

                // cross-field rules
                bad("e2e SLA below the produce SLA",
                        sandbox("\"produce.ack.sla.ms\": 3000, \"e2e.sla.ms\": 2000"),
                        "clusters[0].e2e.sla.ms: 2000 is less than produce.ack.sla.ms (3000);"
                                + " raise e2e.sla.ms or lower produce.ack.sla.ms"),
                bad("loss grace not above the e2e SLA",
                        sandbox("\"loss.grace.ms\": 5000"),
                        "clusters[0].loss.grace.ms: 5000 must be more than e2e.sla.ms (5000), or a probe that is"
                                + " merely late counts as lost; raise loss.grace.ms or lower e2e.sla.ms"),
                bad("loss grace shorter than the delivery timeout",
                        sandbox("\"produce.ack.sla.ms\": 4000, \"e2e.sla.ms\": 4000, \"loss.grace.ms\": 7000"),
                        "clusters[0].loss.grace.ms: 7000 must be at least twice produce.ack.sla.ms (8000), because"
                                + " the producer's delivery timeout is twice the ack SLA and an unacked send must be"
                                + " resolved before loss is decided; raise loss.grace.ms or lower produce.ack.sla.ms"),
                bad("loss grace too short for the consumer's fetch wait",
                        sandbox("\"probe.interval.ms\": 1000, \"produce.ack.sla.ms\": 2000, \"e2e.sla.ms\": 3000, \"loss.grace.ms\": 5999"),
                        "clusters[0].loss.grace.ms: 5999 must be at least 6000 with probe.interval.ms 1000: twice the"
                                + " consumer's fetch wait (2000 ms) plus a second, so that a fetch that hangs times out"
                                + " well within the grace; raise loss.grace.ms or lower probe.interval.ms"),
                bad("client request timeout not well below the loss grace",
                        sandbox("\"client\": {\"request.timeout.ms\": 30000}"),
                        "clusters[0].client.request.timeout.ms: 30000 must be 1..15000, at most half of loss.grace.ms"
                                + " (30000), so that a fetch that hangs is given up on well within the grace; lower it,"
                                + " raise loss.grace.ms, or remove it (Vigil then uses 7500)"),
                bad("client request timeout not a number",
                        sandbox("\"client\": {\"request.timeout.ms\": \"soon\"}"),
                        "clusters[0].client.request.timeout.ms: \"soon\" is not a whole number of milliseconds"),
                bad("window not divisible by slices",
                        sandbox("\"window.ms\": 60000, \"window.slices\": 7"),
                        "clusters[0].window.ms: 60000 is not divisible by window.slices (7); choose values that split"
                                + " the window into whole milliseconds, e.g. window.ms 60000 with window.slices 6"),
                bad("min.insync.replicas above the replication factor",
                        real("\"replication.factor\": 2, \"min.insync.replicas\": 3"),
                        "clusters[0].min.insync.replicas: 3 is more than replication.factor (2); every produce would"
                                + " fail with NotEnoughReplicas, so lower min.insync.replicas or raise replication.factor"),
                bad("replication factor above the sandbox brokers",
                        json("{\"clusters\": [{\"name\": \"c\", \"sandbox\": {\"brokers\": 2}, \"replication.factor\": 3}]}"),
                        "clusters[0].replication.factor: 3 is more than the 2 sandbox brokers;"
                                + " lower it or raise sandbox.brokers"),
                bad("min.insync.replicas above the sandbox's default replication factor",
                        json("{\"clusters\": [{\"name\": \"c\", \"sandbox\": {\"brokers\": 1}, \"min.insync.replicas\": 2}]}"),
                        "clusters[0].min.insync.replicas: 2 is more than the 1 replicas the topic gets without"
                                + " replication.factor (min(3, sandbox brokers)); lower it or raise sandbox.brokers"),

                // clusters
                bad("neither bootstrap.servers nor sandbox",
                        json("{\"clusters\": [{\"name\": \"c\"}]}"),
                        "clusters[0]: set exactly one of \"bootstrap.servers\" (a running cluster) or \"sandbox\""
                                + " (an in-process cluster Vigil starts); neither is set"),
                bad("both bootstrap.servers and sandbox",
                        real("\"sandbox\": {}"),
                        "clusters[0]: set exactly one of \"bootstrap.servers\" (a running cluster) or \"sandbox\""
                                + " (an in-process cluster Vigil starts); both are set"),
                bad("address without a port",
                        bootstrap("kafka1:9092,kafka2"),
                        "clusters[0].bootstrap.servers: \"kafka2\" is not host:port with a port in 1..65535"),
                bad("port 0",
                        bootstrap("kafka1:0"),
                        "clusters[0].bootstrap.servers: \"kafka1:0\" is not host:port with a port in 1..65535"),
                bad("port 70000",
                        bootstrap("kafka1:70000"),
                        "clusters[0].bootstrap.servers: \"kafka1:70000\" is not host:port with a port in 1..65535"),
                bad("empty host",
                        bootstrap(":9092"),
                        "clusters[0].bootstrap.servers: \":9092\" is not host:port with a port in 1..65535"),
                bad("empty entry",
                        bootstrap("kafka1:9092,"),
                        "clusters[0].bootstrap.servers: \"\" is not host:port with a port in 1..65535"),
                bad("empty bootstrap.servers",
                        bootstrap(" "),
                        "clusters[0].bootstrap.servers: is empty; give a comma-separated host:port list,"
                                + " e.g. \"kafka1:9092,kafka2:9092\""),
                bad("duplicate cluster name",
                        json("{\"clusters\": [{\"name\": \"a\", \"sandbox\": {}}, {\"name\": \"b\", \"sandbox\": {}},"
                                + " {\"name\": \"a\", \"bootstrap.servers\": \"k:9092\"}]}"),
                        "clusters[2].name: \"a\" is already the name of clusters[0]; cluster names must be unique"),
                bad("missing name",
                        json("{\"clusters\": [{\"sandbox\": {}}]}"),
                        "clusters[0].name: required; give the cluster a unique name, e.g. \"prod-eu\""),
                bad("name with spaces",
                        json("{\"clusters\": [{\"name\": \"prod eu\", \"sandbox\": {}}]}"),
                        "clusters[0].name: \"prod eu\" is not a valid name; use 1-64 characters from A-Z a-z 0-9 . _ -"),
                bad("empty clusters array",
                        json("{\"clusters\": []}"),
                        "clusters: is empty; add at least one cluster,"
                                + " e.g. \"clusters\": [{\"name\": \"local\", \"sandbox\": {}}]"),
                bad("missing clusters",
                        json("{\"summary.interval.ms\": 5000}"),
                        "clusters: required; add at least one cluster,"
                                + " e.g. \"clusters\": [{\"name\": \"local\", \"sandbox\": {}}]"),
                bad("cluster that is not an object",
                        json("{\"clusters\": [\"prod-eu\"]}"),
                        "clusters[0]: expected a cluster object, got \"prod-eu\""),
                bad("bad topic name",
                        sandbox("\"topic\": \"vigil probe\""),
                        "clusters[0].topic: \"vigil probe\" is not a valid Kafka topic name; use 1-249 characters"
                                + " from A-Z a-z 0-9 . _ -, other than \".\" and \"..\""),
                bad("topic named ..",
                        sandbox("\"topic\": \"..\""),
                        "clusters[0].topic: \"..\" is not a valid Kafka topic name; use 1-249 characters"
                                + " from A-Z a-z 0-9 . _ -, other than \".\" and \"..\""),

                // client properties
                bad("reserved client key",
                        real("\"client\": {\"group.id\": \"mine\"}"),
                        "clusters[0].client.group.id: Vigil sets this itself for its probes; remove it"),
                bad("acks weaker than the probes assume",
                        real("\"client\": {\"acks\": \"1\"}"),
                        "clusters[0].client.acks: Vigil sets this itself for its probes; remove it"),
                bad("bootstrap.servers among the client properties",
                        real("\"client\": {\"bootstrap.servers\": \"other:9092\"}"),
                        "clusters[0].client.bootstrap.servers: Vigil sets this itself;"
                                + " use the cluster's \"bootstrap.servers\" instead"),
                bad("nested client value",
                        real("\"client\": {\"ssl\": {\"truststore.location\": \"/ts.p12\"}}"),
                        "clusters[0].client.ssl: expected a string, number or boolean, got an object; Kafka client"
                                + " properties are flat, e.g. \"ssl.truststore.location\": \"/etc/kafka/ts.p12\""),

                // JSON syntax
                bad("invalid JSON with line and column",
                        json("{\n  \"clusters\": [\n    {\"name\": \"c\",}\n  ]\n}"),
                        "test.json: invalid JSON at line 3, column 18: Unexpected character ('}' (code 125)):"
                                + " was expecting double-quote to start field name"),
                bad("JSON cut short",
                        json("{\"clusters\": [\n"),
                        "test.json: invalid JSON at line 2, column 1: Unexpected end-of-input: expected close marker"
                                + " for Array (start marker at line 1, column 14)"),
                bad("content after the top-level object",
                        json("{\"clusters\": [{\"name\": \"c\", \"sandbox\": {}}]}\n{}"),
                        "test.json: invalid JSON at line 2, column 1:"
                                + " unexpected content after the end of the top-level object"),
                bad("duplicate JSON key",
                        json("{\"clusters\": [\n  {\"name\": \"a\", \"sandbox\": {},\n   \"name\": \"b\"}\n]}"),
                        "clusters[0].name: duplicate key at line 3, column 10 of test.json; keep only one of them"),
                bad("newline in a key stays on one line",
                        sandbox("\"bad\\nkey\": 1"),
                        "clusters[0].bad\\nkey: unknown key; Kafka client properties go in \"client\";"
                                + " valid keys: " + CLUSTER_KEYS),

                // files
                bad("missing file",
                        () -> ConfigLoader.load(missing),
                        "config file not found: " + missing.toAbsolutePath()
                                + " (pass an existing file, e.g. config/vigil.json)"),
                bad("directory instead of a file",
                        () -> ConfigLoader.load(directory),
                        "config file is a directory: " + directory.toAbsolutePath()
                                + " (pass a JSON file, e.g. config/vigil.json)"));
    }

    private static Arguments bad(String description, ThrowingCallable load, String expectedMessage) {
        return Arguments.of(description, load, expectedMessage);
    }

    private static ThrowingCallable json(String json) {
        return () -> ConfigLoader.parse(json, "test.json");
    }

    /** One sandbox cluster with the given extra keys. */
    private static ThrowingCallable sandbox(String extraKeys) {
        return json("{\"clusters\": [{\"name\": \"c\", \"sandbox\": {}, " + extraKeys + "}]}");
    }

    /** Cluster "c" with the given mirror object, and cluster "dr" to mirror to. */
    private static ThrowingCallable mirrored(String mirror) {
        return json("{\"clusters\": [{\"name\": \"c\", \"sandbox\": {}, \"mirror\": " + mirror + "},"
                + " {\"name\": \"dr\", \"sandbox\": {}}]}");
    }

    /** One sandbox cluster and the given extra top-level keys. */
    private static ThrowingCallable top(String extraKeys) {
        return json("{" + extraKeys + ", \"clusters\": [{\"name\": \"c\", \"sandbox\": {}}]}");
    }

    /** One real cluster with the given extra keys. */
    private static ThrowingCallable real(String extraKeys) {
        return json("{\"clusters\": [{\"name\": \"c\", \"bootstrap.servers\": \"k:9092\", " + extraKeys + "}]}");
    }

    private static ThrowingCallable bootstrap(String servers) {
        return json("{\"clusters\": [{\"name\": \"c\", \"bootstrap.servers\": \"" + servers + "\"}]}");
    }
}
