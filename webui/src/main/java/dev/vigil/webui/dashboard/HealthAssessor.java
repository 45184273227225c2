package dev.vigil.webui.dashboard;

import dev.vigil.core.stats.ScopeSnapshot;
import dev.vigil.webui.dashboard.ClusterReport.BrokerRow;
import dev.vigil.webui.dashboard.ClusterReport.ClusterStateRow;
import dev.vigil.webui.dashboard.ClusterReport.PartitionRow;
import dev.vigil.webui.dashboard.Health.Level;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Turns a cluster's report and recent history into the banner's verdict. The rules, in words:
 * <ul>
 *   <li>FAILED: the monitor itself failed (a periodic task threw, a probe thread died): the banner
 *       says MONITOR FAILED and why, since no other number on the page can be trusted.</li>
 *   <li>DOWN: the cluster cannot be reached, or no partition accepts probes.</li>
 *   <li>DEGRADED: the monitor is stale (it stopped giving some kind of verdict: see
 *       {@code VerdictFreshness}), any partition's latest produce probe failed, a registered broker is offline, a
 *       broker the controller counts online fails its connection check (a fresh connection refused or unanswered:
 *       clients connecting anew cannot use it, even if it leads no monitor partition), a partition is offline,
 *       under min.insync.replicas or under-replicated, the last
 *       {@value ClusterHistory#RATE_SPAN_MS} ms of produce or consume probes were not all good, or
 *       acknowledged probes were lost (never read, or read and then truncated from the log) or duplicated in the
 *       last {@link #EVENT_SPAN_MS} ms.</li>
 *   <li>HEALTHY otherwise, once some probe result is final; STARTING before.</li>
 * </ul>
 * Failing partitions are named by the broker leading them now, so the reason points at a broker.
 * Unacknowledged losses and late arrivals are notices: the producer was told of the first (they are
 * already availability failures) and the second is delay, not loss. So is an online broker that
 * leads no monitor partition (topic management moves one to it once the cluster is stable): it is
 * up, but its failures as a leader would go unseen. The offset-commit and controller probes show as
 * notices too (availability below 1 over their window, or refused by an ACL): they have their own
 * alerts, and their 60 s windows would hold the banner for a minute after they recover.
 */
final class HealthAssessor {

    static final long EVENT_SPAN_MS = 10 * 60_000;

    private HealthAssessor() {
    }

    static Health assess(ClusterReport report, ClusterHistory history) {
        List<String> reasons = new ArrayList<>();
        List<String> notices = new ArrayList<>();
        switch (report.monitor().status()) {
            case "STARTING":
                return new Health(Level.STARTING, List.of("monitor starting: " + report.monitor().reason()), List.of());
            case "UNREACHABLE":
                return new Health(Level.DOWN, List.of("cluster unreachable: " + report.monitor().reason()), List.of());
            case "FAILED":
                return new Health(Level.FAILED, List.of("monitor failed: " + report.monitor().reason()), List.of());
            case "STOPPED":
                return new Health(Level.DOWN, List.of("monitor stopped"), List.of());
            default:
                break;
        }
        report.monitor().stale().forEach(s -> reasons.add("monitor stale: " + s));
        List<PartitionRow> failing = report.partitions().stream().filter(p -> p.consecutiveFailures() > 0).toList();
        boolean allFailing = !report.partitions().isEmpty() && failing.size() == report.partitions().size();
        brokerReasons(report, failing, reasons);
        ClusterStateRow state = report.clusterState();
        if (state != null) {
            if (!state.reachable()) {
                reasons.add("cluster-state probe failing: Admin requests to the cluster do not complete");
            }
            if (state.offlinePartitions() > 0) {
                reasons.add(plural(state.offlinePartitions(), "partition") + " offline (no leader)");
            }
            if (state.underMinIsrPartitions() != null && state.underMinIsrPartitions() > 0) {
                reasons.add(plural(state.underMinIsrPartitions(), "partition")
                        + " below min.insync.replicas: acks=all produce fails there");
            }
            if (state.underReplicatedPartitions() > 0) {
                reasons.add(plural(state.underReplicatedPartitions(), "partition") + " under-replicated");
            }
        }
        Double produce = history.produceAvailability10s();
        if (produce != null && produce < 1.0) {
            reasons.add("produce availability " + percent(produce) + " over the last 10 s");
        }
        Double consume = history.consumeAvailability10s();
        if (consume != null && consume < 1.0) {
            reasons.add("consume availability " + percent(consume) + " over the last 10 s: probes late or missing");
        }
        long lostAcked = history.increase(ScopeSnapshot::lostAcked, EVENT_SPAN_MS);
        if (lostAcked > 0) {
            reasons.add(plural(lostAcked, "acknowledged probe") + " lost in the last 10 min");
        }
        long cutAfterRead = history.increase(ScopeSnapshot::lostAckedAfterRead, EVENT_SPAN_MS);
        if (cutAfterRead > 0) {
            reasons.add(plural(cutAfterRead, "acknowledged probe") + " read and then truncated from the log in the last"
                    + " 10 min (unclean leader election or lost disk)");
        }
        long duplicates = history.increase(ScopeSnapshot::duplicates, EVENT_SPAN_MS);
        if (duplicates > 0) {
            reasons.add(plural(duplicates, "duplicate probe") + " received in the last 10 min");
        }
        long lostUnacked = history.increase(ScopeSnapshot::lostUnacked, EVENT_SPAN_MS);
        if (lostUnacked > 0) {
            notices.add(plural(lostUnacked, "unacknowledged probe") + " never arrived in the last 10 min");
        }
        report.brokers().stream().filter(b -> b.online() && b.partitionsLed() == 0).forEach(b -> notices.add(
                "broker " + b.id() + " leads no monitor partition: no probe goes through it as a leader"));
        for (ClusterReport.ProbeRow probe : report.probes()) {
            if (probe.denied()) {
                notices.add(probe.name() + " probe refused by an ACL; the log line names the grant");
            } else if (probe.availability() != null && probe.availability() < 1.0) {
                notices.add(probe.name() + " availability " + percent(probe.availability()) + " over the window ("
                        + probe.detail() + ")");
            }
        }
        long late = history.increase(ScopeSnapshot::late, EVENT_SPAN_MS);
        if (late > 0) {
            notices.add(plural(late, "probe") + " arrived out of order in the last 10 min");
        }

        if (allFailing || (produce != null && produce == 0.0)) {
            reasons.add(0, "no partition accepts probes");
            return new Health(Level.DOWN, reasons, notices);
        }
        if (!reasons.isEmpty()) {
            return new Health(Level.DEGRADED, reasons, notices);
        }
        boolean anyResult = produce != null || report.totals().produceAttempts() > 0;
        return anyResult ? new Health(Level.HEALTHY, List.of(), notices)
                : new Health(Level.STARTING, List.of("waiting for the first probe results"), notices);
    }

    /**
     * One reason per broker in trouble: offline (registered but fenced), or leading partitions whose
     * latest probe failed, or failing its connection check while online (both in one reason); then failing
     * partitions that have no leader or an unknown one.
     */
    private static void brokerReasons(ClusterReport report, List<PartitionRow> failing, List<String> reasons) {
        Map<Integer, Integer> failingByLeader = new TreeMap<>();
        for (PartitionRow p : failing) {
            failingByLeader.merge(p.leader(), 1, Integer::sum);
        }
        for (BrokerRow b : report.brokers()) {
            int failingLed = failingByLeader.getOrDefault(b.id(), 0);
            String failingText = failingLed > 0 ? ": " + plural(failingLed, "partition") + " failing produce probes" : "";
            String lastError = b.lastError() == null ? "" : " (last error " + b.lastError() + ")";
            // A fenced broker's connection fails as expected; an online one's is news even if it leads nothing.
            String connection = b.connectionFailure() == null ? ""
                    : (failingLed > 0 ? "; " : ": ") + "fresh connections fail (" + b.connectionFailure() + ")";
            if (b.registered() && !b.online()) {
                reasons.add("broker " + b.id() + " offline" + failingText);
            } else if (failingLed > 0 || !connection.isEmpty()) {
                reasons.add("broker " + b.id() + failingText + (failingLed > 0 ? lastError : "") + connection);
            }
        }
        List<Integer> unattributed = failing.stream()
                .filter(p -> report.brokers().stream().noneMatch(b -> b.id() == p.leader()))
                .map(PartitionRow::id).toList();
        if (!unattributed.isEmpty()) {
            reasons.add((unattributed.size() == 1 ? "partition " : "partitions ") + join(unattributed)
                    + " failing produce probes with no known leader");
        }
    }

    private static String join(List<Integer> ids) {
        List<Integer> shown = ids.size() > 10 ? ids.subList(0, 10) : ids;
        String text = String.join(", ", shown.stream().map(String::valueOf).toList());
        return ids.size() > 10 ? text + " and " + (ids.size() - 10) + " more" : text;
    }

    static String plural(long n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }

    private static String percent(double ratio) {
        // Rounded down, so 99.96 % does not read as 100.0 % in a reason for not being healthy.
        return String.format(java.util.Locale.ROOT, "%.1f%%", Math.floor(ratio * 1000) / 10);
    }
}
