package io.tandem.router.route;

import java.util.List;

/** A region and the endpoints clients reach it at. */
public record Target(String region, List<String> endpoints) {

    public Target {
        if (region == null || region.isBlank()) {
            throw new IllegalArgumentException("target region is required");
        }
        endpoints = endpoints == null ? List.of() : List.copyOf(endpoints);
    }
}
