package dev.vigil.services;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.concurrent.TimeUnit;

/**
 * A broker keystore and a client truststore made for a test with the JDK's keytool: a self-signed
 * certificate for 127.0.0.1 and localhost, trusted by the truststore only.
 */
record TestTls(Path keystore, Path truststore, String password) {

    static TestTls create(Path dir) throws Exception {
        String password = "sandbox-tls-pw";
        Path keystore = dir.resolve("broker.p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "broker", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
                "-dname", "CN=localhost", "-ext", "SAN=ip:127.0.0.1,dns:localhost", "-storetype", "PKCS12",
                "-keystore", keystore.toString(), "-storepass", password).redirectErrorStream(true).start();
        String output = new String(keytool.getInputStream().readAllBytes());
        if (!keytool.waitFor(60, TimeUnit.SECONDS) || keytool.exitValue() != 0) {
            throw new IllegalStateException("keytool failed: " + output);
        }
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            keys.load(in, password.toCharArray());
        }
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("broker", keys.getCertificate("broker"));
        Path truststore = dir.resolve("client-truststore.p12");
        try (OutputStream out = Files.newOutputStream(truststore)) {
            trust.store(out, password.toCharArray());
        }
        return new TestTls(keystore, truststore, password);
    }
}
