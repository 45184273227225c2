package dev.vigil.core.ledger;

import dev.vigil.core.stats.ClusterStats;
import dev.vigil.core.stats.ScopeSnapshot;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every rule of the ledger, driven by explicit timestamps (microseconds). The ledger counts nothing
 * itself: its outcomes are read where the metrics read them, the partition scope of {@link ClusterStats}.
 */
class SequenceLedgerTest {

    private static final long MS = 1_000;
    private static final long ACK_SLA = 3_000 * MS, E2E_SLA = 5_000 * MS, GRACE = 30_000 * MS;

    private final ClusterStats stats = new ClusterStats("test", 60_000 * MS, 6);
    private final RecordingListener events = new RecordingListener(stats.listenerFor(0));
    private final SequenceLedger ledger = new SequenceLedger(ACK_SLA, E2E_SLA, GRACE, 128, events);

    /** The counts of partition 0, which every ledger of a test feeds. */
    private ScopeSnapshot counts() {
        return stats.partition(0).countsSnapshot(0);
    }

    /** A ledger of {@code capacity} slots that feeds partition 0's scope and records nothing else. */
    private SequenceLedger ledger(int capacity) {
        return new SequenceLedger(ACK_SLA, E2E_SLA, GRACE, capacity, stats.listenerFor(0));
    }

    @Test
    void inOrderProbesAreAllAvailableAndNothingIsLost() {
        for (int i = 0; i < 10; i++) {
            long t = i * 1_000 * MS;
            long seq = ledger.begin(t, 1);
            ledger.acked(seq, t + 2 * MS);
            assertThat(ledger.received(seq, t + 3 * MS)).isEqualTo(Receipt.IN_ORDER);
        }
        ledger.finalizeExpired(100_000 * MS);

        ScopeSnapshot c = counts();
        assertThat(c.produceAttempts()).isEqualTo(10);
        assertThat(produceOk(c)).isEqualTo(10);
        assertThat(c.produceAttempts()).isEqualTo(10);
        assertThat(consumeOk(c)).isEqualTo(10);
        assertThat(c.consumeChecked()).isEqualTo(10);
        assertThat(c.lostAcked() + c.lostUnacked() + c.duplicates() + c.late()).isZero();
        assertThat(events.e2e).hasSize(10).containsOnly(3 * MS);
        assertThat(events.produceLatency).containsOnly(2 * MS);
    }

    @Test
    void lateRecordAfterGapIsNotLoss() {
        long s0 = ledger.begin(0, 1), s1 = ledger.begin(1_000 * MS, 1), s2 = ledger.begin(2_000 * MS, 1);
        ledger.acked(s0, 1 * MS);
        ledger.acked(s1, 1_001 * MS);
        ledger.acked(s2, 2_001 * MS);

        assertThat(ledger.received(s0, 2 * MS)).isEqualTo(Receipt.IN_ORDER);
        assertThat(ledger.received(s2, 2_002 * MS)).isEqualTo(Receipt.IN_ORDER);
        assertThat(ledger.received(s1, 2_003 * MS)).isEqualTo(Receipt.LATE);
        ledger.finalizeExpired(100_000 * MS);

        ScopeSnapshot c = counts();
        assertThat(c.late()).isEqualTo(1);
        assertThat(c.lostAcked()).isZero();
        assertThat(c.received()).isEqualTo(3);
        assertThat(consumeOk(c)).isEqualTo(3);
    }

    @Test
    void secondReceiptIsADuplicateAndNotCountedTwice() {
        long s = ledger.begin(0, 1);
        ledger.acked(s, 1 * MS);

        assertThat(ledger.received(s, 2 * MS)).isEqualTo(Receipt.IN_ORDER);
        assertThat(ledger.received(s, 3 * MS)).isEqualTo(Receipt.DUPLICATE);
        ledger.finalizeExpired(100_000 * MS);

        ScopeSnapshot c = counts();
        assertThat(c.duplicates()).isEqualTo(1);
        assertThat(c.received()).isEqualTo(1);
        assertThat(c.late()).isZero();
        assertThat(c.consumeChecked()).isEqualTo(1);
        assertThat(events.e2e).hasSize(1);
    }

    @Test
    void ackedSequenceMissingAfterGraceIsLost() {
        long s = ledger.begin(0, 2);
        ledger.acked(s, 1 * MS);

        ledger.finalizeExpired(GRACE);  // grace not yet strictly passed
        assertThat(counts().lostAcked()).isZero();
        ledger.finalizeExpired(GRACE + 1);

        assertThat(counts().lostAcked()).isEqualTo(1);
        assertThat(counts().lostUnacked()).isZero();
        assertThat(events.lost).containsExactly("acked:2:0");
        assertThat(ledger.trackedSequences()).isZero();
    }

    @Test
    void ackedButUnreceivedFailsConsumeAtTheE2eDeadlineNotBefore() {
        long s = ledger.begin(0, 1);
        ledger.acked(s, 1 * MS);

        ledger.finalizeExpired(E2E_SLA);
        assertThat(counts().consumeChecked()).isZero();
        ledger.finalizeExpired(E2E_SLA + 1);

        assertThat(counts().consumeChecked()).isEqualTo(1);
        assertThat(consumeOk(counts())).isZero();
    }

