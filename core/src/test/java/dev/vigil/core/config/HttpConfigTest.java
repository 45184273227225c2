package dev.vigil.core.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HttpConfigTest {

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "127.1.2.3", "localhost", "LOCALHOST", "vigil.localhost", "::1", "[::1]",
            "0:0:0:0:0:0:0:1"})
    void loopbackNamesAndAddresses(String host) {
        assertThat(HttpConfig.isLoopback(host)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"0.0.0.0", "::", "10.0.0.1", "128.0.0.1", "localhost.evil.example", "vigil.example",
            "127.0.0.1.nip.io", "::2", "1::1", "0.0.0.0.localhost.evil"})
    void everythingElseIsNotLoopback(String host) {
        assertThat(HttpConfig.isLoopback(host)).isFalse();
    }

    @Test
    void exposedInsecurelyUnlessLoopbackOrBothAuthenticationAndTls() {
        Path file = Path.of("pom.xml");
        HttpConfig.Security both = new HttpConfig.Security(Optional.of(file), Optional.of(file), Optional.of(file));
        HttpConfig.Security authOnly = new HttpConfig.Security(Optional.of(file), Optional.empty(), Optional.empty());
        assertThat(new HttpConfig("127.0.0.1", 0, List.of()).exposedInsecurely()).isFalse();
        assertThat(new HttpConfig("0.0.0.0", 0, List.of()).exposedInsecurely()).isTrue();
        assertThat(new HttpConfig("0.0.0.0", 0, List.of(), authOnly).exposedInsecurely()).isTrue();
        assertThat(new HttpConfig("0.0.0.0", 0, List.of(), authOnly).missingProtection()).isEqualTo("without TLS");
        assertThat(new HttpConfig("0.0.0.0", 0, List.of(), both).exposedInsecurely()).isFalse();
        assertThat(new HttpConfig("0.0.0.0", 0, List.of(), both).missingProtection()).isEmpty();
    }
}
