package dev.vigil.core.episodes;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;

/**
 * Turns a cluster's harvests into outage episodes of its brokers and partitions, each judged
 * planned, unplanned or unknown from the evidence the monitor has: which produce probes failed and
 * with what error (each second), and which brokers the controller counted online and which broker
 * led each partition (each cluster-state observation).
 *
 * <p><b>An episode</b> of a broker starts at the first failed probe attributed to it (the leader at
 * send time) or the first observation that shows it fenced or unregistered; of a partition, at its
 * first failed probe or an observation that shows it without a leader. It ends at the first sign of
 * recovery, a probe or a connection check that succeeded, or an observation that shows a broker seen
 * offline online again (a partition: led again), once {@code quietMicros} have passed after it
 * without a failure: a probe's failure is counted when it times out, up to that long after it was
 * sent, so a shorter wait could end an episode whose last failures are still to come. Times are those of the harvest (1 s)
 * or of the observation (every {@code cluster.state.interval.ms}) that brought the evidence.
 *
 * <p><b>The kind</b> of a broker's episode. Planned needs positive evidence; without it the kind is unknown:
 * <ul>
 *   <li>{@code unplanned} when probes attributed to it failed: a crash fails them until the controller
 *       fences it, a hang or a blackhole while the controller still counts it online;</li>
 *   <li>{@code unplanned} when it went offline and its probes stalled: more than {@link #IN_FLIGHT_PER_PARTITION}
 *       per partition it led of the probes attributed to it since the last observation that showed it leading
 *       were acked {@link ProduceOutcomes#STALL_MICROS} or more after they were sent (within the ack SLA, so
 *       nothing failed). A crashed leader stalls every probe sent to its partitions until the controller fences
 *       it ({@code broker.session.timeout.ms}); a controlled shutdown moves leadership in tens of ms and delays
 *       only the probes in flight then, by the producer's retry on the new leader;</li>
 *   <li>{@code planned} when it went offline with no failed probe and no stall, once {@code quietMicros} have
 *       passed since the observation that found it offline (a probe sent to it before can fail or stall until
 *       then; the kind is unknown meanwhile), and either (b) the observation before showed it leading and at
 *       least one probe attributed to it was resolved since, or (c) none was, but probes of the partitions it led
 *       then (attributed to whatever leader) were acked within {@link ProduceOutcomes#STALL_MICROS} between that
 *       observation and the one that found it offline, none of them failed and no more than
 *       {@link #IN_FLIGHT_PER_PARTITION} per partition stalled, or (a) an observation
 *       showed it online and leading nothing right after one that showed it leading, and the observations that
 *       showed it so before it went offline span at most {@code quietMicros} (a controlled shutdown moves the
 *       leadership, then the broker is fenced a heartbeat or two later);</li>
 *   <li>{@code unknown} otherwise: it led no monitor partition when it went offline (a restarted broker leads
 *       nothing until a preferred-leader election), no probe of it was resolved since it was last seen leading
 *       and none of its partitions was acked promptly up to the observation that found it offline (a probe
 *       interval longer than its going down took), its partitions' probes failed or stalled meanwhile on other
 *       leaders, or its leadership had moved away long before:
 *       no probe could have told a controlled shutdown from a crash.</li>
 * </ul>
 * The stall evidence is counted per broker ({@link ProduceOutcomes#stalled}), from the broker's counts at the
 * last harvest made at or before the last observation that showed it leading: a crash's stalled acks come after
 * the fencing, so after any observation that showed it online.
 * Rule (c) is for a controlled shutdown that begins just after an observation and ends (leadership moved, broker
 * fenced) before the next: the producer's metadata sends its partitions' probes to the new leaders at once, so
 * none is attributed to it. A crash cannot give that evidence cheaply: until the controller fences it, every probe
 * sent to its partitions goes to it and stalls or fails, attributed to it (the rules above, checked first, judge
 * that unplanned); only those sent after the fencing reach the new leaders promptly. So its partitions' probes are
 * counted only up to the harvest that brought the observation that found it offline, never later. Like (b), it
 * relies on at least one probe being sent between a crash and its fencing (a probe interval shorter than
 * {@code broker.session.timeout.ms}); and a leadership moved away by an election or a reassignment just after an
 * observation, then a crash before the next, reads planned, as in (a) (with acks=all the crashed broker, still in
 * its former partitions' ISR, usually stalls their probes until it is fenced, which (c) does not allow).
 * A broker the connection check cannot reach while the controller counts it online has an episode too,
 * whether or not it leads a partition: {@code unplanned} if it never goes offline (a hang, a blackhole),
 * else judged by the rules above (a controlled shutdown closes the listener just before the fencing).
 * A broker that stayed online and whose probes failed while another broker was down (with acks=all, a
 * crashed broker stalls every partition whose ISR holds it until it is fenced) is that broker's
 * collateral: its episode takes the other's kind, names it, and is not counted as an outage of its own;
 * to tell, a recovered broker's episode stays open while an overlapping one is still failing and has not
 * been seen offline. A crashed broker that restarts between two observations is never seen offline: a
 * broker is then the collateral of one whose episode began with its own and outlasted it.
 * A partition's episode takes the kind of the episode of the broker that led it when it began (so a
 * partition whose only replica went down in a controlled shutdown is planned); without one, it is
 * unplanned when its probes failed while its leader was online, else unknown. A leadership that moved
 * between two observations from a broker still online, with no episode of that broker or partition, is
 * a planned leader move (a preferred-leader election or a reassignment).
 *
 * <p>Fed by one thread (the monitor's harvest); read by any. Ended episodes are kept in a ring of
 * {@link #CAPACITY}; the counters keep counting past it.
 */