    @Test
    void receiptAfterTheE2eSlaIsReceivedButConsumeUnavailable() {
        long s = ledger.begin(0, 1);
        ledger.acked(s, 1 * MS);
        ledger.received(s, E2E_SLA + 1_000 * MS);
        ledger.finalizeExpired(100_000 * MS);

        ScopeSnapshot c = counts();
        assertThat(consumeOk(c)).isZero();
        assertThat(c.consumeChecked()).isEqualTo(1);
        assertThat(c.lostAcked()).isZero();
        assertThat(c.received()).isEqualTo(1);
    }

    @Test
    void ackAfterTheE2eDeadlineWithoutReceiptFailsConsumeAtTheAckAndIsLostAfterGrace() {
        long s = ledger.begin(0, 1);
        ledger.finalizeExpired(E2E_SLA + 1);
        assertThat(counts().consumeChecked()).isZero(); // not acked yet: not in the denominator

        ledger.acked(s, E2E_SLA + 2);

        assertThat(counts().consumeChecked()).isEqualTo(1);
        assertThat(consumeOk(counts())).isZero();
        ledger.finalizeExpired(GRACE + 1);
        assertThat(counts().lostAcked()).isEqualTo(1);
        assertThat(counts().consumeChecked()).isEqualTo(1);
    }

    @Test
    void ringEvictionOfAnAckedUnreceivedProbeCountsItLostOnceTheConsumerIsPastItsGrace() {
        SequenceLedger small = ledger(64);
        small.finalizeExpired(100_000 * MS); // the consumer has fed everything up to 100 s
        long first = small.begin(0, 1);
        small.acked(first, MS);
        for (int i = 1; i <= 64; i++) {
            small.begin(i * MS, 1);  // the 65th send pushes the first out before its grace
        }
        assertThat(counts().lostAcked()).isEqualTo(1);
        assertThat(small.received(first, 100 * MS)).isEqualTo(Receipt.AFTER_GRACE);
    }

    @Test
    void receivedBeforeTheAckCallbackIsFinalizedAtTheAck() {
        long s = ledger.begin(0, 1);
        ledger.received(s, 2 * MS);
        assertThat(counts().consumeChecked()).isZero();

        ledger.acked(s, 3 * MS);

        assertThat(consumeOk(counts())).isEqualTo(1);
        assertThat(produceOk(counts())).isEqualTo(1);
    }

    @Test
    void failedSendsAreNeverCountedAsLost() {
        long s = ledger.begin(0, 1);
        ledger.failed(s, 5 * MS, SendFailure.DEFINITE);
        ledger.notAttempted(1_000 * MS, 1);
        ledger.finalizeExpired(100_000 * MS);

        ScopeSnapshot c = counts();
        assertThat(c.produceAttempts()).isEqualTo(2);
        assertThat(c.notAttempted()).isEqualTo(1);
        assertThat(c.produceFailures()).isEqualTo(2); // failed for certain: never lost (below)
        assertThat(c.produceAttempts()).isEqualTo(2);
        assertThat(produceOk(c)).isZero();
        assertThat(c.lostAcked() + c.lostUnacked()).isZero();
        assertThat(c.consumeChecked()).isZero();  // never acked: not in the consume denominator
    }

    @Test
    void timedOutSendThatNeverArrivesIsLostUnacked() {
        long s = ledger.begin(0, 3);
        ledger.failed(s, 6_000 * MS, SendFailure.OUTCOME_UNKNOWN);
        ledger.finalizeExpired(GRACE + 1);

        assertThat(counts().lostUnacked()).isEqualTo(1);
        assertThat(counts().lostAcked()).isZero();
        assertThat(events.lost).containsExactly("unacked:3:0");
    }

    @Test
    void timedOutSendThatArrivesAnywayIsNotLost() {
        long s = ledger.begin(0, 1);
        ledger.failed(s, 6_000 * MS, SendFailure.OUTCOME_UNKNOWN);
        ledger.received(s, 6_500 * MS);
        ledger.finalizeExpired(GRACE + 1);

        assertThat(counts().lostUnacked()).isZero();
        assertThat(counts().received()).isEqualTo(1);
    }

    @Test
    void sendWithNoOutcomeAtAllIsLostUnacked() {
        ledger.begin(0, 1);
        ledger.finalizeExpired(GRACE + 1);

        assertThat(counts().lostUnacked()).isEqualTo(1);
        assertThat(counts().produceAttempts()).isEqualTo(1);
        assertThat(produceOk(counts())).isZero();
    }

