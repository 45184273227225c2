package dev.vigil.sandbox;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The security of the brokers' client listener (the one clients reach through the fault proxies):
 * plain text by default, or TLS, or SASL/SCRAM, so Vigil can be tested against a secured cluster.
 * Replication and the controller stay on plain-text listeners of their own, which
 * {@link SandboxCluster#internalAdminConfig()} reaches to set up users and ACLs.
 *
 * @param protocol Kafka's security protocol of the listener
 * @param config   listener settings, applied as {@code listener.name.client.<key>}
 */
public record ClientListener(String protocol, Map<String, String> config) {

    public static final ClientListener PLAINTEXT = new ClientListener("PLAINTEXT", Map.of());

    /** SCRAM mechanism the SASL listeners enable. */
    public static final String SCRAM_MECHANISM = "SCRAM-SHA-512";

    public ClientListener {
        config = Map.copyOf(config);
    }

    /** TLS with the server key and certificate in a PKCS#12 keystore. */
    public static ClientListener ssl(Path keystore, String password) {
        return new ClientListener("SSL", tlsKeys(keystore, password));
    }

    /** SASL/SCRAM-SHA-512 over plain text; users are made with Admin#alterUserScramCredentials. */
    public static ClientListener scram() {
        return new ClientListener("SASL_PLAINTEXT", scramConfig());
    }

    /** SASL/SCRAM-SHA-512 over TLS. */
    public static ClientListener scramOverSsl(Path keystore, String password) {
        Map<String, String> config = new LinkedHashMap<>(tlsKeys(keystore, password));
        config.putAll(scramConfig());
        return new ClientListener("SASL_SSL", config);
    }

    private static Map<String, String> tlsKeys(Path keystore, String password) {
        return Map.of("ssl.keystore.location", keystore.toAbsolutePath().toString(),
                "ssl.keystore.password", password,
                "ssl.keystore.type", "PKCS12");
    }

    private static Map<String, String> scramConfig() {
        return Map.of("sasl.enabled.mechanisms", SCRAM_MECHANISM,
                SCRAM_MECHANISM.toLowerCase(java.util.Locale.ROOT) + ".sasl.jaas.config",
                "org.apache.kafka.common.security.scram.ScramLoginModule required;");
    }
}
