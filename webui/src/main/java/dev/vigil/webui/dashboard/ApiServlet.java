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
import java.util.Set;
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
 *   <li>GET /clusters/{name}/episodes: its brokers' and partitions' outage episodes ({@link EpisodesReport}),
 *       optionally only {@code subjects=broker,leader_move} and the newest {@code recent=N} ended ones of each;</li>
 *   <li>GET /clusters/{name}/overview: what the page fetches every refresh, bounded whatever the partition
 *       count ({@link Dashboard.ClusterOverview}); /partitions?from=&amp;limit=: a page of the partition grid;
 *       /series?range=15m|24h&amp;after=T: the charts' points after T;</li>
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
    private static final Pattern OVERVIEW = Pattern.compile("/clusters/([^/]+)/overview");
    private static final Pattern PARTITIONS = Pattern.compile("/clusters/([^/]+)/partitions");
    private static final Pattern SERIES = Pattern.compile("/clusters/([^/]+)/series");
    /** Rows of the partition grid per request: about 150 KB of JSON at most. */
    static final int MAX_PARTITION_ROWS = 1_000;
    static final int DEFAULT_PARTITION_ROWS = 500;
    private static final Set<String> SUBJECTS = Set.of("broker", "partition", "leader_move");
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
        if (writeAtScale(request, response, path)) {
            return;
        }
        Matcher episodes = EPISODES.matcher(path);
        if (episodes.matches()) {
            String name = episodes.group(1);
            Optional<EpisodesReport> report = dashboard.episodes(name);
            if (report.isPresent()) {
                Optional<EpisodesReport> filtered = onlyAsked(request, response, report.get());
                if (filtered.isPresent()) {
                    write(response, HttpServletResponse.SC_OK, filtered.get());
                }
            } else {
                error(response, HttpServletResponse.SC_NOT_FOUND, "no cluster named '" + name + "' with a running"
                        + " monitor; clusters are " + dashboard.clusters().stream().map(Dashboard.ClusterSummary::name)
                        .toList());
            }
            return;
        }
        error(response, HttpServletResponse.SC_NOT_FOUND, "no such API path: /api/v1" + path);
    }

    /**
     * The page's compact refresh and what it fetches on demand: {@code /overview}, {@code /partitions?from=&limit=}
     * and {@code /series?range=&after=}; false when {@code path} is none of them.
     */
    private boolean writeAtScale(HttpServletRequest request, HttpServletResponse response, String path)
            throws IOException {
        Matcher overview = OVERVIEW.matcher(path);
        Matcher partitions = PARTITIONS.matcher(path);
        Matcher series = SERIES.matcher(path);
        if (overview.matches()) {
            writeOrUnknown(response, overview.group(1), dashboard.overview(overview.group(1)));
        } else if (partitions.matches()) {
            Optional<Long> from = number(request, "from", 0, 0, Integer.MAX_VALUE);
            Optional<Long> limit = number(request, "limit", DEFAULT_PARTITION_ROWS, 1, MAX_PARTITION_ROWS);
            if (from.isEmpty() || limit.isEmpty()) {
                error(response, HttpServletResponse.SC_BAD_REQUEST, "from must be 0 or more and limit 1 to "
                        + MAX_PARTITION_ROWS + " (default " + DEFAULT_PARTITION_ROWS + ")");
            } else {
                writeOrUnknown(response, partitions.group(1), dashboard.partitions(partitions.group(1),
                        from.get().intValue(), limit.get().intValue()));
            }
        } else if (series.matches()) {
            String range = Optional.ofNullable(request.getParameter("range")).orElse(Dashboard.RECENT);
            Optional<Long> after = number(request, "after", Long.MIN_VALUE, Long.MIN_VALUE, Long.MAX_VALUE);
            if (!range.equals(Dashboard.RECENT) && !range.equals(Dashboard.DAY) || after.isEmpty()) {
                error(response, HttpServletResponse.SC_BAD_REQUEST, "range must be " + Dashboard.RECENT + " or "
                        + Dashboard.DAY + ", and after a time in epoch milliseconds");
            } else {
                writeOrUnknown(response, series.group(1), dashboard.series(series.group(1), range, after.get()));
            }
        } else {
            return false;
        }
        return true;
    }

    private void writeOrUnknown(HttpServletResponse response, String name, Optional<?> body) throws IOException {
        if (body.isPresent()) {
            write(response, HttpServletResponse.SC_OK, body.get());
        } else {
            error(response, HttpServletResponse.SC_NOT_FOUND, "no cluster named '" + name + "'; clusters are "
                    + dashboard.clusters().stream().map(Dashboard.ClusterSummary::name).toList());
        }
    }

    /** The report with only the {@code subjects} and {@code recent} asked for, if any; empty after a 400. */
    private static Optional<EpisodesReport> onlyAsked(HttpServletRequest request, HttpServletResponse response,
                                                      EpisodesReport report) throws IOException {
        String subjects = request.getParameter("subjects");
        Optional<Long> recent = number(request, "recent", Integer.MAX_VALUE, 0, Integer.MAX_VALUE);
        Set<String> asked = subjects == null ? SUBJECTS : Set.copyOf(java.util.Arrays.asList(subjects.split(",", -1)));
        if (!SUBJECTS.containsAll(asked) || recent.isEmpty()) {
            error(response, HttpServletResponse.SC_BAD_REQUEST, "subjects is a comma-separated list of " + SUBJECTS
                    + " and recent a count of ended episodes per subject, 0 or more");
            return Optional.empty();
        }
        return Optional.of(subjects == null && request.getParameter("recent") == null ? report
                : report.only(asked, recent.get().intValue()));
    }

    /** A query parameter that is an integer in [min, max], or {@code absent} when not given; empty when invalid. */
    private static Optional<Long> number(HttpServletRequest request, String name, long absent, long min, long max) {
        String text = request.getParameter(name);
        if (text == null) {
            return Optional.of(absent);
        }
        try {
            long value = Long.parseLong(text);
            return value < min || value > max ? Optional.empty() : Optional.of(value);
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
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
