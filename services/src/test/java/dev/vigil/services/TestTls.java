package dev.vigil.services;

import dev.vigil.core.testing.SelfSignedKeystore;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A broker keystore and a client truststore made for a test: a self-signed certificate for 127.0.0.1 and
 * localhost ({@link SelfSignedKeystore}), trusted by the truststore only.
 */
record TestTls(Path keystore, Path truststore, String password) {

    static TestTls create(Path dir) throws Exception {
        String password = "sandbox-tls-pw";
        SelfSignedKeystore keys = SelfSignedKeystore.create(dir.resolve("broker.p12"), "broker", password);
        Path truststore = dir.resolve("client-truststore.p12");
        try (OutputStream out = Files.newOutputStream(truststore)) {
            keys.truststore().store(out, password.toCharArray());
        }
        return new TestTls(keys.file(), truststore, password);
    }
}
