package dev.vigil.webui.dashboard;

import dev.vigil.core.lag.GroupLag;
import dev.vigil.core.lag.LagSnapshot;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One cluster's consumer groups' lag over the last minutes, for the dashboard's lag panel: at each lag evaluation
 * the sampler sees (it looks every {@link Dashboard#SAMPLE_EVERY}, so one point per evaluation, at most one per
 * look), each group's lag in records and in seconds, in a bounded ring per group.
 *
 * <p>Bounded whatever the cluster: at most {@link #MAX_GROUPS} groups (the worst first, {@link LagPanel#WORST_FIRST},
 * when more are evaluated: a group that enters them later starts its chart then), each at most {@code capacity}
 * points no older than {@code keepMs}, a point 24 bytes in primitive arrays that grow as they fill. A group gone from
 * the evaluation is gone from here. Written by the sampler, read by the API: synchronized.
 */
final class GroupLagHistory {

    /** Groups charted per cluster: at 451 points of 24 bytes, at most 2.2 MB. */
    static final int MAX_GROUPS = 200;
    private static final int FIRST_SIZE = 16;

    private final int capacity;
    private final long keepMs;
    private final Map<String, Ring> groups = new HashMap<>();
    private long lastAtMillis;

    /**
     * @param capacity points kept per group
     * @param keepMs   how far back from the newest point a point is kept
     */
    GroupLagHistory(int capacity, long keepMs) {
        this.capacity = capacity;
        this.keepMs = keepMs;
    }

    /** Files the evaluation, unless it is the one filed last or none has run yet. */
    synchronized void add(LagSnapshot lag) {
        if (lag.atMillis() == 0 || lag.atMillis() == lastAtMillis) {
            return;
        }
        lastAtMillis = lag.atMillis();
        List<GroupLag> kept = new ArrayList<>(lag.groups().values());
        kept.sort(LagPanel.WORST_FIRST);
        kept = kept.subList(0, Math.min(MAX_GROUPS, kept.size()));
        Set<String> names = new HashSet<>();
        for (GroupLag g : kept) {
            names.add(g.group());
            groups.computeIfAbsent(g.group(), k -> new Ring()).add(lag.atMillis(), g.lagRecords(), g.lagMicros());
        }
        groups.keySet().retainAll(names);
    }

    /**
     * The group's points as chart columns: {@code lagRecords}, and {@code lagSeconds} (null where not read); empty
     * for a group not charted.
     */
    synchronized Optional<Series> series(String group) {
        Ring ring = groups.get(group);
        return ring == null ? Optional.empty() : Optional.of(ring.series());
    }

    /** Groups charted now. */
    synchronized int groups() {
        return groups.size();
    }

    /** One group's points, oldest first, in a circular buffer grown by doubling up to the capacity. */
    private final class Ring {
        private long[] at = new long[Math.min(FIRST_SIZE, capacity)];
        private long[] records = new long[at.length];
        private double[] micros = new double[at.length];
        private int head;
        private int size;

        void add(long atMillis, long lagRecords, double lagMicros) {
            while (size > 0 && at[head] < atMillis - keepMs) {
                head = (head + 1) % at.length;
                size--;
            }
            if (size == at.length) {
                if (at.length < capacity) {
                    grow();
                } else {
                    head = (head + 1) % at.length;
                    size--;
                }
            }
            int i = (head + size) % at.length;
            at[i] = atMillis;
            records[i] = lagRecords;
            micros[i] = lagMicros;
            size++;
        }

        private void grow() {
            int old = at.length;
            int length = Math.min(capacity, old * 2);
            at = unrolled(at, new long[length], old);
            records = unrolled(records, new long[length], old);
            micros = unrolled(micros, new double[length], old);
            head = 0;
        }

        /** The ring's points copied oldest first to the start of {@code out}. */
        private <A> A unrolled(A ring, A out, int ringLength) {
            int first = Math.min(size, ringLength - head);
            System.arraycopy(ring, head, out, 0, first);
            System.arraycopy(ring, 0, out, first, size - first);
            return out;
        }

        Series series() {
            List<Long> t = new ArrayList<>(size);
            List<Double> lagRecords = new ArrayList<>(size);
            List<Double> lagSeconds = new ArrayList<>(size);
            for (int k = 0; k < size; k++) {
                int i = (head + k) % at.length;
                t.add(at[i]);
                lagRecords.add((double) records[i]);
                lagSeconds.add(ConsumerGroupsView.seconds(micros[i]));
            }
            Map<String, List<Double>> values = new LinkedHashMap<>();
            values.put("lagRecords", lagRecords);
            values.put("lagSeconds", lagSeconds);
            return new Series(t, values);
        }
    }
}