    @Test
    void produceFailsAtTheAckDeadlineAndALateAckDoesNotMakeItAvailable() {
        long s = ledger.begin(0, 1);
        ledger.finalizeExpired(ACK_SLA + 1);
        assertThat(counts().produceAttempts()).isEqualTo(1);
        assertThat(produceOk(counts())).isZero();

        ledger.acked(s, ACK_SLA + 500 * MS);
        ledger.received(s, ACK_SLA + 600 * MS);
        ledger.finalizeExpired(GRACE + 1);

        ScopeSnapshot c = counts();
        assertThat(c.produceAttempts()).isEqualTo(1);
        assertThat(produceOk(c)).isZero();
        assertThat(c.consumeChecked()).as("acked: only acked probes get a consume verdict").isEqualTo(1);
        assertThat(c.lostAcked()).isZero();
        assertThat(consumeOk(c)).isEqualTo(1);  // received within the e2e SLA of its send time
        assertThat(events.produceLatency).containsExactly(ACK_SLA + 500 * MS);
    }

    @Test
    void ackWithinSlaIsAvailableAndAckOverSlaIsNot() {
        long ok = ledger.begin(0, 1);
        long slow = ledger.begin(1_000 * MS, 1);
        ledger.acked(ok, ACK_SLA);
        ledger.acked(slow, 1_000 * MS + ACK_SLA + 1);

        assertThat(produceOk(counts())).isEqualTo(1);
        assertThat(counts().produceAttempts()).isEqualTo(2);
    }

    @Test
    void arrivalAfterALossVerdictIsCountedAsLostThenReceivedAndDoesNotUndoLoss() {
        long s = ledger.begin(0, 7);
        ledger.acked(s, 1 * MS);
        ledger.finalizeExpired(GRACE + 1);

        assertThat(ledger.received(s, GRACE + 2)).isEqualTo(Receipt.AFTER_LOSS);
        ScopeSnapshot c = counts();
        assertThat(c.lostAcked()).isEqualTo(1);
        assertThat(c.lostThenReceived()).isEqualTo(1);
        assertThat(c.received()).isEqualTo(1);
        assertThat(c.receivedAfterGrace()).isZero();
        assertThat(events.e2e).containsExactly(GRACE + 2);
        assertThat(ledger.leaderOf(s)).isEqualTo(7);
        assertThat(ledger.wasAcked(s)).isTrue();
        // A second copy is no second false verdict.
        assertThat(ledger.received(s, GRACE + 3)).isEqualTo(Receipt.AFTER_GRACE);
        assertThat(counts().lostThenReceived()).isEqualTo(1);
        assertThat(counts().receivedAfterGrace()).isEqualTo(1);
    }

    @Test
    void unackedProbeReceivedAfterItsLossVerdictIsLostThenReceived() {
        long s = ledger.begin(0, 1);
        ledger.failed(s, ACK_SLA, SendFailure.OUTCOME_UNKNOWN);
        ledger.finalizeExpired(GRACE + 1);

        assertThat(ledger.received(s, GRACE + 2)).isEqualTo(Receipt.AFTER_LOSS);
        assertThat(counts().lostUnacked()).isEqualTo(1);
        assertThat(counts().lostThenReceived()).isEqualTo(1);
        assertThat(ledger.wasAcked(s)).isFalse();
    }

    @Test
    void arrivalAfterGraceOfAProbeNeverJudgedLostIsOnlyReceivedAfterGrace() {
        long received = ledger.begin(0, 1);
        long failed = ledger.begin(1, 1);
        ledger.acked(received, MS);
        ledger.received(received, 2 * MS);
        ledger.failed(failed, MS, SendFailure.DEFINITE);
        ledger.finalizeExpired(GRACE + 2);

        assertThat(ledger.received(received, GRACE + 3)).isEqualTo(Receipt.AFTER_GRACE);
        assertThat(ledger.received(failed, GRACE + 3)).isEqualTo(Receipt.AFTER_GRACE);
        assertThat(counts().lostThenReceived()).isZero();
        assertThat(counts().receivedAfterGrace()).isEqualTo(2);
    }

    @Test
    void aLostProbeWhoseSlotWasReusedIsOnlyReceivedAfterGrace() {
        SequenceLedger small = ledger(64);
        long first = small.begin(0, 1);
        small.acked(first, MS);
        small.finalizeExpired(GRACE + 1);
        assertThat(counts().lostAcked()).isEqualTo(1);
        for (int i = 1; i <= 64; i++) {
            small.begin(GRACE + i * MS, 1); // the 64th reuses the first one's slot
        }
        assertThat(small.leaderOf(first)).isEqualTo(-1);
        assertThat(small.received(first, GRACE + 100 * MS)).isEqualTo(Receipt.AFTER_GRACE);
        assertThat(counts().lostThenReceived()).isZero();
    }

    @Test
    void sequenceNeverSentIsUnknown() {
        ledger.begin(0, 1);
        assertThat(ledger.received(5, 1)).isEqualTo(Receipt.UNKNOWN);
        assertThat(ledger.received(-1, 1)).isEqualTo(Receipt.UNKNOWN);
        assertThat(counts().received()).isZero();
    }

