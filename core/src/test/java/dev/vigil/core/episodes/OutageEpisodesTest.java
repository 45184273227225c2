package dev.vigil.core.episodes;

import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;
import java.util.OptionalLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The episode rules on scripted harvests of a 3-broker cluster with partitions 0, 1, 2 led by
 * brokers 1, 2, 3: a harvest each second, a cluster-state observation each 5 s, 3 s of quiet to
 * confirm a recovery.
 */
class OutageEpisodesTest {

    private static final long S = 1_000_000L;
    private static final long QUIET = 3 * S;

    private final OutageEpisodes episodes = new OutageEpisodes(QUIET);
    /** The script's cluster as the next harvest will see it. */
    private final Map<Integer, Boolean> online = new HashMap<>(Map.of(1, true, 2, true, 3, true));
    private final Map<Integer, Integer> leaders = new HashMap<>(Map.of(0, 1, 1, 2, 2, 3));
    private final Map<Integer, ProduceOutcomes> brokers = new HashMap<>();
    private final Map<Integer, ProduceOutcomes> partitions = new HashMap<>();
    /** The state as last observed: the harvest sees it, not the script's cluster, until the next observation. */
    private Map<Integer, Boolean> observedOnline = Map.of();
    private Map<Integer, Integer> observedLeaders = Map.of();
    private long stateAt = -1;
    private long connectionsAt = -1;
    private Map<Integer, String> connectionFailures = Map.of();
    private long second;

    @Test
    void aControlledShutdownAndRestartIsOnePlannedEpisode() {
        run(6); // observed at 0 and 5, all healthy
        succeedEachSecond(4, 3, 2); // its probes acked promptly after the observation at 5 that showed it leading
        online.put(3, false);
        leaders.put(2, 1); // leadership moved before it was fenced: nothing failed or stalled
        run(11);
        // Seen offline at 10: a probe sent to it before may still fail or stall, until the quiet period has passed.
        assertThat(openKind(3)).isEqualTo(EpisodeKind.UNKNOWN);
        run(13);
        assertThat(openKind(3)).isEqualTo(EpisodeKind.UNKNOWN);
        run(14);
        assertThat(openKind(3)).isEqualTo(EpisodeKind.PLANNED);
        online.put(3, true);
        run(20);

        EpisodesSnapshot s = episodes.snapshot();
        assertThat(s.open()).isEmpty();
        assertThat(s.recent()).hasSize(1);
        Episode e = s.recent().get(0);
        assertThat(e.subject()).isEqualTo(Episode.Subject.BROKER);
        assertThat(e.id()).isEqualTo(3);
        assertThat(e.kind()).isEqualTo(EpisodeKind.PLANNED);
        assertThat(e.probesFailed()).isZero();
        assertThat(e.leaderMoves()).isEqualTo(1);
        assertThat(e.startMicros()).isEqualTo(10 * S); // the first observation that showed it fenced
        assertThat(e.endMicros()).isEqualTo(OptionalLong.of(15 * S)); // the first that showed it online
        assertThat(e.evidence()).contains("its 4 probes since were acked within 1000 ms")
                .contains("controlled shutdown");
        assertThat(s.brokerOutages()).isEqualTo(Map.of(EpisodeKind.PLANNED, 1L));
        assertThat(s.brokerOutageMicros()).isEqualTo(Map.of(EpisodeKind.PLANNED, 5 * S));
        assertThat(s.plannedLeaderMoves()).isZero();
    }

    @Test
    void aControlledShutdownObservedBetweenItsLeadershipMoveAndItsFencingIsStillPlanned() {
        run(6);
        leaders.put(2, 1); // leadership moved at once; the broker takes seconds more to shut down
        run(11);
        broker3Offline(16, 25);

        EpisodesSnapshot s = episodes.snapshot();
        Episode e = only(s, Episode.Subject.BROKER);
        assertThat(e.kind()).isEqualTo(EpisodeKind.PLANNED);
        assertThat(e.evidence()).contains("online with its leadership moved away, just before it went offline");
        assertThat(e.startMicros()).isEqualTo(15 * S);
        assertThat(s.plannedLeaderMoves()).isEqualTo(1); // seen while it was still online
    }

