package io.tandem.router.route;

import io.tandem.controller.Names;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * What the router knows from config: owned tables (shard count, groups), further groups clients
 * may address directly, and the latency table.
 */
public record RoutingConfig(List<TableSpec> tables, List<String> groups, LatencyTable latency) {

    public RoutingConfig {
        tables = tables == null ? List.of() : List.copyOf(tables);
        groups = groups == null ? List.of() : List.copyOf(groups);
        groups.forEach(g -> Names.require("group", g));
        if (latency == null) {
            throw new IllegalArgumentException("routing config needs a latency table");
        }
        Set<String> seen = new java.util.HashSet<>();
        for (TableSpec t : tables) {
            if (!seen.add(t.name())) {
                throw new IllegalArgumentException("table " + t.name() + " is listed twice");
            }
        }
    }

    /** Tables by name. */
    public Map<String, TableSpec> tablesByName() {
        Map<String, TableSpec> m = new HashMap<>();
        tables.forEach(t -> m.put(t.name(), t));
        return Map.copyOf(m);
    }

    /** Every group named in config, directly or by a table. */
    public Set<String> knownGroups() {
        Set<String> all = new TreeSet<>(groups);
        tables.forEach(t -> all.addAll(t.groups()));
        return Set.copyOf(all);
    }
}