    @Test
    void outcomesAreAttributedToTheLeaderAtSendTime() {
        long s = ledger.begin(0, 7);
        ledger.acked(s, 1 * MS);

        assertThat(events.produceFinal).containsExactly("7:true");
    }

    @Test
    void memoryIsBoundedAfterAMillionSequences() {
        SequenceLedger small = ledger(SequenceLedger.capacityFor(1_000 * MS, GRACE));
        int capacity = small.capacity();
        long t = 0;
        for (int i = 0; i < 1_000_000; i++) {
            t += 1_000 * MS;
            long seq = small.begin(t, 1);
            small.acked(seq, t + MS);
            small.received(seq, t + 2 * MS);
            if (i % 10 == 0) {
                small.finalizeExpired(t);
            }
            assertThat(small.trackedSequences()).isLessThanOrEqualTo(capacity);
        }
        assertThat(capacity).isEqualTo(128);
        assertThat(counts().lostAcked()).isZero();
        assertThat(counts().received()).isEqualTo(1_000_000);
    }

    @Test
    void ringOverflowWithoutFinalizationEvictsOldestAndStaysBounded() {
        SequenceLedger small = ledger(64);
        small.finalizeExpired(Long.MAX_VALUE / 2); // the consumer is far ahead: verdicts are due
        for (int i = 0; i < 1_000_000; i++) {
            small.begin(i, 1);  // a total outage: nothing acked, nothing received, never finalized
        }
        assertThat(small.trackedSequences()).isEqualTo(64);
        assertThat(counts().lostUnacked()).isEqualTo(1_000_000 - 64);
    }

    @Test
    void stalledConsumerDelaysConsumeAndLossVerdictsButNotProduceOnes() {
        long s = ledger.begin(0, 1);
        ledger.acked(s, MS);

        ledger.finalizeExpired(GRACE + 10_000 * MS, 2 * MS); // the consumer stopped feeding records at 2 ms

        assertThat(produceOk(counts())).isEqualTo(1);
        assertThat(counts().consumeChecked()).isZero();
        assertThat(counts().lostAcked()).isZero();
        assertThat(ledger.received(s, GRACE + 10_001 * MS)).isEqualTo(Receipt.IN_ORDER);
        ledger.finalizeExpired(GRACE + 20_000 * MS, GRACE + 20_000 * MS);
        assertThat(counts().lostAcked()).isZero();
        assertThat(counts().consumeChecked()).isEqualTo(1);
        assertThat(consumeOk(counts())).isZero(); // received, but long after its e2e SLA
    }

    @Test
    void ringOverflowWhileTheConsumerIsStalledIsUnjudgedNotLost() {
        SequenceLedger small = ledger(64);
        for (int i = 0; i < 100; i++) {
            long seq = small.begin(i * 1_000 * MS, 1);
            small.acked(seq, i * 1_000 * MS + MS);
            small.finalizeExpired(i * 1_000 * MS + 2 * MS, 0); // nothing consumed since time 0
        }
        assertThat(small.trackedSequences()).isEqualTo(64);
        assertThat(counts().lostAcked()).isZero();
        assertThat(counts().unjudged()).isEqualTo(36);
    }

    @Test
    void passWithNothingDueReturnsWithoutWaitingForTheMonitor() throws Exception {
        long seq = ledger.begin(0, 1);
        ledger.acked(seq, 2 * MS);
        java.util.concurrent.ExecutorService timer = java.util.concurrent.Executors.newSingleThreadExecutor();
        try {
            synchronized (ledger) { // a producer or consumer thread in the middle of a call
                timer.submit(() -> ledger.finalizeExpired(1_000 * MS, 1_000 * MS))
                        .get(10, java.util.concurrent.TimeUnit.SECONDS);
            }
        } finally {
            timer.shutdownNow();
        }
        // the deadlines still apply once due
        ledger.finalizeExpired(5_001 * MS, 5_001 * MS);
        assertThat(counts().consumeChecked()).isEqualTo(1);
        assertThat(consumeOk(counts())).isZero();
    }

    @Test
    void theVerdictDueIsTheEarliestDeadlineThatCanStillGiveAVerdict() {
        assertThat(ledger.finalizeExpired(0, 0)).isEqualTo(Long.MAX_VALUE);
        long first = ledger.begin(0, 1);
        assertThat(ledger.verdictDueMicros()).isEqualTo(ACK_SLA); // before its e2e SLA and its loss grace
        ledger.acked(first, 2 * MS);
        // An ack does not look again: the due stays early until a pass at or after it does.
        assertThat(ledger.finalizeExpired(1_000 * MS, 1_000 * MS)).isEqualTo(ACK_SLA);
        assertThat(ledger.finalizeExpired(ACK_SLA, ACK_SLA)).isEqualTo(E2E_SLA); // acked: its receipt is open
        ledger.received(first, 10 * MS);
        assertThat(ledger.finalizeExpired(E2E_SLA, E2E_SLA)).isEqualTo(Long.MAX_VALUE); // every verdict given

        long second = ledger.begin(10_000 * MS, 2);
        long third = ledger.begin(11_000 * MS, 2);
        ledger.acked(second, 10_002 * MS);
        ledger.received(second, 10_003 * MS);
        ledger.failed(third, 11_001 * MS, SendFailure.DEFINITE); // certainly failed: never lost, never consumed
        assertThat(ledger.finalizeExpired(11_002 * MS, 11_002 * MS)).isEqualTo(10_000 * MS + ACK_SLA); // as begun, unacked
        assertThat(ledger.finalizeExpired(11_000 * MS + ACK_SLA, 14_000 * MS)).isEqualTo(Long.MAX_VALUE);
        long fourth = ledger.begin(15_000 * MS, 3);
        ledger.failed(fourth, 15_001 * MS, SendFailure.OUTCOME_UNKNOWN); // may still arrive: its loss verdict is open
        assertThat(ledger.finalizeExpired(15_000 * MS + ACK_SLA, 18_000 * MS)).isEqualTo(15_000 * MS + GRACE);
        assertThat(counts().produceAttempts()).isEqualTo(4);
        assertThat(counts().lostUnacked() + counts().lostAcked()).isZero();
    }