    @Test
    void aCrashFailsProbesUntilFencedAndIsUnplanned() {
        run(6);
        // Crashed: its partition's probes time out each second until the controller fences it.
        timeOutEachSecond(3, 3, 2);
        fenceBroker3MovingPartition2To1(11, 20); // observed fenced at 10

        EpisodesSnapshot s = episodes.snapshot();
        assertThat(s.open()).isEmpty();
        Episode broker = only(s, Episode.Subject.BROKER);
        assertThat(broker.kind()).isEqualTo(EpisodeKind.UNPLANNED);
        assertThat(broker.probesFailed()).isEqualTo(3);
        assertThat(broker.errorClasses()).isEqualTo(Map.of("TimeoutException", 3L));
        assertThat(broker.startMicros()).isEqualTo(6 * S);
        assertThat(broker.endMicros()).isEqualTo(OptionalLong.of(15 * S));
        assertThat(broker.leaderMoves()).isEqualTo(1);
        assertThat(broker.evidence()).contains("while the controller counted it online");
        Episode partition = only(s, Episode.Subject.PARTITION);
        assertThat(partition.id()).isEqualTo(2);
        assertThat(partition.kind()).isEqualTo(EpisodeKind.UNPLANNED);
        assertThat(partition.evidence()).contains("broker 3");
        assertThat(partition.endMicros()).isEqualTo(OptionalLong.of(11 * S)); // its first probe led by broker 1
        assertThat(s.brokerOutages()).isEqualTo(Map.of(EpisodeKind.UNPLANNED, 1L));
        assertThat(s.plannedLeaderMoves()).isZero();
    }

    @Test
    void aCrashThatStallsAnotherLeadersPartitionsMakesThatBrokersEpisodeCollateralNotAnOutage() {
        run(6);
        // Broker 3 crashed at 6; the controller fences it at 11, after the observation at 10 (which still shows
        // it online). With acks=all, partition 0 (led by broker 1, broker 3 in its ISR) stalls too, until 10.
        for (int h = 6; h <= 11; h++) {
            fail(3, 2, "TimeoutException");
            if (h <= 9) {
                fail(1, 0, "TimeoutException");
            } else if (h == 10) {
                succeed(1, 0);
            }
            step(1);
        }
        step(2);
        // Quiet since 10, but broker 1's episode stays open: broker 3 still fails and may yet be seen offline.
        assertThat(episodes.snapshot().open()).extracting(Episode::subject, Episode::id)
                .contains(Tuple.tuple(Episode.Subject.BROKER, 1));
        fenceBroker3MovingPartition2To1(16, 25);

        EpisodesSnapshot s = episodes.snapshot();
        assertThat(s.open()).isEmpty();
        Episode collateral = brokerEpisode(s, 1);
        assertThat(collateral.kind()).isEqualTo(EpisodeKind.UNPLANNED);
        assertThat(collateral.evidence()).contains("collateral of that broker's unplanned outage").contains("broker 3");
        assertThat(collateral.endMicros()).isEqualTo(OptionalLong.of(10 * S));
        assertThat(collateral.probesFailed()).isEqualTo(4);
        assertThat(collateral.collateralOf()).isEqualTo(3);
        assertThat(brokerEpisode(s, 3).collateralOf()).isEqualTo(-1);
        assertThat(s.brokerOutages()).isEqualTo(Map.of(EpisodeKind.UNPLANNED, 1L)); // broker 3's alone
        assertThat(s.brokerOutageMicros()).isEqualTo(Map.of(EpisodeKind.UNPLANNED, 14 * S)); // 6 to 20
    }

    @Test
    void anObservationBeforeTheFencingThatShowsTheCrashedBrokerOnlineDoesNotReleaseItsCollateral() {
        run(6);
        for (int h = 6; h <= 7; h++) {
            fail(3, 2, "TimeoutException");
            fail(1, 0, "TimeoutException");
            step(1);
        }
        succeed(1, 0); // broker 1 recovers at 8; its quiet period has passed at 11
        step(1);
        run(12); // broker 3's failures pause (a loaded machine), and the observation at 10 still shows it online
        timeOutEachSecond(2, 3, 2); // at 12 and 13
        fenceBroker3MovingPartition2To1(16, 25);

        EpisodesSnapshot s = episodes.snapshot();
        Episode collateral = brokerEpisode(s, 1);
        assertThat(collateral.collateralOf()).isEqualTo(3);
        assertThat(collateral.endMicros()).isEqualTo(OptionalLong.of(8 * S));
        assertThat(s.brokerOutages()).isEqualTo(Map.of(EpisodeKind.UNPLANNED, 1L));
    }

