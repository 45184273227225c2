package dev.vigil.core.config;

import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The web server that serves /metrics, /jolokia, /health, /ready and the dashboard.
 *
 * @param host              {@code http.host}: the address to bind; default 127.0.0.1 so nothing is
 *                          reachable from other hosts unless the operator says so
 * @param port              {@code http.port}: default 8000; 0 picks a free port (logged at start)
 * @param corsOrigins       {@code jolokia.cors.origins}: browser origins allowed to call /jolokia
 *                          across origins, e.g. "https://hawtio.example.com"; default none
 */
public record HttpConfig(String host, int port, List<String> corsOrigins) {

    public static final class Keys {
        public static final String HOST = "http.host";
        public static final String PORT = "http.port";
        public static final String CORS_ORIGINS = "jolokia.cors.origins";
        static final List<String> ALL = List.of(HOST, PORT, CORS_ORIGINS);

        private Keys() {
        }
    }

    public static final HttpConfig DEFAULT = new HttpConfig("127.0.0.1", 8000, List.of());

    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9._-]+|[0-9A-Fa-f:.%]+");
    private static final Pattern ORIGIN = Pattern.compile("https?://[A-Za-z0-9.\\-\\[\\]:]+(:[0-9]{1,5})?");

    public HttpConfig {
        Objects.requireNonNull(host, "host");
        corsOrigins = List.copyOf(corsOrigins);
    }

    static HttpConfig read(ConfigObject root) {
        String host = root.string(Keys.HOST, DEFAULT.host());
        if (!HOST.matcher(host).matches()) {
            throw root.error(Keys.HOST, ConfigObject.quote(host)
                    + " is not a host name or IP address; use e.g. \"127.0.0.1\" (this host only) or \"0.0.0.0\" (every interface)");
        }
        int port = root.integer(Keys.PORT, DEFAULT.port(), 0, 65535, "");
        List<String> origins = root.stringList(Keys.CORS_ORIGINS, "\"https://hawtio.example.com\"");
        for (String origin : origins) {
            if (!origin.equals("*") && !ORIGIN.matcher(origin).matches()) {
                throw root.error(Keys.CORS_ORIGINS, ConfigObject.quote(origin)
                        + " is not an origin; use scheme://host[:port] such as \"https://hawtio.example.com\", or \"*\"");
            }
        }
        return new HttpConfig(host, port, origins);
    }
}