    @Test
    void aTimerThatSleepsUntilTheVerdictDueGivesEveryVerdictJustAfterItsDeadline() {
        long acked = ledger.begin(0, 1);
        ledger.acked(acked, 2 * MS);
        ledger.received(acked, 3 * MS);
        long silent = ledger.begin(1_000 * MS, 1); // never acked nor received
        long unread = ledger.begin(2_000 * MS, 1); // acked, never received
        ledger.acked(unread, 2_002 * MS);

        long now = 2_010 * MS;
        long due = ledger.finalizeExpired(now, now);
        assertThat(due).isEqualTo(1_000 * MS + ACK_SLA);
        assertThat(ledger.finalizeExpired(due, due)).isEqualTo(due); // a deadline passes after its instant
        assertThat(events.produceFinal).containsExactly("1:true", "1:true");
        due = ledger.finalizeExpired(due + 1, due + 1);
        assertThat(events.produceFinal).containsExactly("1:true", "1:true", "1:false"); // the silent one failed
        assertThat(due).isEqualTo(1_000 * MS + E2E_SLA);
        due = ledger.finalizeExpired(due + 1, due + 1); // the silent one was never acked: no consume verdict
        assertThat(due).isEqualTo(2_000 * MS + E2E_SLA);
        ledger.finalizeExpired(due + 1, due + 1);
        assertThat(counts().consumeChecked()).isEqualTo(2);
        assertThat(consumeOk(counts())).isEqualTo(1);
        due = ledger.verdictDueMicros();
        assertThat(due).isEqualTo(1_000 * MS + GRACE);
        due = ledger.finalizeExpired(due + 1, due + 1);
        assertThat(events.lost).containsExactly("unacked:1:1");
        assertThat(due).isEqualTo(2_000 * MS + GRACE);
        assertThat(ledger.finalizeExpired(due + 1, due + 1)).isEqualTo(Long.MAX_VALUE);
        assertThat(events.lost).containsExactly("unacked:1:1", "acked:1:2");
        assertThat(silent).isEqualTo(1);
    }

    @Test
    void ackDeadlineAppliesWhenOnlyTheClockMoves() {
        ledger.begin(0, 1);
        ledger.finalizeExpired(1_000 * MS, 0);
        assertThat(counts().produceAttempts()).isZero();
        ledger.finalizeExpired(ACK_SLA + 1, 0);
        assertThat(counts().produceAttempts()).isEqualTo(1);
        assertThat(events.produceFinal).containsExactly("1:false");
    }

    @Test
    void e2eAndLossDeadlinesApplyWhenOnlyTheConsumerProgressMoves() {
        long seq = ledger.begin(0, 1);
        ledger.acked(seq, 2 * MS);
        long now = 100_000 * MS; // the clock far ahead, the consumer stalled at 0
        ledger.finalizeExpired(now, 0);
        assertThat(counts().consumeChecked()).isZero();
        ledger.finalizeExpired(now, E2E_SLA + 1);
        assertThat(counts().consumeChecked()).isEqualTo(1);
        assertThat(counts().lostAcked()).isZero();
        ledger.finalizeExpired(now, GRACE + 1);
        assertThat(counts().lostAcked()).isEqualTo(1);
        assertThat(ledger.trackedSequences()).isZero();
    }

    @Test
    void sequenceBegunAfterTheLedgerEmptiedHasItsDeadlinesApplied() {
        long first = ledger.begin(0, 1);
        ledger.acked(first, 2 * MS);
        ledger.received(first, 3 * MS);
        ledger.finalizeExpired(GRACE + 1, GRACE + 1);
        assertThat(ledger.trackedSequences()).isZero();

        long t = 40_000 * MS;
        ledger.begin(t, 2); // never acked nor received
        ledger.finalizeExpired(t + ACK_SLA + 1, t + ACK_SLA + 1);
        assertThat(counts().produceAttempts()).isEqualTo(2);
        ledger.finalizeExpired(t + GRACE + 1, t + GRACE + 1);
        assertThat(counts().lostUnacked()).isEqualTo(1);
        assertThat(events.lost).containsExactly("unacked:2:1");
    }

