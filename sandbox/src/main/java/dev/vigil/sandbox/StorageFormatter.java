package dev.vigil.sandbox;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Formats a node's directory for KRaft, as {@code kafka-storage.sh format} does: writes
 * {@code meta.properties} (cluster id, node id, directory id) and, in the metadata directory, the
 * bootstrap snapshot with the latest production metadata version.
 *
 * <p>Every sandbox node keeps its data and its metadata log in one directory. The quorum is static
 * ({@code controller.quorum.voters}), so nothing about ports is written: a node can be restarted on other
 * ports without formatting again. What the formatter prints goes to this class's logger at DEBUG instead
 * of stdout.
 */
final class StorageFormatter {

    private static final Logger LOG = LoggerFactory.getLogger(StorageFormatter.class);

    private StorageFormatter() {
    }

    static void format(int nodeId, String clusterId, Path dir) {
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        try (PrintStream print = new PrintStream(output, true, StandardCharsets.UTF_8)) {
            new Formatter()
                    .setPrintStream(print)
                    .setNodeId(nodeId)
                    .setClusterId(clusterId)
                    .setDirectories(List.of(dir.toString()))
                    .setMetadataLogDirectory(dir.toString())
                    .setControllerListenerName(NodeConfigs.CONTROLLER_LISTENER)
                    .setReleaseVersion(MetadataVersion.latestProduction())
                    .run();
        } catch (Exception e) {
            throw new SandboxException("could not format the directory of sandbox node " + nodeId + " (" + dir
                    + "): " + e.getMessage(), e);
        }
        LOG.debug("formatted node {}: {}", nodeId, output.toString(StandardCharsets.UTF_8).trim());
    }
}
