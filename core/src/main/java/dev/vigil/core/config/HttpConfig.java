package dev.vigil.core.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The web server that serves /metrics, /jolokia, /health, /ready and the dashboard.
 *
 * @param host              {@code http.host}: the address to bind; default 127.0.0.1 so nothing is
 *                          reachable from other hosts unless the operator says so
 * @param port              {@code http.port}: default 8000; 0 picks a free port (logged at start)
 * @param corsOrigins       {@code jolokia.cors.origins}: browser origins allowed to call /jolokia
 *                          across origins, e.g. "https://hawtio.example.com"; default none. Never
 *                          {@code "*"}: Jolokia allows credentials with every origin it allows
 * @param security          basic authentication and TLS; none by default
 * @param allowedHosts      {@code http.allowed.hosts}: host names (or addresses) a request's Host
 *                          header may name besides loopback names and addresses and {@link #host()},
 *                          e.g. the name of a Kubernetes Service; any other Host is refused, which
 *                          defeats DNS rebinding
 * @param insecureExpose    {@code http.insecure.expose}: allow a non-loopback {@link #host()} without
 *                          authentication and TLS (a WARN at every start); false by default, and
 *                          such a config is refused
 */
public record HttpConfig(String host, int port, List<String> corsOrigins, Security security, List<String> allowedHosts,
                         boolean insecureExpose) {

    /**
     * Who may read the web server and over what. Credentials never sit in the config itself: the
     * config names files, which an operator keeps readable by Vigil only (or mounts from a
     * Kubernetes Secret).
     *
     * @param usersFile            {@code http.auth.users.file}: basic-auth users in Jetty's realm
     *                             format, one {@code user: password} per line, the password plain or
     *                             hashed ({@code MD5:…}, {@code CRYPT:…}); every path but /health and
     *                             /ready then needs a user
     * @param keystoreFile         {@code http.tls.keystore.file}: a PKCS#12 keystore with the server's
     *                             key and certificate; the server then speaks HTTPS only
     * @param keystorePasswordFile {@code http.tls.keystore.password.file}: a file whose first line is
     *                             the keystore's password; required with a keystore
     */
    public record Security(Optional<Path> usersFile, Optional<Path> keystoreFile, Optional<Path> keystorePasswordFile) {

        public static final Security NONE = new Security(Optional.empty(), Optional.empty(), Optional.empty());

        public Security {
            Objects.requireNonNull(usersFile, "usersFile");
            Objects.requireNonNull(keystoreFile, "keystoreFile");
            Objects.requireNonNull(keystorePasswordFile, "keystorePasswordFile");
        }

        public boolean tls() {
            return keystoreFile.isPresent();
        }
    }

    public static final class Keys {
        public static final String HOST = "http.host";
        public static final String PORT = "http.port";
        public static final String CORS_ORIGINS = "jolokia.cors.origins";
        public static final String USERS_FILE = "http.auth.users.file";
        public static final String KEYSTORE_FILE = "http.tls.keystore.file";
        public static final String KEYSTORE_PASSWORD_FILE = "http.tls.keystore.password.file";
        public static final String ALLOWED_HOSTS = "http.allowed.hosts";
        public static final String INSECURE_EXPOSE = "http.insecure.expose";
        static final List<String> ALL = List.of(HOST, PORT, CORS_ORIGINS, USERS_FILE, KEYSTORE_FILE, KEYSTORE_PASSWORD_FILE,
                ALLOWED_HOSTS, INSECURE_EXPOSE);

        private Keys() {
        }
    }

    public static final HttpConfig DEFAULT = new HttpConfig("127.0.0.1", 8000, List.of());

    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9._-]+|[0-9A-Fa-f:.%]+");
    private static final Pattern LOOPBACK_V4 = Pattern.compile("127\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}");
    private static final Pattern IPV6_LOOPBACK = Pattern.compile("(0{0,4}:){2,7}0{0,3}1|::1");
    private static final Pattern ORIGIN = Pattern.compile("https?://[A-Za-z0-9.\\-\\[\\]:]+(:[0-9]{1,5})?");

    public HttpConfig {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(security, "security");
        corsOrigins = List.copyOf(corsOrigins);
        allowedHosts = List.copyOf(allowedHosts);
    }

    /** No extra allowed hosts, not exposed insecurely. */
    public HttpConfig(String host, int port, List<String> corsOrigins, Security security) {
        this(host, port, corsOrigins, security, List.of(), false);
    }

    /** Plain HTTP without authentication. */
    public HttpConfig(String host, int port, List<String> corsOrigins) {
        this(host, port, corsOrigins, Security.NONE);
    }

    /**
     * Whether {@link #host()} is a loopback address or {@code localhost}, so only this machine can
     * connect. Host names other than {@code localhost} count as not loopback: what they resolve to
     * may change.
     */
    public boolean bindsLoopback() {
        return isLoopback(host);
    }

    /** A loopback name or address literal ({@code localhost}, {@code 127.x.y.z}, {@code ::1}); no DNS lookup. */
    public static boolean isLoopback(String hostOrAddress) {
        String h = hostOrAddress.toLowerCase(java.util.Locale.ROOT);
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        if (h.equals("localhost") || h.endsWith(".localhost")) {
            return true;
        }
        if (LOOPBACK_V4.matcher(h).matches()) {
            return true;
        }
        return h.contains(":") && IPV6_LOOPBACK.matcher(h).matches();
    }

    /** Reachable from other hosts without both a user and TLS: allowed only with {@link #insecureExpose()}. */
    public boolean exposedInsecurely() {
        return !bindsLoopback() && (security.usersFile().isEmpty() || !security.tls());
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
            if (origin.equals("*")) {
                throw root.error(Keys.CORS_ORIGINS, "\"*\" would let every web site read /jolokia with the"
                        + " operator's credentials; list the origins, such as \"https://hawtio.example.com\"");
            }
            if (!ORIGIN.matcher(origin).matches()) {
                throw root.error(Keys.CORS_ORIGINS, ConfigObject.quote(origin)
                        + " is not an origin; use scheme://host[:port] such as \"https://hawtio.example.com\"");
            }
        }
        List<String> allowedHosts = root.stringList(Keys.ALLOWED_HOSTS, "\"vigil.monitoring.svc\"");
        for (String allowed : allowedHosts) {
            if (!HOST.matcher(allowed).matches()) {
                throw root.error(Keys.ALLOWED_HOSTS, ConfigObject.quote(allowed)
                        + " is not a host name or IP address (no scheme, no port); use e.g. \"vigil.monitoring.svc\"");
            }
        }
        boolean insecureExpose = root.bool(Keys.INSECURE_EXPOSE, false);
        HttpConfig config = new HttpConfig(host, port, origins, readSecurity(root), allowedHosts, insecureExpose);
        if (config.exposedInsecurely() && !insecureExpose) {
            throw root.error(Keys.HOST, ConfigObject.quote(host) + " is not a loopback address, so other hosts could"
                    + " reach Vigil " + config.missingProtection() + "; set \"" + Keys.USERS_FILE + "\" and \""
                    + Keys.KEYSTORE_FILE + "\", or \"" + Keys.INSECURE_EXPOSE + "\": true to accept that");
        }
        return config;
    }

    /** "without authentication and TLS", "without TLS", ... for messages; empty when both are on. */
    public String missingProtection() {
        boolean auth = security.usersFile().isPresent();
        boolean tls = security.tls();
        return auth && tls ? "" : "without " + (!auth && !tls ? "authentication and TLS" : !auth ? "authentication" : "TLS");
    }

    private static Security readSecurity(ConfigObject root) {
        Optional<Path> users = readableFile(root, Keys.USERS_FILE, "a file of \"user: password\" lines");
        Optional<Path> keystore = readableFile(root, Keys.KEYSTORE_FILE, "a PKCS#12 keystore");
        Optional<Path> password = readableFile(root, Keys.KEYSTORE_PASSWORD_FILE, "a file holding the keystore's password");
        if (keystore.isPresent() && password.isEmpty()) {
            throw root.error(Keys.KEYSTORE_PASSWORD_FILE, "required with \"" + Keys.KEYSTORE_FILE
                    + "\"; name a file whose first line is the keystore's password");
        }
        if (password.isPresent() && keystore.isEmpty()) {
            throw root.error(Keys.KEYSTORE_FILE, "required with \"" + Keys.KEYSTORE_PASSWORD_FILE
                    + "\"; name the PKCS#12 keystore it unlocks");
        }
        return new Security(users, keystore, password);
    }

    private static Optional<Path> readableFile(ConfigObject root, String key, String what) {
        Optional<String> value = root.optionalString(key);
        if (value.isEmpty()) {
            return Optional.empty();
        }
        Path path;
        try {
            path = Path.of(value.get());
        } catch (java.nio.file.InvalidPathException e) {
            throw root.error(key, ConfigObject.quote(value.get()) + " is not a file path");
        }
        if (!Files.isRegularFile(path)) {
            throw root.error(key, ConfigObject.quote(value.get()) + " does not exist or is not a file; name " + what
                    + " (a relative path is resolved against the directory Vigil runs in)");
        }
        if (!Files.isReadable(path)) {
            throw root.error(key, ConfigObject.quote(value.get()) + " is not readable by this user");
        }
        return Optional.of(path);
    }
}