    @Test
    void consumerProgressOfferedWhenNothingWasDueStillCounts() {
        // the progress only ever rises: a pass that offers less keeps the highest offered before,
        // even one offered while the ledger was empty
        ledger.finalizeExpired(0, GRACE + 10 * MS);
        ledger.begin(0, 1); // sent before that progress, never acked nor received
        ledger.finalizeExpired(ACK_SLA + 1, 0);
        assertThat(counts().lostUnacked()).isEqualTo(1);
    }

    @Test
    void evictionJudgesByProgressOfferedWhileNothingWasDue() {
        SequenceLedger small = ledger(64);
        small.finalizeExpired(0, GRACE + 10 * MS); // nothing tracked yet
        for (int i = 0; i < 65; i++) { // the 65th send evicts sequence 0 (sent at 0, its grace passed)
            small.begin(i * MS, 1);
        }
        assertThat(counts().lostUnacked()).isEqualTo(1);
        assertThat(counts().unjudged()).isZero();
    }

    @Test
    void everyLeaderIdComesBackWhateverTheSlotsStateAndFlags() {
        // the leader shares a long with the slot's state and flags: -1 (no leader) and the largest id must
        // survive an ack, a receipt and a loss verdict
        long a = ledger.begin(0, -1);
        long b = ledger.begin(0, Integer.MAX_VALUE);
        long c = ledger.begin(0, Integer.MIN_VALUE);
        ledger.acked(a, MS);
        ledger.received(a, 2 * MS);
        ledger.acked(b, MS); // b is never received: lost once the grace passes
        ledger.finalizeExpired(GRACE + MS, GRACE + MS);

        assertThat(events.produceFinal).containsExactly("-1:true", "2147483647:true", Integer.MIN_VALUE + ":false");
        assertThat(events.lost).containsExactly("acked:2147483647:" + b, "unacked:" + Integer.MIN_VALUE + ":" + c);
        assertThat(counts().received()).isEqualTo(1);
    }

    private final SequenceLedger tracking = new SequenceLedger(ACK_SLA, E2E_SLA, GRACE, 128, events, true);

    @Test
    void copyAtAnotherOffsetOfAReceivedProbeIsAReplayNotADuplicate() {
        long seq = receivedInOrderAtOffset40(tracking);
        assertThat(tracking.received(seq, 3 * MS, 41)).isEqualTo(Receipt.REPLAY);
        assertThat(tracking.received(seq, 4 * MS, 40)).as("the record itself read again").isEqualTo(Receipt.DUPLICATE);

        ScopeSnapshot c = counts();
        assertThat(c.received()).isEqualTo(1);
        assertThat(c.duplicates()).isEqualTo(1);
        assertThat(events.e2e).containsExactly(2 * MS);
    }

    @Test
    void copyOfAnAckedProbeThatIsGoneNeverHidesItsLoss() {
        long lost = tracking.begin(0, 1), kept = tracking.begin(1_000 * MS, 1);
        tracking.acked(lost, 1 * MS, 10);
        tracking.acked(kept, 1_001 * MS, 11);

        // The record at offset 10 was truncated away; a copy of it was written at offset 12.
        assertThat(tracking.received(kept, 1_002 * MS, 11)).isEqualTo(Receipt.IN_ORDER);
        assertThat(tracking.received(lost, 1_003 * MS, 12)).isEqualTo(Receipt.REPLAY);
        tracking.finalizeExpired(100_000 * MS);

        ScopeSnapshot c = counts();
        assertThat(c.lostAcked()).isEqualTo(1);
        assertThat(c.received()).isEqualTo(1);
        assertThat(c.late()).isZero();
        assertThat(consumeOk(c)).isEqualTo(1);
        assertThat(c.consumeChecked()).isEqualTo(2);
    }

    @Test
    void copyOfAProbeJudgedLostDoesNotUnLoseIt() {
        long seq = tracking.begin(0, 1);
        tracking.acked(seq, 1 * MS, 7);
        tracking.finalizeExpired(100_000 * MS);

        assertThat(tracking.received(seq, 100_001 * MS, 9)).isEqualTo(Receipt.REPLAY);
        assertThat(counts().lostThenReceived()).isZero();
        assertThat(tracking.received(seq, 100_002 * MS, 7)).as("the original, late").isEqualTo(Receipt.AFTER_LOSS);
        assertThat(counts().lostThenReceived()).isEqualTo(1);
        assertThat(counts().lostAcked()).isEqualTo(1);
    }

    @Test
    void unackedProbeReceivedAfterItsLossVerdictKeepsThatOffset() {
        long seq = tracking.begin(0, 1); // never acked
        tracking.finalizeExpired(100_000 * MS);

        assertThat(tracking.received(seq, 100_001 * MS, 3)).isEqualTo(Receipt.AFTER_LOSS);
        assertThat(tracking.received(seq, 100_002 * MS, 4)).isEqualTo(Receipt.REPLAY);
        assertThat(counts().lostThenReceived()).isEqualTo(1);
        assertThat(counts().lostUnacked()).isEqualTo(1);
        assertThat(counts().receivedAfterGrace()).isZero();
    }