    @Test
    void aCrashedBrokerRestartedBetweenTwoObservationsIsNeverSeenOfflineAndStillHasTheOthersAsCollateral() {
        run(6);
        for (int h = 6; h <= 9; h++) {
            fail(3, 2, "TimeoutException"); // until the controller moved its leadership
            if (h <= 7) {
                fail(1, 0, "TimeoutException"); // stalled until broker 3 left partition 0's ISR
            } else if (h == 8) {
                succeed(1, 0);
            }
            step(1);
        }
        leaders.put(2, 1); // observed at 10 with broker 3 online again: restarted before any observation
        run(12);
        succeed(1, 2);
        connections(12, Map.of()); // broker 3 answers a fresh connection
        run(20);

        EpisodesSnapshot s = episodes.snapshot();
        assertThat(s.open()).isEmpty();
        Episode collateral = s.recent().stream().filter(e -> e.subject() == Episode.Subject.BROKER && e.id() == 1)
                .findFirst().orElseThrow();
        assertThat(collateral.collateralOf()).isEqualTo(3);
        assertThat(collateral.kind()).isEqualTo(EpisodeKind.UNPLANNED);
        assertThat(brokerEpisode(s, 3).collateralOf()).isEqualTo(-1);
        assertThat(s.brokerOutages()).isEqualTo(Map.of(EpisodeKind.UNPLANNED, 1L));
    }

    @Test
    void aBlackholedBrokerThatStaysOnlineIsUnplannedAndEndsOnlyAfterTheQuietPeriod() {
        run(6);
        timeOutEachSecond(6, 2, 1);
        assertThat(episodes.snapshot().openBrokerOutages()).isEqualTo(Map.of(EpisodeKind.UNPLANNED, 1L));
        succeed(2, 1);
        step(1); // recovery seen at 12 ...
        fail(2, 1, "TimeoutException"); // ... but a probe sent during the blackhole fails after it
        step(1);
        succeed(2, 1);
        step(1); // recovery seen again at 14
        step(2);
        assertThat(episodes.snapshot().open()).hasSize(2); // 2 s after it, within the quiet period
        step(1);

        EpisodesSnapshot s = episodes.snapshot();
        assertThat(s.open()).isEmpty();
        Episode broker = only(s, Episode.Subject.BROKER);
        assertThat(broker.kind()).isEqualTo(EpisodeKind.UNPLANNED);
        assertThat(broker.probesFailed()).isEqualTo(7);
        assertThat(broker.startMicros()).isEqualTo(6 * S);
        assertThat(broker.endMicros()).isEqualTo(OptionalLong.of(14 * S));
        assertThat(only(s, Episode.Subject.PARTITION).probesFailed()).isEqualTo(7);
        assertThat(s.brokerOutageMicros()).isEqualTo(Map.of(EpisodeKind.UNPLANNED, 8 * S));
    }

    @Test
    void aBrokerLeadingNothingThatGoesOfflineIsUnknown() {
        leaders.put(2, 1);
        run(6);
        broker3Offline(11, 20);

        assertThat(unknownBrokerEpisodeEvidence()).contains("led no monitor partition");
    }

    @Test
    void aBrokerLeadingNothingThatNoConnectionReachesWhileOnlineIsUnplanned() {
        leaders.put(2, 1);
        run(6);
        connections(8, Map.of(3, "no ApiVersions answer within 1500 ms")); // blackholed: the controller still sees it
        run(12);
        connections(12, Map.of(3, "no ApiVersions answer within 1500 ms"));
        run(15);
        assertThat(episodes.snapshot().openBrokerOutages()).isEqualTo(Map.of(EpisodeKind.UNPLANNED, 1L));
        connections(15, Map.of());
        run(20);

        EpisodesSnapshot s = episodes.snapshot();
        Episode e = only(s, Episode.Subject.BROKER);
        assertThat(e.kind()).isEqualTo(EpisodeKind.UNPLANNED);
        assertThat(e.evidence()).contains("a fresh connection failed while the controller counted it online");
        assertThat(e.startMicros()).isEqualTo(8 * S);
        assertThat(e.endMicros()).isEqualTo(OptionalLong.of(15 * S));
        assertThat(e.probesFailed()).isZero();
    }

