package dev.vigil.webui;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import javax.management.ObjectName;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Jolokia's allow-list against the real servlet and the real platform MBean server: what a caller
 * may read, what is refused, what list and search show, and the bounds on an answer's size.
 */
class JolokiaRestrictionTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient http = HttpClient.newHttpClient();
    private static final String SECRET = "hunter2-in-a-bean";
    private static ObjectName probeBean;
    private static WebServer server;

    /** A Vigil-domain MBean with one secret-looking attribute, a deep value and a long one. */
    public interface ProbeMBean {
        long getCount();

        String getKeyPassword();

        Map<String, Object> getDeep();

        List<Integer> getLong();
    }

    public static final class Probe implements ProbeMBean {
        @Override
        public long getCount() {
            return 42;
        }

        @Override
        public String getKeyPassword() {
            return SECRET;
        }

        @Override
        public Map<String, Object> getDeep() {
            Map<String, Object> value = Map.of("leaf", "bottom");
            for (int i = 0; i < 20; i++) {
                value = Map.of("level", value);
            }
            return value;
        }

        @Override
        public List<Integer> getLong() {
            return IntStream.range(0, 5000).boxed().toList();
        }
    }

    @BeforeAll
    static void start() throws Exception {
        probeBean = new ObjectName("vigil:type=restrictionTest");
        ManagementFactory.getPlatformMBeanServer().registerMBean(new Probe(), probeBean);
        server = TestWebServers.loopback();
        server.start();
    }

    @AfterAll
    static void stop() throws Exception {
        server.stop();
        ManagementFactory.getPlatformMBeanServer().unregisterMBean(probeBean);
    }

    @Test
    void runtimeIsRefusedWholeAndByAttribute() throws Exception {
        for (String path : List.of("read/java.lang:type=Runtime", "read/java.lang:type=Runtime/InputArguments",
                "read/java.lang:type=Runtime/SystemProperties", "read/java.lang:type=Runtime/ClassPath",
                "read/java.lang:type=Runtime/BootClassPath", "read/java.lang:type=Runtime/LibraryPath",
                "read/java.lang:type=Runtime/Uptime", "read/JMImplementation:type=MBeanServerDelegate",
                "read/com.sun.management:type=HotSpotDiagnostic/DiagnosticOptions",
                "read/java.lang:type=*/InputArguments")) {
            HttpResponse<String> r = get("/jolokia/" + path);
            assertThat(status(r)).as(path + ": " + r.body()).isEqualTo(403);
            assertThat(r.body()).as(path).doesNotContain("java.class.path").doesNotContain("-Xm")
                    .doesNotContain(System.getProperty("java.home"));
        }
    }

    @Test
    void harmlessJvmTypesAndVigilsOwnAreRead() throws Exception {
        for (String path : List.of("read/java.lang:type=Memory/HeapMemoryUsage", "read/java.lang:type=Threading/ThreadCount",
                "read/java.lang:type=OperatingSystem/AvailableProcessors", "read/vigil:type=restrictionTest/Count")) {
            HttpResponse<String> r = get("/jolokia/" + path);
            assertThat(status(r)).as(path).isEqualTo(200);
        }
        String gc = ManagementFactory.getGarbageCollectorMXBeans().get(0).getObjectName().toString();
        assertThat(status(get("/jolokia/read/" + gc.replace(" ", "%20") + "/CollectionCount"))).isEqualTo(200);
    }

    @Test
    void aSecretLookingAttributeIsRefusedAloneAndInAWholeRead() throws Exception {
        HttpResponse<String> one = get("/jolokia/read/vigil:type=restrictionTest/KeyPassword");
        assertThat(status(one)).isEqualTo(403);
        assertThat(one.body()).doesNotContain(SECRET);

        HttpResponse<String> all = get("/jolokia/read/vigil:type=restrictionTest");
        assertThat(all.body()).doesNotContain(SECRET);
        // Jolokia checks each attribute of a whole read and refuses the read when one is refused.
        assertThat(status(all)).isEqualTo(403);
        JsonNode count = JSON.readTree(get("/jolokia/read/vigil:type=restrictionTest/Count").body());
        assertThat(count.get("value").asLong()).isEqualTo(42);
        HttpResponse<String> bulk = post("/jolokia", "[{\"type\":\"read\",\"mbean\":\"vigil:type=restrictionTest\","
                + "\"attribute\":[\"Count\",\"KeyPassword\"]}]", "application/json");
        assertThat(bulk.body()).doesNotContain(SECRET);
        assertThat(JSON.readTree(bulk.body()).get(0).get("status").asInt()).isEqualTo(403);
    }

    @Test
    void jsonpIsRefusedInEveryForm() throws Exception {
        for (String path : List.of("/jolokia/read/java.lang:type=Memory/HeapMemoryUsage?callback=steal",
                "/jolokia/version?callback=steal", "/jolokia/?callback=steal&mimeType=text/javascript",
                "/jolokia/read/java.lang:type=Memory?CALLBACK=x&callback=steal")) {
            HttpResponse<String> r = get(path);
            assertThat(r.statusCode()).as(path).isEqualTo(400);
            assertThat(r.headers().firstValue("Content-Type")).as(path).get().asString().startsWith("text/plain");
            assertThat(r.body()).as(path).startsWith("JSONP (\"callback\") is not served").doesNotContain("steal(");
        }
        HttpResponse<String> jsonPost = post("/jolokia/?callback=steal", "{\"type\":\"version\"}", "application/json");
        assertThat(jsonPost.statusCode()).isEqualTo(400);

        HttpResponse<String> form = post("/jolokia/", "callback=steal&type=version", "application/x-www-form-urlencoded");
        assertThat(form.statusCode()).isEqualTo(415);
        for (String json : List.of("application/json", "text/json", "application/json; charset=utf-8")) {
            assertThat(status(post("/jolokia/", "{\"type\":\"version\"}", json))).as(json).isEqualTo(200);
        }
        HttpResponse<String> plain = post("/jolokia/", "{\"type\":\"version\"}", "text/plain");
        assertThat(plain.statusCode()).isEqualTo(415);
        assertThat(plain.body()).doesNotContain("agent");
    }

    @Test
    void patternsAndBulkReadsReachNothingOffTheList() throws Exception {
        // A pattern read that meets an MBean off the list is refused whole; the error names that MBean.
        for (String path : List.of("/jolokia/read/*:*", "/jolokia/read/*:type=Runtime", "/jolokia/read/java.lang:type=Run*",
                "/jolokia/read/*:type=restrictionTest")) {
            HttpResponse<String> r = get(path);
            assertThat(status(r)).as(path + ": " + r.body()).isIn(403, 404);
            assertThat(r.body()).as(path).doesNotContain("\"value\"").doesNotContain("java.class.path")
                    .doesNotContain(SECRET);
        }
        for (String path : List.of("/jolokia/list/java.lang/type=Runtime", "/jolokia/list/JMImplementation",
                "/jolokia/search/*:type=Runtime", "/jolokia/search/JMImplementation:*")) {
            JsonNode value = JSON.readTree(get(path).body()).get("value");
            assertThat(value.isEmpty()).as(path + ": " + value).isTrue();
        }
        HttpResponse<String> bulk = post("/jolokia", "[{\"type\":\"read\",\"mbean\":\"java.lang:type=Runtime\"},"
                + "{\"type\":\"read\",\"mbean\":\"*:*\"},{\"type\":\"list\"},"
                + "{\"type\":\"read\",\"mbean\":\"java.lang:type=Memory\",\"attribute\":\"HeapMemoryUsage\"}]",
                "application/json");
        JsonNode answers = JSON.readTree(bulk.body());
        assertThat(answers.size()).isEqualTo(4);
        assertThat(answers.get(0).get("status").asInt()).isEqualTo(403);
        assertThat(answers.get(1).get("status").asInt()).isEqualTo(403);
        assertThat(answers.get(2).get("value").has("JMImplementation")).isFalse();
        assertThat(answers.get(3).get("status").asInt()).isEqualTo(200);
        assertThat(bulk.body()).doesNotContain("java.class.path").doesNotContain(SECRET);
    }

    @Test
    void versionNamesNeitherTheHostNorTheProcess() throws Exception {
        JsonNode version = JSON.readTree(get("/jolokia/version").body()).get("value");
        assertThat(version.get("id").asText()).matches("vigil-[0-9a-f]{8}");
        assertThat(version.get("details").get("agent_id").asText()).isEqualTo(version.get("id").asText());
        assertThat(version.toString()).doesNotContain("-" + ProcessHandle.current().pid() + "-");
    }

    @Test
    void aMimeTypeParameterCannotMakeTheAnswerAScript() throws Exception {
        HttpResponse<String> r = get("/jolokia/version?mimeType=text/javascript");
        assertThat(r.headers().firstValue("Content-Type")).get().asString().doesNotContain("javascript");
    }

    @Test
    void listAndSearchShowOnlyWhatMayBeRead() throws Exception {
        JsonNode list = JSON.readTree(get("/jolokia/list?maxDepth=2").body());
        assertThat(list.get("status").asInt()).isEqualTo(200);
        Set<String> domains = new HashSet<>();
        list.get("value").fieldNames().forEachRemaining(domains::add);
        assertThat(domains).containsExactlyInAnyOrder("vigil", "java.lang");
        List<String> javaLang = new ArrayList<>();
        list.get("value").get("java.lang").fieldNames().forEachRemaining(javaLang::add);
        assertThat(javaLang).isNotEmpty().allSatisfy(name -> assertThat(name).containsPattern(
                "type=(Memory|MemoryPool|MemoryManager|GarbageCollector|Threading|OperatingSystem)(,|$)"));

        JsonNode search = JSON.readTree(get("/jolokia/search/*:*").body());
        List<String> found = new ArrayList<>();
        search.get("value").forEach(n -> found.add(n.asText()));
        assertThat(found).contains("vigil:type=restrictionTest", "java.lang:type=Memory")
                .doesNotContain("java.lang:type=Runtime", "JMImplementation:type=MBeanServerDelegate")
                .allSatisfy(name -> assertThat(name).matches("(vigil|kmf\\.services|java\\.lang):.*"));
    }

    @Test
    void answersAreBoundedWhateverTheRequestAsks() throws Exception {
        JsonNode deep = JSON.readTree(get("/jolokia/read/vigil:type=restrictionTest/Deep?maxDepth=100").body());
        int depth = 0;
        for (JsonNode n = deep.get("value"); n != null && n.isObject(); n = n.get("level")) {
            depth++;
        }
        assertThat(depth).isEqualTo(6);

        JsonNode wide = JSON.readTree(get("/jolokia/read/vigil:type=restrictionTest/Long?maxCollectionSize=100000").body());
        assertThat(wide.get("value").size()).isEqualTo(1000);
    }

    private static int status(HttpResponse<String> r) throws Exception {
        if (r.statusCode() != 200) {
            return r.statusCode();
        }
        return JSON.readTree(r.body()).get("status").asInt();
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> post(String path, String body, String contentType) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .POST(HttpRequest.BodyPublishers.ofString(body)).header("Content-Type", contentType).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
