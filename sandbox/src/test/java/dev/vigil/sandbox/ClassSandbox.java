package dev.vigil.sandbox;

import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One sandbox cluster, and an Admin client on it, for all tests of a class: starting brokers costs
 * seconds. Started before the class's own {@code @BeforeAll} (which may create topics on it), closed
 * after all its tests. Register it as {@code @RegisterExtension static final ClassSandbox sandbox = new ClassSandbox(3);}.
 */
final class ClassSandbox implements BeforeAllCallback, AfterAllCallback {

    private final int brokers;
    private SandboxCluster cluster;
    private Admin admin;

    ClassSandbox(int brokers) {
        this.brokers = brokers;
    }

    SandboxCluster cluster() {
        return cluster;
    }

    Admin admin() {
        return admin;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        cluster = SandboxCluster.start(brokers);
        admin = Admin.create(cluster.adminConfig());
    }

    @Override
    public void afterAll(ExtensionContext context) {
        try (SandboxCluster closedLast = cluster; Admin closedFirst = admin) {
            // closes the client, then the cluster: whichever of them started
        }
    }
}
