package dev.vigil.webui;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * What Jolokia would otherwise serve to any web page, refused before it sees the request:
 * <ul>
 *   <li>JSONP: with {@code callback=} Jolokia answers {@code text/javascript}, which a
 *       {@code <script>} on any site may execute, and a script include with
 *       {@code referrerpolicy="no-referrer"} carries neither Origin nor Referer, so Jolokia's own
 *       origin check lets it through. Refused with 400.</li>
 *   <li>POSTs that are not JSON: a form can send those from any site without a CORS preflight
 *       (and would let a {@code callback} hide in its body). Refused with 415.</li>
 * </ul>
 */
final class JolokiaGuard extends HttpFilter {

    static final String CALLBACK = "callback";

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (request.getMethod().equals("POST") && !isJson(request.getContentType())) {
            refuse(response, HttpServletResponse.SC_UNSUPPORTED_MEDIA_TYPE,
                    "Jolokia requests by POST must be JSON: send Content-Type: application/json");
            return;
        }
        // The content type is JSON by now, so this reads the query string only, never a form body.
        if (request.getParameter(CALLBACK) != null) {
            refuse(response, HttpServletResponse.SC_BAD_REQUEST,
                    "JSONP (\"callback\") is not served: it would let any web page read the answer");
            return;
        }
        chain.doFilter(request, response);
    }

    private static boolean isJson(String contentType) {
        if (contentType == null) {
            return false;
        }
        String type = contentType.toLowerCase(Locale.ROOT);
        return type.startsWith("application/json") || type.startsWith("text/json");
    }

    private static void refuse(HttpServletResponse response, int status, String message) throws IOException {
        response.setStatus(status);
        response.setContentType("text/plain");
        response.setCharacterEncoding("UTF-8");
        response.getOutputStream().write((message + "\n").getBytes(StandardCharsets.UTF_8));
    }
}