    @Test
    void aConnectionRefusedJustBeforeAControlledShutdownsFencingIsStillPlanned() {
        run(6);
        succeedEachSecond(2, 3, 2);
        leaders.put(2, 1);
        connections(8, Map.of(3, "connection refused")); // the listener closed; the fencing is seen at 10
        online.put(3, false);
        run(11);
        online.put(3, true);
        connections(16, Map.of());
        run(25);

        Episode e = only(episodes.snapshot(), Episode.Subject.BROKER);
        assertThat(e.kind()).isEqualTo(EpisodeKind.PLANNED);
        assertThat(e.startMicros()).isEqualTo(8 * S);
    }

    @Test
    void aLeaderMoveBetweenLiveBrokersWithNoFailureIsAPlannedLeaderMoveNotAnOutage() {
        run(6);
        leaders.put(2, 1); // a preferred-leader election or a reassignment
        run(11);

        EpisodesSnapshot s = episodes.snapshot();
        assertThat(s.plannedLeaderMoves()).isEqualTo(1);
        assertThat(s.brokerOutages()).isEmpty();
        Episode move = only(s, Episode.Subject.LEADER_MOVE);
        assertThat(move.kind()).isEqualTo(EpisodeKind.PLANNED);
        assertThat(move.id()).isEqualTo(2);
        assertThat(move.evidence()).contains("from broker 3 (online) to broker 1");
    }

    @Test
    void aPartitionWhoseOnlyReplicaLeftInAControlledShutdownTakesItsPlannedKind() {
        run(6);
        succeedEachSecond(4, 3, 2);
        online.put(3, false);
        leaders.put(2, Observation.NO_LEADER); // its only replica is gone: nowhere for leadership to move
        timeOutEachSecond(5, -1, 2); // 10 to 14, no leader to attribute the failures to
        bringBackBroker3LeadingPartition2();

        EpisodesSnapshot s = episodes.snapshot();
        assertThat(s.open()).isEmpty();
        assertThat(only(s, Episode.Subject.BROKER).kind()).isEqualTo(EpisodeKind.PLANNED);
        Episode partition = only(s, Episode.Subject.PARTITION);
        assertThat(partition.kind()).isEqualTo(EpisodeKind.PLANNED);
        assertThat(partition.startMicros()).isEqualTo(10 * S);
        assertThat(partition.endMicros()).isEqualTo(OptionalLong.of(16 * S));
        assertThat(partition.probesFailed()).isEqualTo(5);
        // What slo.exclude.planned leaves out: those counted once the broker's kind was planned, at 13 and 14 (before,
        // a probe sent to it before it went offline could still have stalled, and its kind was unknown).
        assertThat(s.plannedProbeFailures()).isEqualTo(2);
    }

    @Test
    void aPartitionThatFailsBeforeItsLeadersControlledShutdownIsObservedTakesItsKindFromThenOn() {
        run(6);
        succeedEachSecond(1, 3, 2); // its last probe on broker 3, at 6
        online.put(3, false);
        leaders.put(2, Observation.NO_LEADER);
        timeOutEachSecond(8, -1, 2); // 7 to 9 before the observation at 10 shows why, 10 to 14 after
        bringBackBroker3LeadingPartition2();

        EpisodesSnapshot s = episodes.snapshot();
        Episode partition = only(s, Episode.Subject.PARTITION);
        assertThat(partition.kind()).isEqualTo(EpisodeKind.PLANNED);
        assertThat(partition.startMicros()).isEqualTo(7 * S);
        assertThat(partition.probesFailed()).isEqualTo(8);
        // Judged when counted: the six failures before the evidence was complete (13) counted against the budget.
        assertThat(s.plannedProbeFailures()).isEqualTo(2);
    }

