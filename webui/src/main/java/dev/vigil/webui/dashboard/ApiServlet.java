package dev.vigil.webui.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The dashboard's JSON API under /api/v1:
 * <ul>
 *   <li>GET /clusters: every cluster's name, monitor status and health verdict;</li>
 *   <li>GET /clusters/{name}: one cluster's report, verdict, time series and (on the sandbox) its
 *       fault controls; 404 for an unknown name;</li>
 *   <li>GET /clusters/{name}/groups: the cluster's consumer groups as its latest lag evaluation judged
 *       them ({@link ConsumerGroupsView}); 404 for an unknown name or a cluster whose groups are not
 *       evaluated;</li>
 *   <li>GET /clusters/{name}/groups/lag: the dashboard's consumer-group panel, the groups worst first with their
 *       lag over time ({@link LagPanel}); {@code evaluated} false for a cluster that evaluates none;</li>
 *   <li>GET /clusters/{name}/episodes: its brokers' and partitions' outage episodes ({@link EpisodesReport});</li>
 *   <li>POST /clusters/{name}/sandbox/brokers/{id}/stop, /start and /latency (body
 *       {@code {"ms": 200}}): a sandbox cluster's fault controls; 404 for a cluster that is not
 *       Vigil's own sandbox.</li>
 * </ul>
 * POSTs must carry {@code Content-Type: application/json}: a page on another site cannot send that
 * without a CORS preflight, which this server never grants, so it cannot drive the controls.
 */
public final class ApiServlet extends HttpServlet {

