package dev.vigil.reporters.jmx;

import javax.management.Attribute;
import javax.management.AttributeList;
import javax.management.AttributeNotFoundException;
import javax.management.DynamicMBean;
import javax.management.MBeanAttributeInfo;
import javax.management.MBeanConstructorInfo;
import javax.management.MBeanInfo;
import javax.management.MBeanNotificationInfo;
import javax.management.MBeanOperationInfo;
import javax.management.ReflectionException;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * An MBean whose attributes are whatever {@code attributes} returns when read: every read, and
 * every {@link #getMBeanInfo()}, asks the supplier, so values are live and the attribute list is
 * the one the source has now. It has no operations and no writable attribute; writes and
 * invocations are refused the way a standard MBean refuses them.
 */
final class ReadOnlyMBean implements DynamicMBean {

    private final String description;
    private final Supplier<List<JmxAttribute>> attributes;

    ReadOnlyMBean(String description, Supplier<List<JmxAttribute>> attributes) {
        this.description = Objects.requireNonNull(description);
        this.attributes = Objects.requireNonNull(attributes);
    }

    @Override
    public Object getAttribute(String name) throws AttributeNotFoundException {
        for (JmxAttribute a : attributes.get()) {
            if (a.name().equals(name)) {
                return a.value();
            }
        }
        throw new AttributeNotFoundException("no attribute " + name);
    }

    /** Reads the source once for all the requested attributes; unknown names are left out, as JMX specifies. */
    @Override
    public AttributeList getAttributes(String[] names) {
        List<JmxAttribute> current = attributes.get();
        AttributeList out = new AttributeList();
        for (String name : names) {
            for (JmxAttribute a : current) {
                if (a.name().equals(name)) {
                    out.add(new Attribute(name, a.value()));
                    break;
                }
            }
        }
        return out;
    }

    @Override
    public void setAttribute(Attribute attribute) throws AttributeNotFoundException {
        throw new AttributeNotFoundException("read-only MBean: attribute " + attribute.getName() + " cannot be set");
    }

    /** Sets nothing, so returns an empty list: the JMX contract for attributes that could not be set. */
    @Override
    public AttributeList setAttributes(AttributeList attributes) {
        return new AttributeList();
    }

    @Override
    public Object invoke(String actionName, Object[] params, String[] signature) throws ReflectionException {
        throw new ReflectionException(new NoSuchMethodException(actionName),
                "read-only MBean: no operation " + actionName);
    }

    @Override
    public MBeanInfo getMBeanInfo() {
        List<JmxAttribute> current = attributes.get();
        MBeanAttributeInfo[] infos = new MBeanAttributeInfo[current.size()];
        for (int i = 0; i < infos.length; i++) {
            JmxAttribute a = current.get(i);
            infos[i] = new MBeanAttributeInfo(a.name(), a.type(), a.description(), true, false, false);
        }
        return new MBeanInfo(ReadOnlyMBean.class.getName(), description, infos, new MBeanConstructorInfo[0],
                new MBeanOperationInfo[0], new MBeanNotificationInfo[0]);
    }
}
