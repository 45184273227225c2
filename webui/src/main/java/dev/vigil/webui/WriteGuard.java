package dev.vigil.webui;

import dev.vigil.core.config.HttpConfig;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Who may change state (the sandbox's fault controls): a request other than GET, HEAD or OPTIONS
 * needs {@code Sec-Fetch-Site: same-origin} or an Origin equal to Vigil's own, so no other site's
 * page can send one (a form POST, or a {@code fetch} in {@code no-cors} mode, needs no CORS
 * preflight, and a JSON content type alone is not proof). And when Vigil binds a non-loopback
 * address without authentication, no one may: anyone on the network could stop brokers otherwise.
 *
 * <p>{@code /jolokia} is left to Jolokia: its POSTs are bulk reads (it refuses writes and
 * operations), and it checks Origin against {@code jolokia.cors.origins} itself.
 */
final class WriteGuard extends Handler.Wrapper {

    private final boolean writesNeedAuthentication;

    WriteGuard(Handler handler, HttpConfig config) {
        super(handler);
        this.writesNeedAuthentication = !config.bindsLoopback() && config.security().usersFile().isEmpty();
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        String method = request.getMethod();
        boolean safe = HttpMethod.GET.is(method) || HttpMethod.HEAD.is(method) || HttpMethod.OPTIONS.is(method);
        if (safe || Request.getPathInContext(request).startsWith("/jolokia")) {
            return super.handle(request, response, callback);
        }
        if (writesNeedAuthentication) {
            Refusal.send(response, callback, 403, "changes are refused: Vigil is reachable from other hosts without"
                    + " authentication; set \"" + HttpConfig.Keys.USERS_FILE + "\" to use the sandbox controls");
            return true;
        }
        if (!isSameOrigin(request)) {
            Refusal.send(response, callback, 403, "changes need a same-origin request: Sec-Fetch-Site: same-origin,"
                    + " or an Origin equal to this server's (curl: -H 'Origin: " + ownOrigin(request) + "')");
            return true;
        }
        return super.handle(request, response, callback);
    }

    private static boolean isSameOrigin(Request request) {
        String fetchSite = request.getHeaders().get("Sec-Fetch-Site");
        String origin = request.getHeaders().get(HttpHeader.ORIGIN);
        boolean ownOrigin = origin != null && origin.equalsIgnoreCase(ownOrigin(request));
        if (fetchSite != null) {
            // A browser's word: an Origin header cannot overrule it, but may contradict it.
            return fetchSite.equals("same-origin") && (origin == null || ownOrigin);
        }
        return ownOrigin;
    }

    /** scheme://host[:port] as the browser addressed this server, which is how it writes Origin. */
    private static String ownOrigin(Request request) {
        return request.getHttpURI().getScheme() + "://" + request.getHeaders().get(HttpHeader.HOST);
    }
}