    private static final Logger log = LoggerFactory.getLogger(ApiServlet.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern CLUSTER = Pattern.compile("/clusters/([^/]+)");
    private static final Pattern GROUPS = Pattern.compile("/clusters/([^/]+)/groups");
    private static final Pattern LAG_PANEL = Pattern.compile("/clusters/([^/]+)/groups/lag");
    private static final Pattern EPISODES = Pattern.compile("/clusters/([^/]+)/episodes");
    private static final Pattern BROKER_ACTION =
            Pattern.compile("/clusters/([^/]+)/sandbox/brokers/(\\d{1,9})/(stop|start|latency)");
    private static final long MAX_LATENCY_MS = 60_000;

    private final transient Dashboard dashboard;

    public ApiServlet(Dashboard dashboard) {
        this.dashboard = dashboard;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String path = Optional.ofNullable(request.getPathInfo()).orElse("");
        if (path.equals("/clusters")) {
            write(response, HttpServletResponse.SC_OK, Map.of("clusters", dashboard.clusters(),
                    "instance", dashboard.instance()));
            return;
        }
        Matcher cluster = CLUSTER.matcher(path);
        if (cluster.matches()) {
            String name = cluster.group(1);
            Optional<Dashboard.ClusterPage> page = dashboard.page(name);
            if (page.isPresent()) {
                write(response, HttpServletResponse.SC_OK, page.get());
            } else {
                error(response, HttpServletResponse.SC_NOT_FOUND, "no cluster named '" + name + "'; clusters are "
                        + dashboard.clusters().stream().map(Dashboard.ClusterSummary::name).toList());
            }
            return;
        }
        Matcher groups = GROUPS.matcher(path);
        if (groups.matches()) {
            writeGroups(response, groups.group(1));
            return;
        }
        Matcher lagPanel = LAG_PANEL.matcher(path);
        if (lagPanel.matches()) {
            writeLagPanel(response, lagPanel.group(1));
            return;
        }
        Matcher episodes = EPISODES.matcher(path);
        if (episodes.matches()) {
            String name = episodes.group(1);
            Optional<EpisodesReport> report = dashboard.episodes(name);
            if (report.isPresent()) {
                write(response, HttpServletResponse.SC_OK, report.get());
            } else {
                error(response, HttpServletResponse.SC_NOT_FOUND, "no cluster named '" + name + "' with a running"
                        + " monitor; clusters are " + dashboard.clusters().stream().map(Dashboard.ClusterSummary::name)
                        .toList());
            }
            return;
        }
        error(response, HttpServletResponse.SC_NOT_FOUND, "no such API path: /api/v1" + path);
    }

    private void writeGroups(HttpServletResponse response, String name) throws IOException {
        Optional<ConsumerGroupsView> view = dashboard.consumerGroups(name);
        if (view.isPresent()) {
            write(response, HttpServletResponse.SC_OK, view.get());
        } else if (dashboard.page(name).isPresent()) {
            error(response, HttpServletResponse.SC_NOT_FOUND, "cluster '" + name + "' evaluates no consumer group;"
                    + " set consumer.groups.include in its config");
        } else {
            unknownCluster(response, name);
        }
    }

    private void writeLagPanel(HttpServletResponse response, String name) throws IOException {
        Optional<LagPanel> panel = dashboard.lagPanel(name);
        if (panel.isPresent()) {
            write(response, HttpServletResponse.SC_OK, panel.get());
        } else {
            unknownCluster(response, name);
        }
    }

    private void unknownCluster(HttpServletResponse response, String name) throws IOException {
        error(response, HttpServletResponse.SC_NOT_FOUND, "no cluster named '" + name + "'; clusters are "
                + dashboard.clusters().stream().map(Dashboard.ClusterSummary::name).toList());
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String path = Optional.ofNullable(request.getPathInfo()).orElse("");
        Matcher action = BROKER_ACTION.matcher(path);
        if (!action.matches()) {
            error(response, HttpServletResponse.SC_NOT_FOUND, "no such API path: POST /api/v1" + path);
            return;
        }
        Optional<SandboxControls> sandbox = dashboard.sandbox(action.group(1));
        if (sandbox.isEmpty()) {
            error(response, HttpServletResponse.SC_NOT_FOUND, "cluster '" + action.group(1)
                    + "' has no fault controls: they exist only on a sandbox cluster Vigil runs itself");
            return;
        }
        String contentType = Optional.ofNullable(request.getContentType()).orElse("");
        if (!contentType.toLowerCase(java.util.Locale.ROOT).startsWith("application/json")) {
            error(response, HttpServletResponse.SC_UNSUPPORTED_MEDIA_TYPE, "send Content-Type: application/json");
            return;
        }
        int broker = Integer.parseInt(action.group(2));
        SandboxControls controls = sandbox.get();
        if (controls.brokers().stream().noneMatch(b -> b.id() == broker)) {
            error(response, HttpServletResponse.SC_NOT_FOUND, "no sandbox broker " + broker);
            return;
        }
        try {
            switch (action.group(3)) {
                case "stop" -> controls.stopBroker(broker);
                case "start" -> controls.startBroker(broker);
                default -> {
                    Optional<Long> ms = latencyMs(request);
                    if (ms.isEmpty()) {
                        error(response, HttpServletResponse.SC_BAD_REQUEST,
                                "send {\"ms\": N} with N the added latency in milliseconds, 0 to " + MAX_LATENCY_MS);
                        return;
                    }
                    controls.setLatency(broker, Duration.ofMillis(ms.get()));
                }
            }
        } catch (RuntimeException e) {
            log.warn("sandbox broker {} {} failed: {}", broker, action.group(3), e.toString());
            error(response, HttpServletResponse.SC_INTERNAL_SERVER_ERROR,
                    "sandbox broker " + broker + " " + action.group(3) + " failed: " + e.getMessage());
            return;
        }
        log.info("sandbox broker {}: {} (from the dashboard)", broker, action.group(3));
        write(response, HttpServletResponse.SC_OK, Map.of("brokers", controls.brokers()));
    }

    private static Optional<Long> latencyMs(HttpServletRequest request) {
        try {
            JsonNode body = JSON.readTree(request.getInputStream());
            JsonNode ms = body == null ? null : body.get("ms");
            if (ms == null || !ms.canConvertToLong() || !ms.isIntegralNumber()) {
                return Optional.empty();
            }
            long value = ms.asLong();
            return value < 0 || value > MAX_LATENCY_MS ? Optional.empty() : Optional.of(value);
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static void error(HttpServletResponse response, int status, String message) throws IOException {
        write(response, status, Map.of("error", message));
    }

    private static void write(HttpServletResponse response, int status, Object body) throws IOException {
        response.setStatus(status);
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        response.setHeader("Cache-Control", "no-store");
        JSON.writeValue(response.getOutputStream(), body);
    }
}