public final class OutageEpisodes {

    public static final int CAPACITY = 200;

    private final long quietMicros;
    private final ArrayDeque<Episode> recent = new ArrayDeque<>();
    private final Map<Integer, Open> brokers = new TreeMap<>();
    private final Map<Integer, Open> partitions = new TreeMap<>();
    private final Map<EpisodeKind, Long> outages = new EnumMap<>(EpisodeKind.class);
    private final Map<EpisodeKind, Long> outageMicros = new EnumMap<>(EpisodeKind.class);
    /** The last leader each partition had, kept through leaderless observations. */
    private final Map<Integer, Integer> lastLeaders = new HashMap<>();
    /** What each broker's observations since its last episode showed of its leadership: the evidence for planned. */
    private final Map<Integer, Leadership> leadership = new HashMap<>();
    /**
     * The brokers' and partitions' probe counts at the recent harvests, back to the last one made at or before the
     * latest cluster-state observation: the base from which a broker's stalls, and its partitions' probes, are
     * counted when that observation showed it leading.
     */
    private final ArrayDeque<Harvest> harvests = new ArrayDeque<>();
    private long plannedLeaderMoves;
    /** Failed probes of partitions whose episode was judged planned at the harvest that counted them. */
    private long plannedProbeFailures;
    private Observation last;
    /** The time of the harvest being observed, or of the last one. */
    private long nowMicros;
    /** Harvests kept at most, whatever the cluster-state interval: beyond, the oldest is the base (more stalls). */
    private static final int MAX_HARVESTS = 64;
    /** The time between the last two harvests: how far apart two failures of one cause may be counted. */
    private long harvestMicros;
    private Observation lastState;

    /** @param quietMicros how long without a failure confirms a recovery: the produce timeout plus a probe interval */
    public OutageEpisodes(long quietMicros) {
        this.quietMicros = quietMicros;
    }

    /** Takes one harvest's observation; called once a second, on one thread. */
    public synchronized void observe(Observation now) {
        harvestMicros = last == null ? 0 : Math.max(0, now.atMicros() - last.atMicros());
        nowMicros = now.atMicros();
        harvests.addLast(new Harvest(now.atMicros(), now.brokers(), now.partitions()));
        boolean newState = now.stateAtMicros().isPresent()
                && (lastState == null || !now.stateAtMicros().equals(lastState.stateAtMicros()));
        if (newState) {
            observeState(now);
        }
        if (now.connectionsAtMicros().isPresent()
                && (last == null || !now.connectionsAtMicros().equals(last.connectionsAtMicros()))) {
            observeConnections(now);
        }
        observeProbes(now, now.brokers(), last == null ? Map.of() : last.brokers(), brokers, true);
        observeProbes(now, now.partitions(), last == null ? Map.of() : last.partitions(), partitions, false);
        findCollateral();
        endRecovered(now);
        last = now;
        if (newState) {
            lastState = now;
        }
        long stateAt = lastState == null ? Long.MIN_VALUE : lastState.stateAtMicros().getAsLong();
        while (harvests.size() > MAX_HARVESTS || harvests.size() > 1 && secondOf(harvests).atMicros <= stateAt) {
            harvests.removeFirst();
        }
    }

