package dev.vigil.webui.dashboard;

import dev.vigil.core.lag.GroupLag;
import dev.vigil.core.lag.LagStatus;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static dev.vigil.webui.dashboard.GroupLagHistoryTest.group;
import static dev.vigil.webui.dashboard.GroupLagHistoryTest.snapshot;
import static org.assertj.core.api.Assertions.assertThat;

class LagPanelTest {

    @Test
    void groupsAreWorstStatusFirstThenOldestLagThenMostRecordsThenName() {
        GroupLag rewound = group("rewound", LagStatus.REWIND, 1, 1e6);
        GroupLag stoppedOld = group("stopped-old", LagStatus.STOP, 1, 90e6);
        GroupLag stoppedYoung = group("stopped-young", LagStatus.STOP, 500, 2e6);
        GroupLag stoppedUnread = group("stopped-unread", LagStatus.STOP, 900, Double.NaN);
        GroupLag warnMore = group("warn-b", LagStatus.WARN, 20, 0.0);
        GroupLag warnFewer = group("warn-a", LagStatus.WARN, 10, 0.0);
        GroupLag okA = group("ok-a", LagStatus.OK, 0, 0.0);
        GroupLag okB = group("ok-b", LagStatus.OK, 0, 0.0);

        LagPanel panel = LagPanel.of("c", snapshot(5_000, okB, warnFewer, stoppedUnread, okA, rewound, stoppedYoung,
                warnMore, stoppedOld), new GroupLagHistory(10, 60_000));

        assertThat(panel.rows()).extracting(LagPanel.Row::group).containsExactly("rewound", "stopped-old",
                "stopped-young", "stopped-unread", "warn-b", "warn-a", "ok-a", "ok-b");
        assertThat(panel.rows().get(3).lagSeconds()).isNull();
        assertThat(panel.rows().get(0).series()).as("not sampled into the history").isNull();
    }

    @Test
    void atMostItsRowsAreShownOfAllTheGroupsItCounts() {
        List<GroupLag> groups = new ArrayList<>();
        for (int i = 0; i < LagPanel.ROWS + 5; i++) {
            groups.add(group("g-" + i, LagStatus.OK, i, 0.0));
        }
        LagPanel panel = LagPanel.of("c", snapshot(5_000, groups.toArray(GroupLag[]::new)),
                new GroupLagHistory(10, 60_000));
        assertThat(panel.rows()).hasSize(LagPanel.ROWS);
        assertThat(panel.groups()).isEqualTo(LagPanel.ROWS + 5);
        assertThat(panel.rows().get(0).group()).isEqualTo("g-" + (LagPanel.ROWS + 4));
    }
}