    @Test
    void aCrashWhoseStallEndsWithinTheAckSlaFailsNoProbeAndIsUnplanned() {
        run(6);
        succeed(3, 2);
        step(1);
        // Crashed at 7: its partition's acks stall until the controller fences it (at 8) and the producer
        // retries on the new leader, within the ack SLA, so no probe fails; the stalled acks are counted at 9:
        // three, more than the two in flight a controlled shutdown could delay for its one partition.
        step(2);
        stall(3, 2);
        stall(3, 2);
        stall(3, 2);
        step(1);
        online.put(3, false);
        leaders.put(2, 1);
        run(11); // observed fenced at 10: unplanned at once, the stall is in
        assertThat(openKind(3)).isEqualTo(EpisodeKind.UNPLANNED);
        succeed(1, 2);
        online.put(3, true);
        run(20);

        EpisodesSnapshot s = episodes.snapshot();
        assertThat(s.open()).isEmpty();
        Episode e = only(s, Episode.Subject.BROKER);
        assertThat(e.kind()).isEqualTo(EpisodeKind.UNPLANNED);
        assertThat(e.probesFailed()).isZero();
        assertThat(e.evidence()).startsWith("3 probes attributed to it were acked 1000 ms or more after they were sent")
                .contains("leading 1 partitions (more than the 2 per partition in flight").contains("a crash");
        assertThat(e.startMicros()).isEqualTo(10 * S);
        assertThat(s.brokerOutages()).isEqualTo(Map.of(EpisodeKind.UNPLANNED, 1L));
        assertThat(s.recent()).extracting(Episode::subject).containsExactly(Episode.Subject.BROKER);
    }

    @Test
    void aStallCountedAfterTheObservationThatFoundItOfflineTurnsItsEpisodeUnplanned() {
        run(6);
        succeedEachSecond(4, 3, 2);
        online.put(3, false);
        leaders.put(2, 1);
        run(11); // seen offline at 10, before the stalled acks came
        assertThat(openKind(3)).isEqualTo(EpisodeKind.UNKNOWN);
        stall(3, 2);
        stall(3, 2);
        step(1);
        assertThat(openKind(3)).isEqualTo(EpisodeKind.UNKNOWN); // two: what a controlled shutdown could delay
        stall(3, 2);
        step(1);
        assertThat(openKind(3)).isEqualTo(EpisodeKind.UNPLANNED);
        run(15); // the quiet period since it went offline has passed: still unplanned
        assertThat(openKind(3)).isEqualTo(EpisodeKind.UNPLANNED);
    }

    @Test
    void aControlledShutdownThatDelaysTheProbesInFlightWhenLeadershipMovesIsStillPlanned() {
        run(6);
        succeedEachSecond(3, 3, 2);
        stall(3, 2); // in flight at the move, each retried on the new leader a second later (a loaded machine)
        stall(3, 2);
        online.put(3, false);
        leaders.put(2, 1);
        step(1);
        broker3Offline(11, 20);

        Episode e = only(episodes.snapshot(), Episode.Subject.BROKER);
        assertThat(e.kind()).isEqualTo(EpisodeKind.PLANNED);
        assertThat(e.evidence()).contains("its 5 probes since were acked within 1000 ms (2 acked later, no more than"
                + " the ones in flight when leadership moved)");
    }

    @Test
    void aStallBeforeTheLastObservationThatShowedItLeadingIsNoEvidenceAgainstItsControlledShutdown() {
        run(2);
        stall(3, 2); // at 2, 3 and 4, before the observation at 5
        step(1);
        stall(3, 2);
        step(1);
        stall(3, 2);
        run(6);
        succeedEachSecond(4, 3, 2);
        leaders.put(2, 1);
        broker3Offline(11, 20);

        assertThat(only(episodes.snapshot(), Episode.Subject.BROKER).kind()).isEqualTo(EpisodeKind.PLANNED);
    }

    @Test
    void aBrokerNoneOfWhoseProbesWasResolvedSinceItLastLedIsUnknown() {
        run(6); // observed leading at 5; no probe of partition 2 resolved after it (a long probe interval)
        leaders.put(2, 1);
        broker3Offline(11, 20);

        assertThat(unknownBrokerEpisodeEvidence()).startsWith("no probe attributed to it was resolved");
    }