    private static Harvest secondOf(ArrayDeque<Harvest> harvests) {
        var it = harvests.iterator();
        it.next();
        return it.next();
    }

    /** The last harvest made at or before {@code atMicros} (the oldest kept if none). */
    private Harvest harvestAt(long atMicros) {
        Harvest at = harvests.getFirst();
        for (Harvest h : harvests) {
            if (h.atMicros > atMicros) {
                break;
            }
            at = h;
        }
        return at;
    }

    /** The partitions' counts added up (their error classes and runs of failures left out). */
    private static ProduceOutcomes totalOf(Set<Integer> partitions, Map<Integer, ProduceOutcomes> counts) {
        long attempts = 0;
        long failures = 0;
        long stalled = 0;
        for (int p : partitions) {
            ProduceOutcomes c = counts.getOrDefault(p, ProduceOutcomes.NONE);
            attempts += c.attempts();
            failures += c.failures();
            stalled += c.stalled();
        }
        return new ProduceOutcomes(attempts, failures, 0, stalled, Map.of());
    }

    public synchronized EpisodesSnapshot snapshot() {
        List<Episode> open = new ArrayList<>();
        Map<EpisodeKind, Long> openByKind = new EnumMap<>(EpisodeKind.class);
        for (Open o : brokers.values()) {
            Episode e = o.episode(OptionalLong.empty());
            open.add(e);
            if (o.collateralOf == null) {
                openByKind.merge(e.kind(), 1L, Long::sum);
            }
        }
        partitions.values().forEach(o -> open.add(o.episode(OptionalLong.empty())));
        return new EpisodesSnapshot(open, new ArrayList<>(recent), outages, outageMicros, openByKind, plannedLeaderMoves,
                plannedProbeFailures);
    }

    private void observeState(Observation now) {
        long at = now.stateAtMicros().getAsLong();
        Set<Integer> known = new HashSet<>(now.online().keySet());
        if (lastState != null) {
            known.addAll(lastState.online().keySet());
        }
        known.addAll(brokers.keySet());
        Map<Integer, Set<Integer>> led = new HashMap<>();
        now.leaders().forEach((p, l) -> led.computeIfAbsent(l, k -> new HashSet<>()).add(p));
        for (int b : known) {
            if (now.offline(b)) {
                Open o = brokers.computeIfAbsent(b, id -> new Open(Episode.Subject.BROKER, id, at, null));
                if (!o.wentOffline) {
                    o.wentOffline = true;
                    o.offlineAtMicros = at;
                    o.leadership = leadership.getOrDefault(b, Leadership.NONE);
                    o.latest = now.brokers().getOrDefault(b, o.latest);
                    o.partitionsAtOffline = totalOf(o.leadership.partitions, now.partitions());
                }
                o.bad(at, 0);
            } else {
                Leadership was = leadership.getOrDefault(b, Leadership.NONE);
                Harvest base = harvestAt(at);
                leadership.put(b, led.containsKey(b)
                        ? new Leadership(at, Set.copyOf(led.get(b)), base.brokers.getOrDefault(b, ProduceOutcomes.NONE),
                                totalOf(led.get(b), base.partitions), -1, at)
                        : new Leadership(was.ledAtMicros, was.partitions, was.base, was.partitionsBase,
                                was.ledAtMicros >= 0 && was.movedAwayAtMicros < 0 ? at : was.movedAwayAtMicros, at));
            }
        }
        for (Map.Entry<Integer, Integer> e : now.leaders().entrySet()) {
            int p = e.getKey();
            int leader = e.getValue();
            Integer before = lastState == null ? null : lastState.leaders().get(p);
            if (before != null && before != leader && before != Observation.NO_LEADER) {
                leaderMoved(now, at, p, before, leader);
            }
            if (leader == Observation.NO_LEADER) {
                partitions.computeIfAbsent(p, id -> new Open(Episode.Subject.PARTITION, id, at, brokerEpisodeOf(p)))
                        .bad(at, 0);
            } else {
                lastLeaders.put(p, leader);
            }
        }
    }