    @Test
    void receiptBeforeTheAckGivesTheOffsetUntilTheAckTellsTheTrueOne() {
        long seq = tracking.begin(0, 1);

        assertThat(tracking.received(seq, 1 * MS, 5)).isEqualTo(Receipt.IN_ORDER);
        assertThat(tracking.received(seq, 2 * MS, 6)).isEqualTo(Receipt.REPLAY);
        tracking.acked(seq, 3 * MS, 5);
        assertThat(tracking.received(seq, 4 * MS, 6)).isEqualTo(Receipt.REPLAY);

        ScopeSnapshot c = counts();
        assertThat(c.received()).isEqualTo(1);
        assertThat(consumeOk(c)).isEqualTo(1);
    }

    @Test
    void reusedSlotForgetsTheOldOffset() {
        SequenceLedger small = new SequenceLedger(ACK_SLA, E2E_SLA, GRACE, 4, events, true);
        for (int i = 0; i < 4; i++) {
            long seq = small.begin(i * 1_000 * MS, 1);
            small.acked(seq, i * 1_000 * MS + MS, 100 + i);
            small.received(seq, i * 1_000 * MS + 2 * MS, 100 + i);
        }
        small.finalizeExpired(100_000 * MS);
        long reused = small.begin(100_000 * MS, 1); // slot of sequence 0, offset unknown until its ack

        assertThat(small.received(reused, 100_001 * MS, 200)).isEqualTo(Receipt.IN_ORDER);
        assertThat(small.received(0, 100_002 * MS, 300)).as("slot reused: cannot tell").isEqualTo(Receipt.AFTER_GRACE);
        assertThat(small.capacity()).isEqualTo(4);
    }

    @Test
    void ledgerWithoutOffsetsCountsEveryFurtherReceiptAsDuplicate() {
        long seq = receivedInOrderAtOffset40(ledger);
        assertThat(ledger.received(seq, 3 * MS, 41)).isEqualTo(Receipt.DUPLICATE);
        assertThat(counts().duplicates()).isEqualTo(1);
    }

    @Test
    void ackedProbesReadInACutRangeAreLostAfterReadInTheirPartitionBrokerAndCluster() {
        // offsets 10..15: 10, 11 acked and read (below the cut); 12, 13 acked and read (cut);
        // 14 acked, not read (cut: a later lostAcked, not this); 15 read but never acked (cut: not counted)
        long[] seqs = new long[6];
        for (int i = 0; i < 6; i++) {
            seqs[i] = tracking.begin(i * 100 * MS, i < 3 ? 1 : 2);
            if (i < 5) {
                tracking.acked(seqs[i], i * 100 * MS + MS, 10 + i);
            }
            if (i != 4) {
                tracking.received(seqs[i], i * 100 * MS + 2 * MS, 10 + i);
            }
        }

        SequenceLedger.Cut cut = tracking.cut(12, 16);

        assertThat(cut.lostAfterRead()).isEqualTo(2);
        assertThat(cut.rememberedFrom()).as("the ring never wrapped: it knows every probe of the session").isEqualTo(10);
        assertThat(counts().lostAckedAfterRead()).isEqualTo(2);
        assertThat(stats.broker(1).countsSnapshot(0).lostAckedAfterRead()).as("offset 12, sent to broker 1").isEqualTo(1);
        assertThat(stats.broker(2).countsSnapshot(0).lostAckedAfterRead()).as("offset 13").isEqualTo(1);
        assertThat(stats.total().countsSnapshot(0).lostAckedAfterRead()).isEqualTo(2);
        assertThat(tracking.wasCut(seqs[2])).isTrue();
        assertThat(tracking.wasCut(seqs[1])).isFalse();

        tracking.finalizeExpired(100_000 * MS);
        assertThat(counts().lostAcked()).as("the unread acked probe, not the cut ones").isEqualTo(1);
        assertThat(counts().lostUnacked()).isZero();
        assertThat(counts().lostAckedAfterRead()).isEqualTo(2);
    }

    @Test
    void aProbeCutTwiceIsLostAfterReadOnce() {
        ackedAndReadAt(tracking, 0, 5);

        assertThat(tracking.cut(5, 6).lostAfterRead()).isEqualTo(1);
        assertThat(tracking.cut(0, 10).lostAfterRead()).isZero();
        assertThat(counts().lostAckedAfterRead()).isEqualTo(1);
    }

