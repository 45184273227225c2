package dev.vigil.webui;

import dev.vigil.core.config.Secrets;
import org.jolokia.server.core.service.api.Restrictor;
import org.jolokia.server.core.util.HttpMethod;
import org.jolokia.server.core.util.RequestType;

import javax.management.ObjectName;
import java.util.List;
import java.util.Set;

/**
 * Jolokia's access rules for Vigil: read, list, search and version only, so no HTTP caller can
 * change an MBean, invoke an operation (the JVM's own include heap dumps and System.exit-like
 * calls) or subscribe to notifications; and only on an allow-list of MBeans:
 * <ul>
 *   <li>Vigil's own ({@code vigil:*}) and the Xinfra Monitor compatible ones ({@code kmf.services:*});</li>
 *   <li>the JVM's harmless {@code java.lang} types: memory and memory pools, garbage collectors,
 *       threading and the operating system.</li>
 * </ul>
 * Everything else is hidden from {@code list} and {@code search} and refused to {@code read}:
 * {@code java.lang:type=Runtime} gives away system properties, JVM arguments (any
 * {@code -D…password=}) and class paths, and the Kafka clients' MBeans in the same JVM name hosts
 * and principals. An attribute whose name looks like a secret ({@link Secrets}) is refused even on
 * an allowed MBean. Cross-origin browser access only from the configured origins; none by default.
 */
final class ReadOnlyRestrictor implements Restrictor {

    private static final Set<RequestType> ALLOWED_TYPES = Set.of(RequestType.READ, RequestType.LIST,
            RequestType.SEARCH, RequestType.VERSION);
    private static final Set<String> ALLOWED_DOMAINS = Set.of("vigil", "kmf.services");
    private static final Set<String> ALLOWED_JAVA_LANG_TYPES = Set.of("Memory", "MemoryPool", "MemoryManager",
            "GarbageCollector", "Threading", "OperatingSystem");

    private final List<String> corsOrigins;

    ReadOnlyRestrictor(List<String> corsOrigins) {
        this.corsOrigins = List.copyOf(corsOrigins);
    }

    @Override
    public boolean isHttpMethodAllowed(HttpMethod method) {
        // POST carries bulk reads; what a request may do is decided by its type below.
        return method == HttpMethod.GET || method == HttpMethod.POST;
    }

    @Override
    public boolean isTypeAllowed(RequestType type) {
        return ALLOWED_TYPES.contains(type);
    }

    @Override
    public boolean isAttributeReadAllowed(ObjectName name, String attribute) {
        return isReadable(name) && (attribute == null || !Secrets.isSecret(attribute));
    }

    @Override
    public boolean isAttributeWriteAllowed(ObjectName name, String attribute) {
        return false;
    }

    @Override
    public boolean isOperationAllowed(ObjectName name, String operation) {
        return false;
    }

    @Override
    public boolean isRemoteAccessAllowed(String... hostOrAddress) {
        return true; // who can connect at all is decided by http.host and the Host check
    }

    @Override
    public boolean isOriginAllowed(String origin, boolean strictCheck) {
        if (origin == null) {
            // No Origin nor Referer: not a cross-origin fetch. A script include sends neither, which
            // is why JSONP is refused before Jolokia sees the request (JolokiaGuard).
            return true;
        }
        return corsOrigins.contains(origin);
    }

    @Override
    public boolean isObjectNameHidden(ObjectName name) {
        return !isReadable(name);
    }

    /** On the allow-list; a pattern only when it cannot match anything else (Jolokia expands it per MBean). */
    static boolean isReadable(ObjectName name) {
        if (name.isDomainPattern()) {
            return false;
        }
        String domain = name.getDomain();
        if (ALLOWED_DOMAINS.contains(domain)) {
            return true;
        }
        if (!domain.equals("java.lang")) {
            return false;
        }
        String type = name.getKeyProperty("type");
        return type != null && ALLOWED_JAVA_LANG_TYPES.contains(type);
    }
}