    /**
     * A broker the controller counts online that a fresh connection cannot reach (refused, no answer) is
     * bad evidence even when it leads nothing, so no probe goes through it; one it reaches again is a sign
     * of recovery.
     */
    private void observeConnections(Observation now) {
        long at = now.connectionsAtMicros().getAsLong();
        now.connectionFailures().forEach((b, why) -> {
            if (!now.offline(b)) {
                Open o = brokers.computeIfAbsent(b, id -> new Open(Episode.Subject.BROKER, id, at, null));
                o.connectionFailure = why;
                o.bad(at, 0);
            }
        });
        brokers.forEach((b, o) -> {
            if (!now.connectionFailures().containsKey(b) && !now.offline(b) && at > o.lastBadMicros) {
                o.recovering(at);
            }
        });
    }

    private void leaderMoved(Observation now, long at, int partition, int from, int to) {
        Open broker = brokers.get(from);
        Open part = partitions.get(partition);
        if (broker != null) {
            broker.leaderMoves++;
        }
        if (part != null) {
            part.leaderMoves++;
        }
        if (broker == null && part == null && !now.offline(from)) {
            plannedLeaderMoves++;
            remember(new Episode(Episode.Subject.LEADER_MOVE, partition, at, OptionalLong.of(at), 0, Map.of(), 1,
                    EpisodeKind.PLANNED, "leadership of partition " + partition + " moved from broker " + from
                    + " (online) to " + (to == Observation.NO_LEADER ? "none" : "broker " + to)
                    + " with no failed probe: a preferred-leader election, a reassignment or a controlled"
                    + " shutdown under way", -1));
        }
    }

    private void observeProbes(Observation now, Map<Integer, ProduceOutcomes> counts, Map<Integer, ProduceOutcomes> before,
                               Map<Integer, Open> open, boolean ofBrokers) {
        for (Map.Entry<Integer, ProduceOutcomes> e : counts.entrySet()) {
            int id = e.getKey();
            ProduceOutcomes probes = e.getValue();
            ProduceOutcomes was = before.getOrDefault(id, ProduceOutcomes.NONE);
            if (ofBrokers && open.containsKey(id)) {
                open.get(id).latest = probes;
            }
            long failed = probes.failures() - was.failures();
            if (failed > 0) {
                Open o = open.computeIfAbsent(id, k -> new Open(ofBrokers ? Episode.Subject.BROKER
                        : Episode.Subject.PARTITION, k, now.atMicros(), ofBrokers ? null : brokerEpisodeOf(k)));
                if (ofBrokers) {
                    o.latest = probes;
                }
                o.failed += failed;
                probes.errorClasses().forEach((c, n) -> {
                    long delta = n - was.errorClasses().getOrDefault(c, 0L);
                    if (delta > 0) {
                        o.errorClasses.merge(c, delta, Long::sum);
                    }
                });
                if (!ofBrokers) {
                    if (o.cause == null) {
                        o.cause = brokerEpisodeOf(id); // its leader's episode may open after its first failures
                    }
                    if (o.kind() == EpisodeKind.PLANNED) {
                        plannedProbeFailures += failed;
                    }
                }
                int subject = ofBrokers ? id : lastLeaders.getOrDefault(id, Observation.NO_LEADER);
                if (subject != Observation.NO_LEADER && !now.offline(subject)) {
                    o.failedWhileOnline = true;
                }
                o.bad(now.atMicros(), probes.attempts());
            } else if (open.containsKey(id) && probes.consecutiveFailures() == 0
                    && probes.attempts() > open.get(id).attemptsAtLastBad
                    && (ofBrokers ? !now.offline(id) : now.leaders().getOrDefault(id, 0) != Observation.NO_LEADER)) {
                open.get(id).recovering(now.atMicros());
            }
        }
    }

