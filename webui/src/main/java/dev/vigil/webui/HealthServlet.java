package dev.vigil.webui;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * /health (liveness) or /ready (readiness): 200 when every cluster passes, 503 when one does not,
 * with a JSON body naming each cluster's status and reason, so a probe failure explains itself.
 * Only to a request {@code detailed} accepts (one from this host): to anyone else the body is the
 * status alone, since cluster names and reasons (host names in Kafka's errors) map the network.
 */
final class HealthServlet extends HttpServlet {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final transient Supplier<List<ComponentHealth>> health;
    private final transient Predicate<ComponentHealth> passes;
    private final transient Predicate<HttpServletRequest> detailed;

    HealthServlet(Supplier<List<ComponentHealth>> health, Predicate<ComponentHealth> passes,
                  Predicate<HttpServletRequest> detailed) {
        this.health = health;
        this.passes = passes;
        this.detailed = detailed;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        List<ComponentHealth> components = health.get();
        boolean ok = !components.isEmpty() && components.stream().allMatch(passes);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", ok ? "UP" : "DOWN");
        if (detailed.test(request)) {
            body.put("clusters", components);
        }
        response.setStatus(ok ? HttpServletResponse.SC_OK : HttpServletResponse.SC_SERVICE_UNAVAILABLE);
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        response.setHeader("Cache-Control", "no-store");
        JSON.writeValue(response.getOutputStream(), body);
    }
}
