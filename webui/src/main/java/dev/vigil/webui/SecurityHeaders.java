package dev.vigil.webui;

import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Headers every response carries: no framing (clickjacking), no MIME sniffing, scripts and styles
 * only from Vigil itself, no referrer leaking the dashboard's address, no embedding of any response
 * by another site's page ({@code Cross-Origin-Resource-Policy}: an {@code <img>} or
 * {@code <script>} of /metrics or /api gets nothing) and no window handle shared with a page that
 * opened the dashboard ({@code Cross-Origin-Opener-Policy}); over HTTPS, also HSTS so a browser
 * never falls back to plain HTTP.
 */
final class SecurityHeaders extends Handler.Wrapper {

    private final boolean https;

    SecurityHeaders(Handler handler, boolean https) {
        super(handler);
        this.https = https;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        HttpFields.Mutable headers = response.getHeaders();
        headers.put("X-Content-Type-Options", "nosniff");
        headers.put("X-Frame-Options", "DENY");
        headers.put("Content-Security-Policy",
                "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'; base-uri 'none'; form-action 'self'");
        headers.put("Referrer-Policy", "no-referrer");
        headers.put("Cross-Origin-Resource-Policy", "same-origin");
        headers.put("Cross-Origin-Opener-Policy", "same-origin");
        if (https) {
            headers.put("Strict-Transport-Security", "max-age=31536000");
        }
        return super.handle(request, response, callback);
    }
}