    @Test
    void aCutProbeReadAgainAtItsOffsetIsLostThenReceivedOnceNeverADuplicate() {
        long seq = ackedAndReadAt(tracking, 0, 5);
        tracking.cut(5, 6);

        assertThat(tracking.received(seq, 3 * MS, 6)).as("a copy elsewhere").isEqualTo(Receipt.REPLAY);
        assertThat(tracking.received(seq, 4 * MS, 5)).isEqualTo(Receipt.AFTER_LOSS);
        assertThat(tracking.received(seq, 5 * MS, 5)).as("and then read once more").isEqualTo(Receipt.DUPLICATE);
        tracking.finalizeExpired(100_000 * MS);

        ScopeSnapshot c = counts();
        assertThat(c.lostAckedAfterRead()).isEqualTo(1);
        assertThat(c.lostThenReceived()).isEqualTo(1);
        assertThat(c.duplicates()).isEqualTo(1);
        assertThat(c.received()).isEqualTo(1);
        assertThat(c.lostAcked()).isZero();
    }

    @Test
    void aCutOlderThanTheRingRemembersSaysFromWhereItCouldTell() {
        SequenceLedger small = new SequenceLedger(ACK_SLA, E2E_SLA, GRACE, 4, stats.listenerFor(0), true);
        for (int i = 0; i < 6; i++) { // offsets 100..105; the ring keeps the last 4 (102..105)
            ackedAndReadAt(small, i * MS, 100 + i);
        }

        SequenceLedger.Cut cut = small.cut(100, 106);

        assertThat(cut.lostAfterRead()).isEqualTo(4);
        assertThat(cut.rememberedFrom()).isEqualTo(102);
        assertThat(counts().lostAckedAfterRead()).isEqualTo(4);
    }

    @Test
    void aLedgerWithoutOffsetsCutsNothing() {
        long seq = ledger.begin(0, 1);
        ledger.acked(seq, MS);
        ledger.received(seq, 2 * MS);

        assertThat(ledger.cut(0, Long.MAX_VALUE).lostAfterRead()).isZero();
        assertThat(counts().lostAckedAfterRead()).isZero();
    }

    /** A probe sent at 0, acked at 1 ms at offset 40 and read there at 2 ms, its first receipt. */
    private static long receivedInOrderAtOffset40(SequenceLedger ledger) {
        long seq = ledger.begin(0, 1);
        ledger.acked(seq, 1 * MS, 40);
        assertThat(ledger.received(seq, 2 * MS, 40)).isEqualTo(Receipt.IN_ORDER);
        return seq;
    }

    /** A probe sent at {@code sendMicros} to broker 1, acked a millisecond later at {@code offset}, read then. */
    private static long ackedAndReadAt(SequenceLedger ledger, long sendMicros, long offset) {
        long seq = ledger.begin(sendMicros, 1);
        ledger.acked(seq, sendMicros + MS, offset);
        ledger.received(seq, sendMicros + MS, offset);
        return seq;
    }

    private static long produceOk(ScopeSnapshot c) {
        return c.produceAttempts() - c.produceFailures();
    }

    private static long consumeOk(ScopeSnapshot c) {
        return c.consumeChecked() - c.consumeFailures();
    }

    /** Records what the tests look at one by one, and passes every outcome on to the partition's scope. */
    private static final class RecordingListener implements LedgerListener {
        final List<String> produceFinal = new ArrayList<>();
        final List<Long> produceLatency = new ArrayList<>();
        final List<Long> e2e = new ArrayList<>();
        final List<String> lost = new ArrayList<>();
        private final LedgerListener counts;

        RecordingListener(LedgerListener counts) {
            this.counts = counts;
        }

        @Override public void produceFinalized(int leader, boolean ok, long atMicros) {
            produceFinal.add(leader + ":" + ok);
            counts.produceFinalized(leader, ok, atMicros);
        }
        @Override public void produceLatency(int leader, long micros) {
            produceLatency.add(micros);
            counts.produceLatency(leader, micros);
        }
        @Override public void consumeFinalized(int leader, boolean ok, long atMicros) {
            counts.consumeFinalized(leader, ok, atMicros);
        }
        @Override public void e2eLatency(int leader, long micros) {
            e2e.add(micros);
            counts.e2eLatency(leader, micros);
        }
        @Override public void lost(int leader, boolean acked, long sequence, long sendTimeMicros) {
            lost.add((acked ? "acked:" : "unacked:") + leader + ":" + sequence);
            counts.lost(leader, acked, sequence, sendTimeMicros);
        }
        @Override public void duplicate(int leader, long sequence, long atMicros) {
            counts.duplicate(leader, sequence, atMicros);
        }
        @Override public void late(int leader, long sequence, long atMicros) {
            counts.late(leader, sequence, atMicros);
        }
        @Override public void notAttempted(int leader) {
            counts.notAttempted(leader);
        }
        @Override public void receivedAfterGrace(int leader, boolean leaderKnown) {
            counts.receivedAfterGrace(leader, leaderKnown);
        }
        @Override public void unjudged(int leader) {
            counts.unjudged(leader);
        }
        @Override public void lostThenReceived(int leader) {
            counts.lostThenReceived(leader);
        }
        @Override public void lostAckedAfterRead(int leader, long sequence, long sendTimeMicros) {
            counts.lostAckedAfterRead(leader, sequence, sendTimeMicros);
        }
    }
}
