package dev.vigil.bench.lag;

import org.apache.kafka.clients.admin.Admin;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;

/**
 * The Admin client Vigil made, with every call it receives counted by method (and the groups or partitions
 * each asks about), and the start of each evaluation round taken at its first call, {@code listGroups}. A
 * JDK proxy rather than {@code ForwardingAdmin}, which would create an Admin client of its own instead of
 * wrapping the one {@code KafkaClients} configured.
 */
final class CountingAdmin implements InvocationHandler {

    private final Admin real;
    private final Runnable roundStarts;
    private final Map<String, long[]> calls = new TreeMap<>();

    private CountingAdmin(Admin real, Runnable roundStarts) {
        this.real = real;
        this.roundStarts = roundStarts;
    }

    /** @param roundStarts runs on the evaluating thread as it lists the groups, before the call */
    static CountingAdmin wrap(Admin real, Runnable roundStarts) {
        return new CountingAdmin(real, roundStarts);
    }

    Admin admin() {
        return (Admin) Proxy.newProxyInstance(Admin.class.getClassLoader(), new Class<?>[]{Admin.class}, this);
    }

    /**
     * The calls since the last take, by method: {calls, items asked about (groups or partitions)}; then
     * starts counting again.
     */
    synchronized Map<String, long[]> take() {
        Map<String, long[]> out = new TreeMap<>(calls);
        calls.clear();
        return out;
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
        String name = method.getName();
        if (name.equals("listGroups")) {
            roundStarts.run();
        }
        if (!name.equals("close")) { // a default overload calls the real client's own method: counted once
            long items = args == null || args.length == 0 ? 0 : args[0] instanceof Collection<?> c ? c.size()
                    : args[0] instanceof Map<?, ?> m ? m.size() : 0;
            synchronized (this) {
                long[] n = calls.computeIfAbsent(name, k -> new long[2]);
                n[0]++;
                n[1] += items;
            }
        }
        try {
            return method.invoke(real, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
