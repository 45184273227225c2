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
 *                          across origins, e.g. "https://hawtio.example.com"; default none
 * @param security          basic authentication and TLS; none by default
 */
public record HttpConfig(String host, int port, List<String> corsOrigins, Security security) {

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
        static final List<String> ALL = List.of(HOST, PORT, CORS_ORIGINS, USERS_FILE, KEYSTORE_FILE, KEYSTORE_PASSWORD_FILE);

        private Keys() {
        }
    }

    public static final HttpConfig DEFAULT = new HttpConfig("127.0.0.1", 8000, List.of());

    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9._-]+|[0-9A-Fa-f:.%]+");
    private static final Pattern ORIGIN = Pattern.compile("https?://[A-Za-z0-9.\\-\\[\\]:]+(:[0-9]{1,5})?");

    public HttpConfig {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(security, "security");
        corsOrigins = List.copyOf(corsOrigins);
    }

    /** Plain HTTP without authentication. */
    public HttpConfig(String host, int port, List<String> corsOrigins) {
        this(host, port, corsOrigins, Security.NONE);
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
        return new HttpConfig(host, port, origins, readSecurity(root));
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
