package dev.vigil.webui;

import dev.vigil.reporters.prometheus.PrometheusExporter;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;

/** /metrics: the Prometheus text exposition of every scope, read at scrape time. */
final class MetricsServlet extends HttpServlet {

    private final transient PrometheusExporter exporter;

    MetricsServlet(PrometheusExporter exporter) {
        this.exporter = exporter;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        // Rendered fully before the status is sent, so a failure is a 500, not a truncated 200.
        ChunkedBody body = new ChunkedBody();
        exporter.write(body);
        response.setStatus(HttpServletResponse.SC_OK);
        response.setContentType(exporter.contentType());
        response.setContentLengthLong(body.size());
        body.writeTo(response.getOutputStream());
    }
}
