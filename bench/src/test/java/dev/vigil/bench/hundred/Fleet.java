package dev.vigil.bench.hundred;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The clusters one Vigil monitors in {@link HundredClusters}, and the config file that names them. Healthy
 * clusters share one sandbox, each with its own monitor topic; the blackholed ones share a second sandbox
 * whose brokers are all blackholed mid-run; the unreachable ones point from the start at a port nobody
 * listens on ({@link Role#REFUSED}) or at one that accepts nothing and answers nothing ({@link Role#SILENT}).
 * The dead come first in the config, so anything that walks the clusters in order meets them before the
 * healthy ones.
 */
record Fleet(List<Member> members) {

    enum Role { HEALTHY, BLACKHOLED, REFUSED, SILENT }

    /** One cluster of the config: its name says its role ({@code ok-001}, {@code bh-1}, {@code refused-1}, {@code silent-1}). */
    record Member(String name, Role role, String bootstrap) {

        String topic() {
            return "vigil-probe-" + name;
        }

        boolean dead() {
            return role != Role.HEALTHY;
        }
    }

    /**
     * @param unreachable how many are unreachable from the start: half (rounded up) refused, the rest silent
     */
    static Fleet of(int clusters, int unreachable, int blackholed, String healthyBootstrap, String blackholedBootstrap,
                    String refusedBootstrap, String silentBootstrap) {
        if (unreachable + blackholed >= clusters) {
            throw new IllegalArgumentException("--unreachable + --blackholed must leave at least one healthy cluster of "
                    + clusters);
        }
        List<Member> members = new ArrayList<>();
        int refused = (unreachable + 1) / 2;
        for (int i = 1; i <= refused; i++) {
            members.add(new Member("refused-" + i, Role.REFUSED, refusedBootstrap));
        }
        for (int i = 1; i <= unreachable - refused; i++) {
            members.add(new Member("silent-" + i, Role.SILENT, silentBootstrap));
        }
        for (int i = 1; i <= blackholed; i++) {
            members.add(new Member("bh-" + i, Role.BLACKHOLED, blackholedBootstrap));
        }
        for (int i = 1; i <= clusters - unreachable - blackholed; i++) {
            members.add(new Member(String.format("ok-%03d", i), Role.HEALTHY, healthyBootstrap));
        }
        return new Fleet(List.copyOf(members));
    }

    List<Member> with(Role role) {
        return members.stream().filter(m -> m.role() == role).toList();
    }

    List<Member> probing() {
        return members.stream().filter(m -> m.role() == Role.HEALTHY || m.role() == Role.BLACKHOLED).toList();
    }

    /** Vigil's JSON config: every key at its default but the names, servers, topics and the web server's port. */
    String config(int httpPort) {
        return """
                {"http.port": %d,
                 "clusters": [
                %s]}
                """.formatted(httpPort, members.stream()
                .map(m -> "  {\"name\": \"%s\", \"bootstrap.servers\": \"%s\", \"topic\": \"%s\"}"
                        .formatted(m.name(), m.bootstrap(), m.topic()))
                .collect(Collectors.joining(",\n")));
    }
}