    /**
     * With acks=all, a broker that dies without a controlled shutdown stalls every partition whose ISR
     * holds it until the controller fences it, so the probes of partitions led by healthy brokers fail
     * too. A broker that stayed online and failed while another one went offline is that one's
     * collateral: its episode takes the other's kind and is not an outage of its own.
     */
    private void findCollateral() {
        for (Open b : brokers.values()) {
            if (b.collateralOf != null || b.wentOffline || b.failed == 0) {
                continue;
            }
            for (Open v : brokers.values()) {
                if (v != b && v.wentOffline && v.startMicros <= b.lastBadMicros) {
                    b.collateralOf = v;
                    break;
                }
            }
        }
    }

    /**
     * Whether a broker's episode must stay open though it recovered: another broker's episode that
     * overlaps it has not been seen offline yet and its recovery is not confirmed, so it may yet turn
     * out to be the cause (its fencing is seen only at the next cluster-state observation; an observation
     * before the fencing still shows it online, and its failures, counted as their ack SLA runs out, go
     * on after that). Bounded: once both have recovered, neither waits past the other's quiet period.
     */
    private boolean mayBeCollateral(Open b, long nowMicros) {
        if (b.wentOffline || b.collateralOf != null) {
            return false;
        }
        for (Open v : brokers.values()) {
            boolean unconfirmed = v.recoveredMicros < 0 || nowMicros - v.recoveredMicros < quietMicros;
            if (v != b && !v.wentOffline && unconfirmed && v.startMicros <= b.lastBadMicros) {
                return true;
            }
        }
        return false;
    }

    /** The open episode of the broker that leads, or last led, a partition: its outage is the partition's cause. */
    private Open brokerEpisodeOf(int partition) {
        Integer leader = lastLeaders.get(partition);
        return leader == null ? null : brokers.get(leader);
    }

    private void endRecovered(Observation now) {
        if (now.stateAtMicros().isPresent()) {
            long at = now.stateAtMicros().getAsLong();
            brokers.forEach((b, o) -> {
                // Online again is a sign of recovery only for a broker seen offline: one that failed while the
                // controller counted it online (a hang, a blackhole) recovers when a probe or a connection succeeds.
                if (o.wentOffline && !now.offline(b) && at > o.lastBadMicros) {
                    o.recovering(at);
                }
            });
            partitions.forEach((p, o) -> {
                int leader = now.leaders().getOrDefault(p, Observation.NO_LEADER);
                if (leader != Observation.NO_LEADER && at > o.lastBadMicros && o.failed == 0) {
                    o.recovering(at); // led again; a partition whose probes failed ends on a success instead
                }
            });
        }
        endQuiet(now.atMicros(), brokers, true);
        endQuiet(now.atMicros(), partitions, false);
    }

    /**
     * A crashed broker that restarts within a cluster-state interval may never be seen offline: a broker that
     * stayed online is then the collateral of one whose episode began with its own (within a harvest) and
     * outlasted it (not recovered when it did, or failing after it stopped), still open when it ends.
     */
    private void findFailingCause(Open b) {
        if (b.collateralOf != null || b.wentOffline || b.failed == 0) {
            return;
        }
        for (Open v : brokers.values()) {
            // Still not recovered when b did, or failing after b stopped: a crashed broker leads nothing once
            // restarted, so no probe of its succeeds, where the brokers it stalled succeed once it is fenced.
            boolean outlasted = v.recoveredMicros < 0 || v.recoveredMicros > b.recoveredMicros
                    || v.lastBadMicros > b.lastBadMicros
                    || v.recoveredMicros == b.recoveredMicros && v.lastBadMicros == b.lastBadMicros && v.id < b.id;
            if (v != b && v.collateralOf != b && v.failed > 0 && v.startMicros <= b.startMicros + harvestMicros
                    && outlasted) {
                b.collateralOf = v;
                return;
            }
        }
    }

