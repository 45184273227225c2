package dev.vigil.webui;

import dev.vigil.core.config.HttpConfig;
import dev.vigil.core.testing.SelfSignedKeystore;
import dev.vigil.webui.dashboard.FixedClusters;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * HTTPS and basic authentication with a keystore the test makes ({@link SelfSignedKeystore}): everything
 * but /health and /ready needs a user from the users file, plain HTTP is not spoken, and a wrong
 * keystore password is one clear error at start.
 */
class WebServerSecurityTest {

    private static final String KEYSTORE_PASSWORD = "changeit-test";

    @TempDir
    static Path dir;
    private static Path keystore;
    private static Path passwordFile;
    private static Path usersFile;
    private static WebServer server;
    private static HttpClient https;

    @BeforeAll
    static void start() throws Exception {
        SelfSignedKeystore keys = SelfSignedKeystore.create(dir.resolve("vigil.p12"), "vigil", KEYSTORE_PASSWORD);
        keystore = keys.file();
        passwordFile = Files.writeString(dir.resolve("keystore.password"), KEYSTORE_PASSWORD + "\n");
        // One plain password, one MD5-hashed: both of Jetty's realm formats an operator may use.
        usersFile = Files.writeString(dir.resolve("users.properties"),
                "alice: wonder-land\nbob: MD5:" + md5Hex("builder") + "\n");

        server = server(passwordFile);
        server.start();
        https = HttpClient.newBuilder().sslContext(keys.trustingContext()).build();
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.stop();
        }
    }

    @Test
    void probesAreOpenEverythingElseNeedsAUser() throws Exception {
        assertThat(get("/health", null).statusCode()).isEqualTo(503); // no clusters: DOWN, but answered
        assertThat(get("/ready", null).statusCode()).isEqualTo(503);
        for (String path : List.of("/", "/metrics", "/api/v1/clusters", "/jolokia/version", "/dashboard.js")) {
            HttpResponse<String> anonymous = get(path, null);
            assertThat(anonymous.statusCode()).as(path).isEqualTo(401);
            assertThat(anonymous.headers().firstValue("WWW-Authenticate")).as(path).get().asString()
                    .startsWith("Basic realm=\"vigil\"");
            assertThat(get(path, "alice:wrong").statusCode()).as(path).isEqualTo(401);
            assertThat(get(path, "alice:wonder-land").statusCode()).as(path).isEqualTo(200);
            assertThat(get(path, "bob:builder").statusCode()).as(path).isEqualTo(200);
        }
    }

    @Test
    void itSpeaksOnlyHttpsAndTellsBrowsersToStayOnIt() throws Exception {
        HttpResponse<String> r = get("/health", null);
        assertThat(r.uri().getScheme()).isEqualTo("https");
        assertThat(r.headers().firstValue("Strict-Transport-Security")).hasValue("max-age=31536000");
        Throwable plain = catchThrowable(() -> HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/health")).build(),
                HttpResponse.BodyHandlers.ofString()));
        if (plain == null) {
            throw new AssertionError("plain HTTP was answered on the HTTPS port");
        }
        assertThat(plain).isInstanceOf(IOException.class);
    }

    @Test
    void aWrongKeystorePasswordIsOneClearErrorAtStart() throws Exception {
        Path wrong = Files.writeString(dir.resolve("wrong.password"), "not-the-password\n");
        WebServer bad = server(wrong);
        Throwable error = catchThrowable(bad::start);
        assertThat(error).hasMessageStartingWith("cannot start the web server on 127.0.0.1:0: ")
                .hasMessageEndingWith("(check \"http.tls.keystore.file\" and its password file)");
        assertThat(error.getMessage()).doesNotContain("\n").doesNotContain("not-the-password");
    }

    private static WebServer server(Path password) {
        HttpConfig config = new HttpConfig("127.0.0.1", 0, List.of(), new HttpConfig.Security(Optional.of(usersFile),
                Optional.of(keystore), Optional.of(password)));
        return TestWebServers.server(config, List::of, new FixedClusters());
    }

    private static HttpResponse<String> get(String path, String credentials) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + server.port() + path));
        if (credentials != null) {
            request.header("Authorization", "Basic "
                    + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)));
        }
        return https.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String md5Hex(String text) throws Exception {
        byte[] digest = MessageDigest.getInstance("MD5").digest(text.getBytes(StandardCharsets.UTF_8));
        return String.format("%032x", new BigInteger(1, digest));
    }
}
