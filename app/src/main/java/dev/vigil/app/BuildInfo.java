package dev.vigil.app;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** The versions {@code vigil_build_info} names, read from the properties their builds wrote into the jars. */
final class BuildInfo {

    private BuildInfo() {
    }

    /** Vigil's, as Maven filtered it into {@code vigil-version.properties}. */
    static String vigilVersion() {
        return version("/dev/vigil/app/vigil-version.properties");
    }

    /** The Kafka client library's, from the file its build puts in the jar (its public API has no accessor). */
    static String kafkaClientsVersion() {
        return version("/kafka/kafka-version.properties");
    }

    private static String version(String resource) {
        Properties p = new Properties();
        try (InputStream in = BuildInfo.class.getResourceAsStream(resource)) {
            if (in == null) {
                return "unknown";
            }
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource, e);
        }
        return p.getProperty("version", "unknown");
    }
}