    private void endQuiet(long nowMicros, Map<Integer, Open> open, boolean ofBrokers) {
        open.values().removeIf(o -> {
            if (o.recoveredMicros < 0 || nowMicros - o.recoveredMicros < quietMicros
                    || ofBrokers && mayBeCollateral(o, nowMicros)) {
                return false;
            }
            if (ofBrokers) {
                findFailingCause(o);
            }
            Episode ended = o.episode(OptionalLong.of(o.recoveredMicros));
            if (ofBrokers && o.collateralOf == null) {
                outages.merge(ended.kind(), 1L, Long::sum);
                outageMicros.merge(ended.kind(), ended.durationMicros(o.recoveredMicros), Long::sum);
            }
            o.endedKind = ended.kind();
            if (ofBrokers) {
                leadership.remove(o.id); // a restarted broker leads nothing until an election gives it partitions
            }
            remember(ended);
            return true;
        });
    }

    private void remember(Episode episode) {
        recent.addFirst(episode);
        if (recent.size() > CAPACITY) {
            recent.removeLast();
        }
    }

    /**
     * What a broker's cluster-state observations showed of its leadership, since its last episode.
     *
     * @param ledAtMicros        the last observation that showed it online and leading a partition; -1 if none
     * @param partitions         the partitions it led in that observation
     * @param base               its probe counts at the last harvest made at or before that observation
     * @param partitionsBase     those partitions' probe counts at that harvest, added up
     * @param movedAwayAtMicros  the first observation after that one that showed it online and leading nothing
     *                           (its leadership moved away while it was online); -1 if none
     * @param onlineAtMicros     the last observation that showed it online
     */
    private record Leadership(long ledAtMicros, Set<Integer> partitions, ProduceOutcomes base,
                              ProduceOutcomes partitionsBase, long movedAwayAtMicros, long onlineAtMicros) {
        static final Leadership NONE = new Leadership(-1, Set.of(), ProduceOutcomes.NONE, ProduceOutcomes.NONE, -1, -1);

        /**
         * More stalled acks than a controlled shutdown makes: it delays the probes in flight when leadership
         * moves, one or two per partition, by the producer's retry on the new leader (a second or more on a
         * loaded machine); a crash stalls every probe sent to its partitions until the controller fences it.
         */
        boolean stalled(long stalledAcks) {
            return stalledAcks > (long) IN_FLIGHT_PER_PARTITION * partitions.size();
        }
    }

    /** The probes a controlled shutdown may delay per partition it led: those in flight when leadership moved. */
    static final int IN_FLIGHT_PER_PARTITION = 2;

    /** The brokers' and partitions' probe counts at one harvest (the observation's maps, not copies). */
    private record Harvest(long atMicros, Map<Integer, ProduceOutcomes> brokers,
                           Map<Integer, ProduceOutcomes> partitions) {
    }

    /** An episode under way: the evidence gathered so far. */
    private final class Open {
        final Episode.Subject subject;
        final int id;
        final long startMicros;
        /**
         * For a partition: the open episode of the broker that led it last, found when it began or at a later
         * failure (the broker's episode can open an observation after the partition's first failures).
         */
        Open cause;
        /** For a broker that stayed online: the episode of the broker whose going down failed its probes. */
        Open collateralOf;
        final Map<String, Long> errorClasses = new TreeMap<>();
        long failed;
        int leaderMoves;
        boolean wentOffline;
        /** The first observation that showed the broker offline; -1 while none. */
        long offlineAtMicros = -1;
        /** Its leadership as its observations showed it up to the one that found it offline. */
        Leadership leadership = Leadership.NONE;
        /** A broker's latest probe counts (stalls are counted from its leadership's base). */
        ProduceOutcomes latest = ProduceOutcomes.NONE;
        /**
         * The counts of the partitions its leadership last showed it leading, added up, at the harvest that brought
         * the observation that found it offline: probes of them resolved later may have been sent after a crash's
         * fencing, so they are no evidence.
         */
        ProduceOutcomes partitionsAtOffline = ProduceOutcomes.NONE;
        boolean failedWhileOnline;
        /** Why the latest failed connection check of a broker the controller counted online failed; null if none. */
        String connectionFailure;
        long lastBadMicros;
        long attemptsAtLastBad;
        /** The first sign of recovery since the last bad evidence; -1 while none. */
        long recoveredMicros = -1;
        /** Set when a broker's episode ends, so a partition it caused keeps its kind. */
        EpisodeKind endedKind;

