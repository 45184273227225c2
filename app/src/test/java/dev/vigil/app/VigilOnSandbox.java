package dev.vigil.app;

import dev.vigil.core.config.ConfigLoader;
import dev.vigil.sandbox.SandboxCluster;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.util.function.UnaryOperator;

/**
 * One Vigil probing one sandbox cluster, for all tests of a class: started before them, the Vigil
 * stopped after them and then the sandbox closed. Register it as
 * {@code @RegisterExtension static final VigilOnSandbox running = new VigilOnSandbox(1, bootstrap -> "{...}");}
 * with the config as JSON, given the sandbox's bootstrap servers.
 */
public final class VigilOnSandbox implements BeforeAllCallback, AfterAllCallback {

    private final int brokers;
    private final UnaryOperator<String> configFor;
    private final Teardown teardown = new Teardown();
    private SandboxCluster sandbox;
    private Vigil vigil;

    public VigilOnSandbox(int brokers, UnaryOperator<String> configFor) {
        this.brokers = brokers;
        this.configFor = configFor;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        sandbox = teardown.add(SandboxCluster.start(brokers));
        vigil = teardown.start(new Vigil(ConfigLoader.parse(configFor.apply(sandbox.bootstrapServers()),
                context.getRequiredTestClass().getSimpleName() + ".json")));
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        teardown.afterAll(context);
    }

    public SandboxCluster sandbox() {
        return sandbox;
    }

    public Vigil vigil() {
        return vigil;
    }
}
