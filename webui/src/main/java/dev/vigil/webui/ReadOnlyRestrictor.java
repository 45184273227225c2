package dev.vigil.webui;

import org.jolokia.server.core.service.api.Restrictor;
import org.jolokia.server.core.util.HttpMethod;
import org.jolokia.server.core.util.RequestType;

import javax.management.ObjectName;
import java.util.List;
import java.util.Set;

/**
 * Jolokia's access rules for Vigil: read, list, search and version only, so no HTTP caller can
 * change an MBean, invoke an operation (the JVM's own include heap dumps and System.exit-like
 * calls) or subscribe to notifications. Cross-origin browser access only from the configured
 * origins ({@code "*"} for any); none by default.
 */
final class ReadOnlyRestrictor implements Restrictor {

    private static final Set<RequestType> ALLOWED = Set.of(RequestType.READ, RequestType.LIST, RequestType.SEARCH,
            RequestType.VERSION);

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
        return ALLOWED.contains(type);
    }

    @Override
    public boolean isAttributeReadAllowed(ObjectName name, String attribute) {
        return true;
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
        return true; // who can connect at all is decided by http.host
    }

    @Override
    public boolean isOriginAllowed(String origin, boolean strictCheck) {
        if (origin == null) {
            return true; // no Origin header: not a browser's cross-origin request
        }
        return corsOrigins.contains("*") || corsOrigins.contains(origin);
    }

    @Override
    public boolean isObjectNameHidden(ObjectName name) {
        return false;
    }
}
