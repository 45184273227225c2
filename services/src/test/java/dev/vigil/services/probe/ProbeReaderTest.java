package dev.vigil.services.probe;

import dev.vigil.core.ledger.Receipt;
import dev.vigil.core.probe.ProbeCodec;
import dev.vigil.core.probe.ProbeKey;
import dev.vigil.core.probe.ProbeRecord;
import dev.vigil.core.stats.ClusterStats;
import dev.vigil.core.stats.MirrorStats;
import dev.vigil.core.stats.OtherRecords;
import dev.vigil.core.time.ManualClock;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import java.security.SecureRandom;

import static org.assertj.core.api.Assertions.assertThat;

/** Every route of a record read back, in place (consume probe) and copied (mirror probe). */
class ProbeReaderTest {

    private static final long S = 1_000_000;

    private final ClusterStats stats = new ClusterStats("a", 60 * S, 6);
    private final ProbeLedgers ledgers = new ProbeLedgers(ProbeLedgersTest.PROBE, stats, ProbeLedgersTest.MIRROR,
            new MirrorStats(60 * S, 6));
    private final ForgedRecords forged = new ForgedRecords("a", new ManualClock(0));
    private final OtherRecords consumed = new OtherRecords();
    private final OtherRecords mirrored = new OtherRecords();
    private final ProbeReader inPlace = ProbeReader.inPlace(ledgers, forged, consumed, "t");
    private final ProbeReader copied = ProbeReader.copied(ledgers, forged, mirrored, "a.t");

    private byte[] signed(int partition, long sequence) {
        return ProbeCodec.encode(own(partition, sequence), 100, ledgers.key().newMac());
    }

    private ProbeRecord own(int partition, long sequence) {
        return new ProbeRecord(ledgers.sessionHigh(), ledgers.sessionLow(), partition, sequence, S);
    }

    /** Partition 0's ledgers after one probe sent and acked at {@code offset}; its sequence is 0. */
    private PartitionLedgers ackedAt(long offset) {
        PartitionLedgers send = ledgers.forSend(0);
        send.acked(send.begin(S, 1), S + 1_000, offset);
        return send;
    }

    private static ConsumerRecord<byte[], byte[]> record(int partition, long offset, byte[] value) {
        return new ConsumerRecord<>("t", partition, offset, null, value);
    }

    @Test
    void aRecordThatIsNoProbeIsForeign() {
        assertThat(inPlace.read(record(0, 0, new byte[] {1, 2, 3}), S).kind()).isEqualTo(ProbeReader.Kind.FOREIGN);
        assertThat(copied.read(record(0, 0, new byte[] {1, 2, 3}), S).kind()).isEqualTo(ProbeReader.Kind.FOREIGN);
        assertThat(consumed.foreign()).isEqualTo(1);
        assertThat(mirrored.foreign()).isEqualTo(1);
        assertThat(consumed.otherSession() + mirrored.otherSession()).isZero();
    }

    @Test
    void anotherSessionsProbeIsCountedApartAndInPlaceOnlyWhereItWasWritten() {
        ProbeRecord other = new ProbeRecord(ledgers.sessionHigh() + 1, ledgers.sessionLow(), 0, 0, S);
        byte[] value = ProbeCodec.encode(other, 100, ProbeKey.random(new SecureRandom()).newMac());

        assertThat(inPlace.read(record(0, 0, value), S).kind()).isEqualTo(ProbeReader.Kind.OTHER_SESSION);
        assertThat(inPlace.read(record(1, 0, value), S).kind()).isEqualTo(ProbeReader.Kind.FOREIGN);
        assertThat(copied.read(record(1, 0, value), S).kind()).isEqualTo(ProbeReader.Kind.OTHER_SESSION);
        assertThat(forged.total()).isZero();
        assertThat(consumed.otherSession()).isEqualTo(1);
        assertThat(consumed.foreign()).isEqualTo(1);
        assertThat(mirrored.otherSession()).isEqualTo(1);
        assertThat(mirrored.foreign()).isZero();
    }

    @Test
    void thisSessionsIdOnAnUnsignedOrWronglySignedRecordIsForgedWhereverItIsRead() {
        byte[] unsigned = ProbeCodec.encodeUnsigned(own(0, 0), 100);
        byte[] badMac = ProbeCodec.encode(own(0, 0), 100, ProbeKey.random(new SecureRandom()).newMac());
        ledgers.forPartition(0);

        for (ProbeReader reader : new ProbeReader[] {inPlace, copied}) {
            assertThat(reader.read(record(0, 0, unsigned), S).kind()).isEqualTo(ProbeReader.Kind.FORGED);
            assertThat(reader.read(record(0, 0, badMac), S).kind()).isEqualTo(ProbeReader.Kind.FORGED);
        }
        assertThat(forged.count(ForgedRecords.Reason.UNSIGNED)).isEqualTo(2);
        assertThat(forged.count(ForgedRecords.Reason.BAD_MAC)).isEqualTo(2);
        assertThat(stats.partition(0).countsSnapshot(S).received()).isZero();
    }

    @Test
    void inPlaceAProbeIsReceivedOnlyInItsOwnPartitionAndAtItsOwnOffset() {
        PartitionLedgers send = ackedAt(40);
        byte[] probe = signed(0, 0);

        assertThat(inPlace.read(record(1, 40, probe), 2 * S).kind()).as("in another partition").isEqualTo(ProbeReader.Kind.FORGED);
        assertThat(inPlace.read(record(0, 41, probe), 2 * S).kind()).as("at another offset").isEqualTo(ProbeReader.Kind.FORGED);
        ProbeReader.Read own = inPlace.read(record(0, 40, probe), 2 * S);

        assertThat(forged.count(ForgedRecords.Reason.REPLAY)).isEqualTo(2);
        assertThat(own.kind()).isEqualTo(ProbeReader.Kind.PROBE);
        assertThat(own.receipt()).isEqualTo(Receipt.IN_ORDER);
        assertThat(own.ledger()).isSameAs(send.local());
        assertThat(stats.partition(0).countsSnapshot(2 * S).received()).isEqualTo(1);
    }

    @Test
    void aProbeOfAPartitionWithNoLedgerYetIsAProbeWithNoReceipt() {
        ProbeReader.Read read = inPlace.read(record(4, 0, signed(4, 0)), S);

        assertThat(read.kind()).isEqualTo(ProbeReader.Kind.PROBE);
        assertThat(read.ledger()).isNull();
        assertThat(read.receipt()).isNull();
    }

    @Test
    void copiedAProbeGoesToTheMirrorLedgerOfThePartitionItNamesAndASecondCopyIsADuplicate() {
        PartitionLedgers send = ackedAt(40);

        ProbeReader.Read first = copied.read(record(5, 7, signed(0, 0)), 2 * S);
        ProbeReader.Read second = copied.read(record(5, 9, signed(0, 0)), 3 * S);

        assertThat(first.ledger()).isSameAs(send.mirror());
        assertThat(first.receipt()).isEqualTo(Receipt.IN_ORDER);
        assertThat(second.receipt()).isEqualTo(Receipt.DUPLICATE);
        assertThat(forged.total()).isZero();
        assertThat(stats.partition(0).countsSnapshot(3 * S).received()).as("the local ledger saw none").isZero();
    }
}
