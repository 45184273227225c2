package dev.vigil.webui;

import dev.vigil.core.config.HttpConfig;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Refuses (421) every request whose Host names something other than Vigil: DNS rebinding points a
 * foreign name at Vigil's address, which makes a page on that name same-origin with Vigil, but the
 * browser still sends the foreign name as Host. Accepted: loopback names and addresses, the bound
 * address, the address the connection arrived on (an orchestrator probing the pod's IP; a page
 * cannot be same-origin with an address literal and with its own name at once), and
 * {@code http.allowed.hosts}.
 */
final class HostCheck extends Handler.Wrapper {

    private final String boundHost;
    private final Set<String> allowed;

    HostCheck(Handler handler, HttpConfig config) {
        super(handler);
        this.boundHost = normalise(config.host());
        this.allowed = config.allowedHosts().stream().map(HostCheck::normalise).collect(Collectors.toUnmodifiableSet());
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        if (isAllowed(request)) {
            return super.handle(request, response, callback);
        }
        Refusal.send(response, callback, 421,
                "this Host is not served here; if it names Vigil, add it to \"" + HttpConfig.Keys.ALLOWED_HOSTS + "\"");
        return true;
    }

    private boolean isAllowed(Request request) {
        if (!request.getHeaders().contains(HttpHeader.HOST)) {
            return true; // HTTP/1.0 without Host: no browser sends that, and rebinding needs a name
        }
        String host = normalise(request.getHttpURI().getHost());
        return HttpConfig.isLoopback(host) || host.equals(boundHost) || allowed.contains(host)
                || host.equals(normalise(Request.getLocalAddr(request)));
    }

    private static String normalise(String host) {
        if (host == null) {
            return "";
        }
        String h = host.toLowerCase(Locale.ROOT);
        if (h.endsWith(".")) {
            h = h.substring(0, h.length() - 1); // "localhost." is the same name as "localhost"
        }
        return h.startsWith("[") && h.endsWith("]") ? h.substring(1, h.length() - 1) : h;
    }
}
