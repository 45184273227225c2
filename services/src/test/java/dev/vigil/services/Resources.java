package dev.vigil.services;

/** Closing what a test class opened, for its {@code @AfterAll}: a start that failed part-way leaves some null. */
final class Resources {

    private Resources() {
    }

    /** Closes each resource that is not null, in the order given: clients before the cluster they talk to. */
    static void closeAll(AutoCloseable... resources) throws Exception {
        for (AutoCloseable resource : resources) {
            if (resource != null) {
                resource.close();
            }
        }
    }
}