    @Test
    void aControlledShutdownBetweenTwoObservationsIsPlannedByItsPartitionsProbesAckedOnTheirNewLeaders() {
        run(6); // observed leading partition 2 at 5
        // It shut down just after: partition 2's probes went to broker 1 at once, and it was fenced before the
        // observation at 10, so no probe attributed to it was resolved in between.
        succeedEachSecond(4, 1, 2); // at 6 to 9
        online.put(3, false);
        leaders.put(2, 1);
        run(11);
        succeedEachSecond(2, 1, 2); // at 11 and 12, after the observation that found it offline: not counted
        assertThat(openKind(3)).isEqualTo(EpisodeKind.UNKNOWN); // a probe sent to it before may still stall
        succeedEachSecond(1, 1, 2);
        assertThat(openKind(3)).isEqualTo(EpisodeKind.PLANNED);
        online.put(3, true);
        run(20);

        Episode e = only(episodes.snapshot(), Episode.Subject.BROKER);
        assertThat(e.kind()).isEqualTo(EpisodeKind.PLANNED);
        assertThat(e.probesFailed()).isZero();
        assertThat(e.evidence()).startsWith("no probe attributed to it was resolved after the observation before it"
                + " went offline, but 4 probes of the 1 partitions it led then were acked on their new leaders within"
                + " 1000 ms by the observation that found it offline, none failed").contains("controlled shutdown");
    }

    @Test
    void aControlledShutdownWhoseProbesInFlightStalledOnTheNewLeaderIsStillPlannedByItsPartitions() {
        run(6);
        stall(1, 2); // sent to it, retried on broker 1 a second later (a loaded machine): attributed to broker 1
        stall(1, 2);
        succeed(1, 2);
        step(1);
        Episode e = broker3OfflineWithPartition2MovedTo1();
        assertThat(e.kind()).isEqualTo(EpisodeKind.PLANNED);
        assertThat(e.evidence()).contains("1 probes of the 1 partitions it led then were acked on their new leaders"
                + " within 1000 ms by the observation that found it offline (2 acked later, no more than the ones in"
                + " flight when leadership moved)");
    }

    @Test
    void aCrashJustAfterAnObservationStallsItsPartitionsProbesAttributedToItAndIsUnplanned() {
        run(6); // observed leading partition 2 at 5; crashed at 6, fenced at 8
        step(3);
        threeProbesOfPartition2StalledOnBroker3(); // sent to it from 6 to 8, retried on broker 1 once it was fenced
        succeed(1, 2); // sent after the fencing: acked at once on its new leader
        step(1);
        fenceBroker3MovingPartition2To1(11, 20);

        assertBroker3UnplannedByThreeStalledProbes();
    }

    @Test
    void aCrashWhoseStalledAcksComeAfterTheObservationThatFoundItOfflineIsUnplannedThoughItsPartitionsAckedInTime() {
        run(6); // crashed at 6, fenced just before the observation at 10
        step(3);
        succeed(1, 2); // sent after the fencing, acked on the new leader by the harvest at 9
        step(1);
        online.put(3, false);
        leaders.put(2, 1);
        run(11);
        threeProbesOfPartition2StalledOnBroker3(); // sent to it from 6 to 9, counted after the observation at 10
        fenceBroker3MovingPartition2To1(12, 20);

        assertBroker3UnplannedByThreeStalledProbes();
    }

    /** Three probes of partition 2 attributed to broker 3, acked within the ack SLA after a stall. */
    private void threeProbesOfPartition2StalledOnBroker3() {
        for (int i = 0; i < 3; i++) {
            stall(3, 2);
        }
    }

    private void assertBroker3UnplannedByThreeStalledProbes() {
        Episode e = only(episodes.snapshot(), Episode.Subject.BROKER);
        assertThat(e.id()).isEqualTo(3);
        assertThat(e.kind()).isEqualTo(EpisodeKind.UNPLANNED);
        assertThat(e.evidence())
                .startsWith("3 probes attributed to it were acked 1000 ms or more after they were sent");
    }

    @Test
    void probesOfItsPartitionsResolvedOnlyAfterTheObservationThatFoundItOfflineLeaveItUnknown() {
        run(6); // observed leading at 5; no probe of partition 2 resolved until it was seen offline at 10
        online.put(3, false);
        leaders.put(2, 1);
        run(11);
        succeedEachSecond(4, 1, 2); // at 11 to 14, on the new leader: after the fencing, whatever its cause
        online.put(3, true);
        run(20);

        assertThat(unknownBrokerEpisodeEvidence()).startsWith("no probe attributed to it was resolved")
                .contains("nor any probe of the 1 partitions it led acked within 1000 ms on a new leader");
    }

