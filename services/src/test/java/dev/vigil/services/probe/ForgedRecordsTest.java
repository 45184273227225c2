package dev.vigil.services.probe;

import dev.vigil.core.time.ManualClock;
import dev.vigil.services.LogCapture;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ForgedRecordsTest {

    private final ManualClock clock = new ManualClock(1_000_000);
    private final ForgedRecords forged = new ForgedRecords("prod", clock);

    @Test
    void aFloodIsCountedExactlyByReasonAndLoggedOnceAMinute() {
        List<String> lines;
        try (LogCapture capture = new LogCapture()) {
            for (int i = 0; i < 1_000; i++) {
                forged.record(ForgedRecords.Reason.BAD_MAC, "consume", "__vigil", 3, 100 + i, 7);
                clock.advanceMillis(10); // 10 s in all
            }
            forged.record(ForgedRecords.Reason.REPLAY, "consume", "__vigil", 4, 5_000, 8);
            clock.advanceMillis(50_001);
            forged.record(ForgedRecords.Reason.UNSIGNED, "mirror", "src.__vigil", 0, 9, 9);
            lines = capture.lines().stream().filter(l -> l.contains("forged record")).toList();
        }

        assertThat(forged.total()).isEqualTo(1_002);
        assertThat(forged.count(ForgedRecords.Reason.BAD_MAC)).isEqualTo(1_000);
        assertThat(forged.count(ForgedRecords.Reason.REPLAY)).isEqualTo(1);
        assertThat(forged.count(ForgedRecords.Reason.UNSIGNED)).isEqualTo(1);
        assertThat(lines).hasSize(2);
        assertThat(lines.get(0)).startsWith("WARN cluster=prod consume probe read a forged record on __vigil partition=3"
                + " offset=100 claiming sequence 7: bad MAC;").contains("(0 more since the previous line");
        assertThat(lines.get(1)).startsWith("WARN cluster=prod mirror probe read a forged record on src.__vigil partition=0"
                + " offset=9 claiming sequence 9: unsigned (version 1) probe with this session's id;")
                .contains("(1000 more since the previous line");
    }
}