        Open(Episode.Subject subject, int id, long startMicros, Open cause) {
            this.subject = subject;
            this.id = id;
            this.startMicros = startMicros;
            this.cause = cause;
            this.lastBadMicros = startMicros;
        }

        void bad(long atMicros, long attempts) {
            lastBadMicros = Math.max(lastBadMicros, atMicros);
            attemptsAtLastBad = Math.max(attemptsAtLastBad, attempts);
            recoveredMicros = -1;
        }

        void recovering(long atMicros) {
            if (recoveredMicros < 0) {
                recoveredMicros = atMicros;
            }
        }

        Episode episode(OptionalLong end) {
            Judgement j = judge();
            return new Episode(subject, id, startMicros, end, failed, errorClasses, leaderMoves, j.kind, j.evidence,
                    collateralOf == null ? -1 : collateralOf.id);
        }

        /** The failed probes by error class; those that failed with no error were not acked within the SLA. */
        private String failures() {
            long classified = errorClasses.values().stream().mapToLong(Long::longValue).sum();
            String slow = (failed - classified) + " not acked within the ack SLA";
            return classified == 0 ? slow : classified >= failed ? errorClasses.toString() : errorClasses + ", " + slow;
        }

        private EpisodeKind kind() {
            return Optional.ofNullable(endedKind).orElseGet(() -> judge().kind);
        }

        private record Judgement(EpisodeKind kind, String evidence) {
        }

        private Judgement judge() {
            if (subject == Episode.Subject.PARTITION) {
                if (cause != null) {
                    EpisodeKind k = cause.kind();
                    return new Judgement(k, "its leader, broker " + cause.id + ", had a " + k.label() + " outage");
                }
                return failedWhileOnline
                        ? new Judgement(EpisodeKind.UNPLANNED, failed + " probes failed while its leader was online")
                        : new Judgement(EpisodeKind.UNKNOWN, failed == 0 ? "it had no leader, and its last leader"
                                + " had no outage" : failed + " probes failed while it had no leader");
            }
            if (collateralOf != null) {
                EpisodeKind k = collateralOf.kind();
                return new Judgement(k, failed + " probes failed while broker " + collateralOf.id + ", in its"
                        + " partitions' ISR, was down: collateral of that broker's " + k.label() + " outage");
            }
            String connection = connectionFailure == null ? "" : "; a fresh connection failed: " + connectionFailure;
            if (failed > 0) {
                return new Judgement(EpisodeKind.UNPLANNED, failed + " probes failed (" + failures() + ")"
                        + (failedWhileOnline ? " while the controller counted it online: a crash, a hang or a blackhole"
                        : "") + connection);
            }
            if (!wentOffline && connectionFailure != null) {
                return new Judgement(EpisodeKind.UNPLANNED, "a fresh connection failed while the controller counted it"
                        + " online (" + connectionFailure + "): a hang or a blackhole");
            }
            return judgeOffline();
        }