    @Test
    void failedProbesOfItsPartitionsBeforeItWentOfflineLeaveItUnknown() {
        run(6);
        fail(-1, 2, "TimeoutException"); // sent while the producer knew no leader for partition 2
        step(1);
        succeedEachSecond(3, 1, 2); // at 7 to 9, on the new leader
        Episode e = broker3OfflineWithPartition2MovedTo1();
        assertThat(e.kind()).isEqualTo(EpisodeKind.UNKNOWN);
        assertThat(e.evidence()).contains("1 probes of the 1 partitions it led failed");
    }

    @Test
    void probesOfItsPartitionsStalledOnOtherLeadersBeyondTheOnesInFlightLeaveItUnknown() {
        run(6);
        stall(1, 2);
        stall(1, 2);
        stall(1, 2);
        succeedEachSecond(4, 1, 2);
        Episode e = broker3OfflineWithPartition2MovedTo1();
        assertThat(e.kind()).isEqualTo(EpisodeKind.UNKNOWN);
        assertThat(e.evidence()).contains("3 probes of the 1 partitions it led were acked 1000 ms or more after they"
                + " were sent");
    }

    @Test
    void aBrokerWhoseLeadershipMovedAwayLongBeforeItWentOfflineIsUnknown() {
        run(1); // observed leading at 0
        leaders.put(2, 1); // a reassignment: observed at 5, 10 and 15 online and leading nothing
        run(16);
        broker3Offline(21, 30);

        assertThat(unknownBrokerEpisodeEvidence())
                .startsWith("its leadership had moved away 10 s before it went offline");
    }

    @Test
    void theRingKeepsTheNewestEpisodesAndTheCountersKeepCounting() {
        run(1);
        for (int i = 0; i < OutageEpisodes.CAPACITY + 5; i++) {
            leaders.put(2, i % 2 == 0 ? 1 : 3);
            step(5);
        }
        EpisodesSnapshot s = episodes.snapshot();
        assertThat(s.recent()).hasSize(OutageEpisodes.CAPACITY);
        assertThat(s.plannedLeaderMoves()).isEqualTo(OutageEpisodes.CAPACITY + 5);
        assertThat(s.recent().get(0).startMicros()).isGreaterThan(s.recent().get(1).startMicros());
    }

    private static Episode brokerEpisode(EpisodesSnapshot s, int broker) {
        return s.recent().stream().filter(e -> e.subject() == Episode.Subject.BROKER && e.id() == broker).findFirst()
                .orElseThrow();
    }

    /**
     * Broker 3 is fenced and partition 2's leadership moves to broker 1, observed by {@code fencedUntil};
     * partition 2's probe then succeeds on broker 1, and broker 3 is back online until {@code until}.
     */
    private void fenceBroker3MovingPartition2To1(long fencedUntil, long until) {
        online.put(3, false);
        leaders.put(2, 1);
        run(fencedUntil);
        succeed(1, 2);
        online.put(3, true);
        run(until);
    }

    /** Broker 3 is offline in the observations until {@code offlineUntil}, then online again until {@code until}. */
    private void broker3Offline(long offlineUntil, long until) {
        online.put(3, false);
        run(offlineUntil);
        online.put(3, true);
        run(until);
    }

    /**
     * Partition 2's leadership moves to broker 1 and broker 3 is offline in the observations until 11, online again
     * until 20: its one episode.
     */
    private Episode broker3OfflineWithPartition2MovedTo1() {
        leaders.put(2, 1);
        broker3Offline(11, 20);
        return only(episodes.snapshot(), Episode.Subject.BROKER);
    }

    /** The evidence of the one broker episode, which must be of unknown kind. */
    private String unknownBrokerEpisodeEvidence() {
        Episode e = only(episodes.snapshot(), Episode.Subject.BROKER);
        assertThat(e.kind()).isEqualTo(EpisodeKind.UNKNOWN);
        return e.evidence();
    }

