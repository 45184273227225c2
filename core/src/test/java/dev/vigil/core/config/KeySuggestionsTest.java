package dev.vigil.core.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class KeySuggestionsTest {

    private static final List<String> KEYS = List.of("name", "topic", "probe.interval.ms", "window.ms",
            "window.slices", "e2e.sla.ms");

    @Test
    void aMissingLetterIsSuggested() {
        assertThat(KeySuggestions.closest("probe.intervl.ms", KEYS)).contains("probe.interval.ms");
    }

    @Test
    void swappedNeighboursCountAsOneEdit() {
        assertThat(KeySuggestions.distance("nmae", "name")).isEqualTo(1);
        assertThat(KeySuggestions.closest("nmae", KEYS)).contains("name");
    }

    @Test
    void caseAndSeparatorsAreIgnored() {
        assertThat(KeySuggestions.closest("windowSlices", KEYS)).contains("window.slices");
        assertThat(KeySuggestions.closest("E2E_SLA_MS", KEYS)).contains("e2e.sla.ms");
    }

    @Test
    void theClosestKeyWins() {
        assertThat(KeySuggestions.closest("window.m", KEYS)).contains("window.ms");
    }

    @Test
    void anUnrelatedKeyGetsNoSuggestion() {
        assertThat(KeySuggestions.closest("tags", KEYS)).isEmpty();
        assertThat(KeySuggestions.closest("security.protocol", KEYS)).isEmpty();
    }
}