        /**
         * A broker that went offline with no failed probe. A crash stalls the acks of the partitions it leads
         * until the controller fences it; a controlled shutdown moves its leadership first, so its probes are
         * acked without a stall, on it or on the new leader. Planned needs that evidence, else unknown: (b) its
         * own probes, (c) its partitions' probes on the new leaders when none was attributed to it, or (a).
         */
        private Judgement judgeOffline() {
            Leadership led = leadership;
            long stalled = latest.stalled() - led.base.stalled();
            long resolved = latest.attempts() - led.base.attempts();
            String ms = (ProduceOutcomes.STALL_MICROS / 1_000) + " ms";
            if (led.ledAtMicros < 0) {
                return new Judgement(EpisodeKind.UNKNOWN, "it led no monitor partition when it went offline, so no"
                        + " probe could tell a controlled shutdown from a crash");
            }
            if (led.stalled(stalled)) {
                return new Judgement(EpisodeKind.UNPLANNED, stalled + " probes attributed to it were acked " + ms
                        + " or more after they were sent, since the last observation that showed it leading "
                        + led.partitions.size() + " partitions (more than the " + IN_FLIGHT_PER_PARTITION
                        + " per partition in flight when a controlled shutdown moves leadership): its partitions"
                        + " stalled until the controller fenced it, a crash");
            }
            if (nowMicros - offlineAtMicros < quietMicros) {
                return new Judgement(EpisodeKind.UNKNOWN, "no failed or stalled probe yet, but probes sent to it before"
                        + " it went offline may still fail or stall");
            }
            String late = stalled == 0 ? "" : " (" + stalled + " acked later, no more than the ones in flight when"
                    + " leadership moved)";
            if (led.movedAwayAtMicros < 0) {
                return resolved > 0
                        ? new Judgement(EpisodeKind.PLANNED, "it led partitions until the observation before it went"
                                + " offline, and its " + resolved + " probes since were acked within " + ms + late
                                + ", none failed: leadership moved before it was fenced, a controlled shutdown")
                        : judgeByItsPartitions(led, ms);
            }
            return led.onlineAtMicros - led.movedAwayAtMicros <= quietMicros
                    ? new Judgement(EpisodeKind.PLANNED, "an observation showed it online with its leadership moved"
                            + " away, just before it went offline, and no probe failed or stalled" + late + ": a"
                            + " controlled shutdown")
                    : new Judgement(EpisodeKind.UNKNOWN, "its leadership had moved away "
                            + (led.onlineAtMicros - led.movedAwayAtMicros) / 1_000_000 + " s before it went offline,"
                            + " so no probe could tell a controlled shutdown from a crash");
        }

        /**
         * Rule (c): no probe attributed to it was resolved since the observation before it went offline, so its
         * partitions' probes, whatever leader they went to, up to the observation that found it offline: acked
         * promptly on the new leaders, none failed and no stall beyond the ones in flight, leadership moved before
         * it was fenced. A crash stalls or fails those sent before its fencing (attributed to it: judged first).
         */
        private Judgement judgeByItsPartitions(Leadership led, String ms) {
            ProduceOutcomes from = led.partitionsBase;
            long failed = partitionsAtOffline.failures() - from.failures();
            long stalled = partitionsAtOffline.stalled() - from.stalled();
            long prompt = partitionsAtOffline.attempts() - from.attempts() - failed - stalled;
            int partitions = led.partitions.size();
            String none = "no probe attributed to it was resolved between the last observation that showed it leading"
                    + " and its going offline";
            String undecided = ", so none could tell a controlled shutdown from a crash";
            if (failed > 0) {
                return new Judgement(EpisodeKind.UNKNOWN, none + ", and " + failed + " probes of the " + partitions
                        + " partitions it led failed meanwhile" + undecided);
            }
            if (led.stalled(stalled)) {
                return new Judgement(EpisodeKind.UNKNOWN, none + ", and " + stalled + " probes of the " + partitions
                        + " partitions it led were acked " + ms + " or more after they were sent meanwhile (more than"
                        + " the " + IN_FLIGHT_PER_PARTITION + " per partition in flight when a controlled shutdown"
                        + " moves leadership)" + undecided);
            }
            if (prompt <= 0) {
                return new Judgement(EpisodeKind.UNKNOWN, none + ", nor any probe of the " + partitions
                        + " partitions it led acked within " + ms + " on a new leader" + undecided);
            }
            String late = stalled == 0 ? "" : " (" + stalled + " acked later, no more than the ones in flight when"
                    + " leadership moved)";
            return new Judgement(EpisodeKind.PLANNED, "no probe attributed to it was resolved after the observation"
                    + " before it went offline, but " + prompt + " probes of the " + partitions + " partitions it led"
                    + " then were acked on their new leaders within " + ms + " by the observation that found it"
                    + " offline" + late + ", none failed: leadership moved at once, before it was fenced, a controlled"
                    + " shutdown (a crash stalls or fails every probe sent to its partitions until it is fenced)");
        }
    }
}
