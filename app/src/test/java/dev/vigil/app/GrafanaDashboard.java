package dev.vigil.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** config/grafana/vigil-dashboard.json as the tests read it: the JSON tree and its panels' PromQL queries. */
record GrafanaDashboard(JsonNode json) {

    static final Path FILE = Path.of("..", "config", "grafana", "vigil-dashboard.json");

    /** One target of one panel. */
    record Query(String panel, String refId, String expr) {

        /**
         * The expression as Grafana sends it: each {@code $name} replaced by its value in {@code variables}
         * (longest names first, so that {@code $__range} is not taken for {@code $__r...}).
         */
        String filledIn(Map<String, String> variables) {
            String filled = expr;
            for (String name : variables.keySet().stream().sorted((a, b) -> b.length() - a.length()).toList()) {
                filled = filled.replace("$" + name, variables.get(name));
            }
            return filled;
        }
    }

    static GrafanaDashboard read() throws IOException {
        return new GrafanaDashboard(new ObjectMapper().readTree(FILE.toFile()));
    }

    /** Every query of every panel, those inside collapsed rows too. */
    List<Query> queries() {
        List<Query> queries = new ArrayList<>();
        addQueries(json.get("panels"), queries);
        return queries;
    }

    private static void addQueries(JsonNode panels, List<Query> queries) {
        for (JsonNode panel : panels) {
            for (JsonNode target : panel.path("targets")) {
                queries.add(new Query(panel.get("title").asText(), target.get("refId").asText(), target.get("expr").asText()));
            }
            if (panel.has("panels")) {
                addQueries(panel.get("panels"), queries);
            }
        }
    }

    /** Every {@code datasource} object anywhere in the dashboard. */
    List<JsonNode> datasources() {
        List<JsonNode> found = new ArrayList<>();
        json.findParents("datasource").forEach(parent -> found.add(parent.get("datasource")));
        return found;
    }

    /** The templating variable {@code name}. */
    JsonNode variable(String name) {
        for (JsonNode variable : json.path("templating").path("list")) {
            if (variable.path("name").asText().equals(name)) {
                return variable;
            }
        }
        throw new AssertionError("no templating variable " + name + " in " + FILE);
    }
}
