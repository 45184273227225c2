package dev.vigil.core.concurrent;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * VarHandles on the fields a lock-free class updates in place (counters, flags), looked up while the
 * class initializes. A lookup can only fail when the field's name or type is wrong in that class, so
 * it fails the class's initialization.
 */
public final class FieldHandles {

    private FieldHandles() {
    }

    /** @param lookup the owner's own {@code MethodHandles.lookup()}, which may reach its private fields */
    public static VarHandle of(MethodHandles.Lookup lookup, Class<?> owner, String field, Class<?> type) {
        try {
            return lookup.findVarHandle(owner, field, type);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}
