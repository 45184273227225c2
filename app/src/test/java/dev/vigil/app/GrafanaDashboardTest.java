package dev.vigil.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shipped Grafana dashboard imports anywhere: a fixed uid (links and provisioning survive a re-import),
 * its Prometheus chosen through a datasource variable, never a datasource uid of the machine it was made on.
 * That its queries return data is {@link MetricsEndToEndTest}'s part.
 */
class GrafanaDashboardTest {

    private static final JsonNode PROMETHEUS_BY_VARIABLE =
            new ObjectMapper().createObjectNode().put("type", "prometheus").put("uid", "${datasource}");
    private static final JsonNode GRAFANA_ANNOTATIONS =
            new ObjectMapper().createObjectNode().put("type", "grafana").put("uid", "-- Grafana --");

    @Test
    void hasAStableUidAndNoInstanceId() throws Exception {
        GrafanaDashboard dashboard = GrafanaDashboard.read();
        assertThat(dashboard.json().get("uid").asText()).isEqualTo("vigil-overview");
        assertThat(dashboard.json().get("id").isNull()).as("id is the importing Grafana's, not ours").isTrue();
        assertThat(dashboard.json().get("schemaVersion").asInt()).isEqualTo(39);
    }

    @Test
    void everyQueryGoesToTheDatasourceVariable() throws Exception {
        GrafanaDashboard dashboard = GrafanaDashboard.read();
        JsonNode variable = dashboard.variable("datasource");
        assertThat(variable.get("type").asText()).isEqualTo("datasource");
        assertThat(variable.get("query").asText()).isEqualTo("prometheus");

        List<JsonNode> datasources = dashboard.datasources();
        assertThat(datasources).hasSize(64); // the built-in annotations, 20 panels, their 42 targets, the cluster variable
        assertThat(datasources).allSatisfy(ds -> assertThat(ds).isIn(PROMETHEUS_BY_VARIABLE, GRAFANA_ANNOTATIONS));
        assertThat(datasources).filteredOn(GRAFANA_ANNOTATIONS::equals).hasSize(1);
        assertThat(dashboard.variable("cluster").get("datasource")).isEqualTo(PROMETHEUS_BY_VARIABLE);
    }

    @Test
    void panelsHaveUniqueIdsAndEveryQueryOnlyKnownVariables() throws Exception {
        GrafanaDashboard dashboard = GrafanaDashboard.read();
        Set<Integer> ids = new HashSet<>();
        dashboard.json().get("panels").forEach(panel -> assertThat(ids.add(panel.get("id").asInt())).as("panel id %s", panel.get("id")).isTrue());
        assertThat(ids).hasSize(26);

        List<GrafanaDashboard.Query> queries = dashboard.queries();
        assertThat(queries).hasSize(42);
        Map<String, String> variables = Map.of("cluster", "sb", "__rate_interval", "1m", "__range", "1h");
        assertThat(queries).allSatisfy(query -> assertThat(query.filledIn(variables)).as(query.panel()).doesNotContain("$"));
    }
}
