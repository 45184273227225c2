package dev.vigil.bench.overhead;

/**
 * One probing workload: {@code partitions} partitions, each probed {@code probesPerSecond} times a second,
 * on a topic of replication factor {@code replicationFactor}. Written {@code PARTITIONSxRATE} or
 * {@code PARTITIONSxRATE:rfN} (default RF 3), e.g. {@code 6x10}, {@code 10000x1:rf1}.
 */
record Workload(int partitions, int probesPerSecond, int replicationFactor) {

    Workload {
        if (partitions < 1 || probesPerSecond < 1 || 1000 % probesPerSecond != 0 || replicationFactor < 1) {
            throw new IllegalArgumentException("bad workload " + partitions + "x" + probesPerSecond
                    + ":rf" + replicationFactor + " (the rate must divide 1000)");
        }
    }

    static Workload parse(String spec) {
        String[] rf = spec.split(":rf");
        String[] pr = rf[0].split("x");
        return new Workload(Integer.parseInt(pr[0]), Integer.parseInt(pr[1]), rf.length > 1 ? Integer.parseInt(rf[1]) : 3);
    }

    long intervalMillis() {
        return 1000 / probesPerSecond;
    }

    String topic() {
        return "bench-" + partitions + "p-rf" + replicationFactor;
    }

    @Override
    public String toString() {
        return partitions + "x" + probesPerSecond + "/s" + (replicationFactor == 3 ? "" : " RF" + replicationFactor);
    }
}