    private static Episode only(EpisodesSnapshot s, Episode.Subject subject) {
        return s.recent().stream().filter(e -> e.subject() == subject).reduce((a, b) -> {
            throw new AssertionError("more than one " + subject + " episode: " + s.recent());
        }).orElseThrow(() -> new AssertionError("no " + subject + " episode: " + s.recent()));
    }

    /** Broker 3 is seen online at 15 and leads partition 2 again, whose probe succeeds at 16; then until 25. */
    private void bringBackBroker3LeadingPartition2() {
        online.put(3, true);
        leaders.put(2, 3);
        run(16);
        succeed(3, 2);
        run(25);
    }

    /** For {@code seconds} seconds from now, one probe of {@code partition} a second times out on {@code broker}. */
    private void timeOutEachSecond(int seconds, int broker, int partition) {
        for (int i = 0; i < seconds; i++) {
            fail(broker, partition, "TimeoutException");
            step(1);
        }
    }

    private void step(long seconds) {
        run(second + seconds);
    }

    /** A connection-check round that ended at {@code atSecond}, with the brokers it could not reach. */
    private void connections(long atSecond, Map<Integer, String> failures) {
        connectionsAt = atSecond * S;
        connectionFailures = Map.copyOf(failures);
    }

    /** Harvests each second until {@code until} (exclusive), observing the cluster each 5 s. */
    private void run(long until) {
        for (; second < until; second++) {
            if (second % 5 == 0) {
                observedOnline = Map.copyOf(online);
                observedLeaders = Map.copyOf(leaders);
                stateAt = second * S;
            }
            episodes.observe(new Observation(second * S, stateAt < 0 ? OptionalLong.empty() : OptionalLong.of(stateAt),
                    observedOnline, observedLeaders, brokers, partitions,
                    connectionsAt < 0 || connectionsAt > second * S ? OptionalLong.empty() : OptionalLong.of(connectionsAt),
                    connectionFailures));
        }
    }

    /** One failed probe of {@code partition}, attributed to {@code broker} (-1: to no broker). */
    private void fail(int broker, int partition, String error) {
        if (broker >= 0) {
            brokers.put(broker, failed(brokers.getOrDefault(broker, ProduceOutcomes.NONE), error));
        }
        partitions.put(partition, failed(partitions.getOrDefault(partition, ProduceOutcomes.NONE), null));
    }

    private void succeed(int broker, int partition) {
        if (broker >= 0) {
            brokers.put(broker, succeeded(brokers.getOrDefault(broker, ProduceOutcomes.NONE)));
        }
        partitions.put(partition, succeeded(partitions.getOrDefault(partition, ProduceOutcomes.NONE)));
    }

    private static ProduceOutcomes failed(ProduceOutcomes p, String error) {
        Map<String, Long> classes = new HashMap<>(p.errorClasses());
        if (error != null) {
            classes.merge(error, 1L, Long::sum);
        }
        return new ProduceOutcomes(p.attempts() + 1, p.failures() + 1, Math.max(0, p.consecutiveFailures()) + 1,
                p.stalled(), classes);
    }

    private static ProduceOutcomes succeeded(ProduceOutcomes p) {
        return new ProduceOutcomes(p.attempts() + 1, p.failures(), 0, p.stalled(), p.errorClasses());
    }

    /** One probe of {@code partition} attributed to {@code broker}, acked within the ack SLA but after a stall. */
    private void stall(int broker, int partition) {
        brokers.put(broker, stalled(brokers.getOrDefault(broker, ProduceOutcomes.NONE)));
        partitions.put(partition, stalled(partitions.getOrDefault(partition, ProduceOutcomes.NONE)));
    }

    private static ProduceOutcomes stalled(ProduceOutcomes p) {
        return new ProduceOutcomes(p.attempts() + 1, p.failures(), 0, p.stalled() + 1, p.errorClasses());
    }

    /** For {@code seconds} seconds from now, one probe of {@code partition} a second acked at once by {@code broker}. */
    private void succeedEachSecond(int seconds, int broker, int partition) {
        for (int i = 0; i < seconds; i++) {
            succeed(broker, partition);
            step(1);
        }
    }

    private EpisodeKind openKind(int broker) {
        return episodes.snapshot().open().stream()
                .filter(e -> e.subject() == Episode.Subject.BROKER && e.id() == broker)
                .findFirst().orElseThrow().kind();
    }
}
