package io.tandem.router.route;

import io.tandem.controller.Names;
import java.util.List;
import java.util.Map;

/**
 * Per client region, the regions to read from, nearest first (normally the client's own region
 * first). Written by operators from measured round-trip times.
 */
public record LatencyTable(Map<String, List<String>> nearest) {

    public LatencyTable {
        if (nearest == null || nearest.isEmpty()) {
            throw new IllegalArgumentException(
                    "latency table is empty: list, per client region, regions nearest first");
        }
        nearest.forEach((client, order) -> {
            Names.require("latency table client region", client);
            if (order == null || order.isEmpty()) {
                throw new IllegalArgumentException(
                        "latency table row " + client + " is empty: list regions nearest first");
            }
            order.forEach(r -> Names.require("latency table region of " + client, r));
        });
        nearest = Map.copyOf(nearest.entrySet().stream()
                .collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, e -> List.copyOf(e.getValue()))));
    }

    /**
     * The regions nearest first for {@code clientRegion}.
     *
     * @throws BadRequestException naming client_region when the table has no row for it
     */
    public List<String> order(String clientRegion) {
        List<String> order = nearest.get(clientRegion);
        if (order == null) {
            throw new BadRequestException(
                    "client_region",
                    "unknown region '" + clientRegion + "'; expected one of "
                            + new java.util.TreeSet<>(nearest.keySet()));
        }
        return order;
    }
}
