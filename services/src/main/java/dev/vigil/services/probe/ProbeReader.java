package dev.vigil.services.probe;

import dev.vigil.core.ledger.Receipt;
import dev.vigil.core.ledger.SequenceLedger;
import dev.vigil.core.probe.ProbeCodec;
import dev.vigil.core.probe.ProbeMac;
import dev.vigil.core.probe.ProbeRecord;
import dev.vigil.core.stats.OtherRecords;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * What one record read back is, and for a probe of this session, its receipt in the ledger it belongs to:
 * the decoding and routing the consume and the mirror probe share. A record is
 * <ul>
 * <li>{@link Kind#FOREIGN}: not a Vigil probe (or, in place, another session's probe naming another
 *     partition than the one it is in), counted in {@link OtherRecords} here;</li>
 * <li>{@link Kind#OTHER_SESSION}: a probe of another producer session (an earlier run, another Vigil),
 *     counted there too;</li>
 * <li>{@link Kind#FORGED}: this session's id on a record this session did not write ({@link ForgedRecords},
 *     which counts and logs it here): unsigned, failing its MAC, or, in place, naming another partition or
 *     sitting at another offset than the probe it copies ({@link Receipt#REPLAY});</li>
 * <li>{@link Kind#PROBE}: a probe of this session, given to its ledger if the partition has one yet.</li>
 * </ul>
 *
 * <p>Two placements: <b>in place</b> (the consume probe), where records are read from the partition they were
 * written to, so a probe must name that partition and sit at the offset it was acked at, and is given to
 * that partition's ledger; and <b>copied</b> (the mirror probe), where a replicator wrote the records into
 * other partitions at other offsets, so neither is checked, a second copy is a duplicate, and the probe
 * goes to the mirror ledger of the partition it names.
 *
 * <p>One per probe thread: it verifies MACs with a {@code Mac} of its own, which is not thread-safe.
 */
final class ProbeReader {

    enum Kind { FOREIGN, OTHER_SESSION, FORGED, PROBE }

    /**
     * @param probe   the decoded probe, null for a {@link Kind#FOREIGN} record that is none
     * @param ledger  for a {@link Kind#PROBE}, its ledger; null while the partition has none
     * @param receipt for a {@link Kind#PROBE} given to a ledger, what the ledger made of it; else null
     */
    record Read(Kind kind, ProbeRecord probe, SequenceLedger ledger, Receipt receipt) {
    }

    private final ProbeLedgers ledgers;
    private final ForgedRecords forged;
    private final OtherRecords others;
    private final String topic;
    private final boolean inPlace;
    private final ProbeMac mac;

    private ProbeReader(ProbeLedgers ledgers, ForgedRecords forged, OtherRecords others, String topic, boolean inPlace) {
        this.ledgers = ledgers;
        this.forged = forged;
        this.others = others;
        this.topic = topic;
        this.inPlace = inPlace;
        this.mac = ledgers.key().newMac();
    }

    /** The consume probe's reader of the monitor topic, {@code topic}. */
    static ProbeReader inPlace(ProbeLedgers ledgers, ForgedRecords forged, OtherRecords others, String topic) {
        return new ProbeReader(ledgers, forged, others, topic, true);
    }

    /** The mirror probe's reader of the mirrored topic, {@code topic} in the target cluster. */
    static ProbeReader copied(ProbeLedgers ledgers, ForgedRecords forged, OtherRecords others, String topic) {
        return new ProbeReader(ledgers, forged, others, topic, false);
    }

    /** Decodes and routes {@code record}, received at {@code nowMicros}. */
    Read read(ConsumerRecord<byte[], byte[]> record, long nowMicros) {
        ProbeCodec.Decoded decoded = ProbeCodec.decode(record.value());
        ProbeRecord probe = decoded.probe();
        if (probe == null) {
            others.countForeign();
            return new Read(Kind.FOREIGN, null, null, null);
        }
        boolean elsewhere = inPlace && probe.partition() != record.partition();
        if (!probe.sameSession(ledgers.sessionHigh(), ledgers.sessionLow())) {
            if (elsewhere) {
                others.countForeign();
                return new Read(Kind.FOREIGN, probe, null, null);
            }
            others.countOtherSession();
            return new Read(Kind.OTHER_SESSION, probe, null, null);
        }
        ForgedRecords.Reason forgery = !decoded.signed() ? ForgedRecords.Reason.UNSIGNED
                : !mac.verify(record.value()) ? ForgedRecords.Reason.BAD_MAC
                : elsewhere ? ForgedRecords.Reason.REPLAY : null;
        if (forgery != null) {
            return forged(forgery, record, probe);
        }
        SequenceLedger ledger = inPlace ? ledgers.existing(record.partition()) : ledgers.existingMirror(probe.partition());
        Receipt receipt = ledger == null ? null
                : ledger.received(probe.sequence(), nowMicros, inPlace ? record.offset() : -1);
        if (receipt == Receipt.REPLAY) {
            return forged(ForgedRecords.Reason.REPLAY, record, probe);
        }
        return new Read(Kind.PROBE, probe, ledger, receipt);
    }

    private Read forged(ForgedRecords.Reason reason, ConsumerRecord<byte[], byte[]> record, ProbeRecord probe) {
        forged.record(reason, inPlace ? "consume" : "mirror", topic, record.partition(), record.offset(), probe.sequence());
        return new Read(Kind.FORGED, probe, null, null);
    }
}
