package dev.vigil.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

/** What {@link SandboxCluster#close} leaves behind: nothing, whatever state the brokers were in. */
class SandboxClusterCloseTest {

    @Test
    void closeStopsEveryNodeAndDeletesTheTemporaryDirectory() throws IOException {
        SandboxCluster cluster = SandboxCluster.start(1);
        Path dir = cluster.directory();
        String address = cluster.bootstrapServers();
        assertThat(dir).isDirectory().startsWith(Path.of(System.getProperty("java.io.tmpdir")).toAbsolutePath());
        assertThat(dir.toFile().list()).contains("controller-1000", "broker-1");

        cluster.close();

        assertThat(dir).doesNotExist();
        assertThat(address).isEqualTo(cluster.bootstrapServers());
        int port = Integer.parseInt(address.substring(address.lastIndexOf(':') + 1));
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress("127.0.0.1", port)); // the broker's port is free again
        }
    }

    @Test
    void closeHandlesStoppedBrokersIsIdempotentAndLifecycleCallsAfterItAreRejected() {
        SandboxCluster cluster = SandboxCluster.start(1);
        cluster.stopBroker(1, StopMode.GRACEFUL);

        cluster.close();

        assertThatCode(cluster::close).doesNotThrowAnyException();
        assertThatThrownBy(() -> cluster.startBroker(1)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("closed");
        assertThatThrownBy(cluster::addBroker).isInstanceOf(IllegalStateException.class);
    }
}
