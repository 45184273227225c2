package dev.vigil.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * deploy/kubernetes/vigil.yaml, the example deployment, read as Kubernetes reads it: the orchestrator's
 * probes reach /health and /ready on the container's port, the pod has requests and a memory limit
 * above the heap, and it runs as the image's non-root user on a read-only root filesystem with
 * writable volumes exactly where Vigil writes (its pid file, temporary files).
 */
class KubernetesExampleTest {

    static final Path FILE = Path.of("..", "deploy", "kubernetes", "vigil.yaml");
    /** The image's user and group: deploy/image/build-image.sh; ContainerImageIT reads it from the image. */
    static final int IMAGE_UID = 10001;

    private static List<JsonNode> documents;
    private static JsonNode pod;
    private static JsonNode container;

    @BeforeAll
    static void read() throws IOException {
        YAMLMapper yaml = new YAMLMapper();
        documents = new ArrayList<>();
        try (MappingIterator<JsonNode> docs = yaml.readerFor(JsonNode.class).readValues(FILE.toFile())) {
            docs.forEachRemaining(documents::add);
        }
        JsonNode deployment = only("Deployment");
        pod = deployment.at("/spec/template/spec");
        assertThat(pod.path("containers").size()).isEqualTo(1);
        container = pod.path("containers").get(0);
    }

    @Test
    void holdsTheSecretsTheDeploymentAndTheService() {
        assertThat(documents.stream().map(d -> d.path("kind").asText()))
                .containsExactly("Secret", "Secret", "Deployment", "Service");
        assertThat(only("Deployment").at("/spec/replicas").asInt()).isEqualTo(1);
        assertThat(only("Service").at("/spec/ports/0/targetPort").asText()).isEqualTo("http");
    }

    @Test
    void probesReachHealthAndReadyOnTheContainersPort() {
        assertThat(container.at("/ports/0/name").asText()).isEqualTo("http");
        assertThat(container.at("/ports/0/containerPort").asInt()).isEqualTo(8000);
        // the config in the Secret binds every interface on that port, so the kubelet can reach it
        JsonNode config = vigilConfig();
        assertThat(config.path("http.host").asText()).isEqualTo("0.0.0.0");
        assertThat(config.path("http.port").asInt()).isEqualTo(8000);

        JsonNode liveness = container.path("livenessProbe").path("httpGet");
        JsonNode readiness = container.path("readinessProbe").path("httpGet");
        assertThat(liveness.path("path").asText()).isEqualTo("/health");
        assertThat(readiness.path("path").asText()).isEqualTo("/ready");
        assertThat(liveness.path("port").asText()).isEqualTo("http");
        assertThat(readiness.path("port").asText()).isEqualTo("http");
        // the config sets a keystore, so Vigil serves only HTTPS
        assertThat(config.has("http.tls.keystore.file")).isTrue();
        assertThat(liveness.path("scheme").asText()).isEqualTo("HTTPS");
        assertThat(readiness.path("scheme").asText()).isEqualTo("HTTPS");
        // Vigil stops within 10 s of SIGTERM: the grace period must not cut that short
        assertThat(pod.path("terminationGracePeriodSeconds").asInt()).isGreaterThanOrEqualTo(10);
    }

    @Test
    void requestsCpuAndMemoryAndLimitsMemoryAboveTheHeap() {
        JsonNode resources = container.path("resources");
        assertThat(resources.at("/requests/cpu").asText()).isEqualTo("250m");
        long requested = mebibytes(resources.at("/requests/memory").asText());
        long limit = mebibytes(resources.at("/limits/memory").asText());
        assertThat(requested).isEqualTo(512);
        assertThat(limit).isEqualTo(640);

        Map<String, String> env = StreamSupport.stream(container.path("env").spliterator(), false)
                .collect(Collectors.toMap(e -> e.path("name").asText(), e -> e.path("value").asText()));
        Matcher xmx = Pattern.compile("-Xmx(\\d+)m").matcher(env.getOrDefault("VIGIL_JAVA_OPTS", ""));
        assertThat(xmx.find()).as("VIGIL_JAVA_OPTS sets -Xmx in MiB: %s", env).isTrue();
        long heap = Long.parseLong(xmx.group(1));
        // metaspace, thread stacks and direct buffers live outside the heap; the kernel kills at the limit
        assertThat(heap).isLessThanOrEqualTo(limit * 3 / 4).isLessThanOrEqualTo(requested);
    }

    @Test
    void runsAsTheImagesNonRootUserOnAReadOnlyRootFilesystem() {
        JsonNode podSecurity = pod.path("securityContext");
        assertThat(podSecurity.path("runAsNonRoot").asBoolean()).isTrue();
        assertThat(podSecurity.path("runAsUser").asInt()).isEqualTo(IMAGE_UID);
        assertThat(podSecurity.path("runAsGroup").asInt()).isEqualTo(IMAGE_UID);

        JsonNode security = container.path("securityContext");
        assertThat(security.path("readOnlyRootFilesystem").isBoolean()).isTrue();
        assertThat(security.path("readOnlyRootFilesystem").asBoolean()).isTrue();
        assertThat(security.path("allowPrivilegeEscalation").isBoolean()).isTrue();
        assertThat(security.path("allowPrivilegeEscalation").asBoolean()).isFalse();
        assertThat(security.at("/capabilities/drop").toString()).isEqualTo("[\"ALL\"]");

        // writable only where bin/vigil-start.sh writes its pid file and the JVM its temporary files
        Map<String, String> writable = new java.util.TreeMap<>();
        for (JsonNode mount : container.path("volumeMounts")) {
            if (!mount.path("readOnly").asBoolean(false)) {
                writable.put(mount.path("mountPath").asText(), mount.path("name").asText());
            }
        }
        assertThat(writable).containsOnlyKeys("/opt/vigil/run", "/tmp");
        for (JsonNode volume : pod.path("volumes")) {
            if (writable.containsValue(volume.path("name").asText())) {
                assertThat(volume.has("emptyDir")).as(volume.toString()).isTrue();
            }
        }
    }

    private static JsonNode only(String kind) {
        List<JsonNode> found = documents.stream().filter(d -> d.path("kind").asText().equals(kind)).toList();
        assertThat(found).as(kind).hasSize(1);
        return found.get(0);
    }

    private static JsonNode vigilConfig() {
        JsonNode secret = documents.stream()
                .filter(d -> d.at("/metadata/name").asText().equals("vigil-config")).findFirst().orElseThrow();
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper().readTree(secret.at("/stringData/vigil.json").asText());
        } catch (IOException e) {
            throw new AssertionError("vigil.json in the Secret vigil-config is not JSON", e);
        }
    }

    /** A Kubernetes memory quantity in Mi or Gi, as the example writes them. */
    private static long mebibytes(String quantity) {
        Matcher m = Pattern.compile("(\\d+)(Mi|Gi)").matcher(quantity);
        assertThat(m.matches()).as("memory quantity %s", quantity).isTrue();
        return Long.parseLong(m.group(1)) * (m.group(2).equals("Gi") ? 1024 : 1);
    }
}
