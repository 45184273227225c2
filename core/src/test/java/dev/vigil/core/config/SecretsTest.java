package dev.vigil.core.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SecretsTest {

    @ParameterizedTest
    @ValueSource(strings = {"sasl.jaas.config", "listener.name.sasl_ssl.scram-sha-512.sasl.jaas.config",
            "ssl.keystore.password", "ssl.truststore.password", "ssl.key.password", "ssl.keystore.key",
            "sasl.oauthbearer.client.credentials.client.secret", "sasl.oauthbearer.assertion.private.key",
            "SSL.KEYSTORE.PASSWORD", "basic.auth.token", "sasl.oauthbearer.assertion.private.key.passphrase",
            "basic.auth.user.info", "schema.registry.basic.auth.user.info", "sasl.oauthbearer.client.credentials",
            "producer.override.sasl.jaas.config", "url.userinfo",
            // JMX attribute names, camelCase
            "KeyPassword", "PrivateKey", "ClientSecret", "AccessToken", "UserInfo", "JaasConfig", "Credentials",
            "trustStorePassword", "ssl_key_passphrase"})
    void secretPropertiesAreRecognised(String property) {
        assertThat(Secrets.isSecret(property)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"sasl.oauthbearer.token.endpoint.url", "key.serializer", "key.deserializer",
            "ssl.keystore.location", "ssl.keystore.type", "ssl.keystore.certificate.chain", "security.protocol",
            "sasl.mechanism", "ssl.key.alias.name", "sasl.kerberos.service.name", "ssl.keystore.type",
            "bootstrap.servers", "client.id", "",
            // JMX attribute names, camelCase
            "HeapMemoryUsage", "KeySerializer", "TokenEndpointUrl", "Uptime", "SystemLoadAverage", "ThreadCount"})
    void publicPropertiesAreNotSecret(String property) {
        assertThat(Secrets.isSecret(property)).isFalse();
    }

    @Test
    void redactKeepsOrderAndReplacesOnlySecretValues() {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("security.protocol", "SSL");
        properties.put("ssl.keystore.password", "changeit");
        properties.put("ssl.keystore.location", "/etc/kafka/ks.p12");

        assertThat(Secrets.redact(properties)).containsExactly(
                Map.entry("security.protocol", "SSL"),
                Map.entry("ssl.keystore.password", "[redacted]"),
                Map.entry("ssl.keystore.location", "/etc/kafka/ks.p12"));
    }
}
