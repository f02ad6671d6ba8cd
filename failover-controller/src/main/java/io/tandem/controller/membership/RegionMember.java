package io.tandem.controller.membership;

import io.tandem.controller.Names;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The payload of a region's ephemeral membership node.
 *
 * @param region the region's name
 * @param endpoints where clients reach the region (router, database), as URIs
 * @param sourcePosition the region's own current WAL position, as last published
 * @param sourcePositionAtMillis when {@code sourcePosition} was read, on the region's database clock (epoch
 *     milliseconds; 0 when not known): failover measures how far a candidate is behind against it
 * @param applied per source region, how far this region has applied that region's changes
 * @param health the region's own view of its health
 * @param fencedEpochs per group, the ownership epoch this region's database enforces
 * @param selfFenced whether the region has fenced all local writes (lost ZooKeeper session)
 */
public record RegionMember(
        String region,
        List<String> endpoints,
        long sourcePosition,
        long sourcePositionAtMillis,
        Map<String, Applied> applied,
        Health health,
        Map<String, Long> fencedEpochs,
        boolean selfFenced) {

    public RegionMember {
        Names.require("region", region);
        endpoints = endpoints == null ? List.of() : List.copyOf(endpoints);
        applied = applied == null ? Map.of() : Map.copyOf(applied);
        fencedEpochs = fencedEpochs == null ? Map.of() : Map.copyOf(fencedEpochs);
        if (health == null) {
            throw new IllegalArgumentException("health of region " + region + " is required");
        }
        if (applied.containsKey(region)) {
            throw new IllegalArgumentException("region " + region + " lists itself as a source it applies");
        }
    }

    public static RegionMember healthy(String region, List<String> endpoints) {
        return new RegionMember(region, endpoints, 0, 0, Map.of(), Health.HEALTHY, Map.of(), false);
    }

    public Optional<Applied> appliedFrom(String source) {
        return Optional.ofNullable(applied.get(source));
    }

    /** The epoch this region's database enforces for {@code group}, 0 if none yet. */
    public long fencedEpoch(String group) {
        return fencedEpochs.getOrDefault(group, 0L);
    }

    public RegionMember withApplied(String source, Applied value) {
        Map<String, Applied> copy = new java.util.HashMap<>(applied);
        copy.put(source, value);
        return new RegionMember(
                region, endpoints, sourcePosition, sourcePositionAtMillis, copy, health, fencedEpochs, selfFenced);
    }

    public RegionMember withSourcePosition(long position, long atMillis) {
        return new RegionMember(region, endpoints, position, atMillis, applied, health, fencedEpochs, selfFenced);
    }

    public RegionMember withHealth(Health value) {
        return new RegionMember(
                region, endpoints, sourcePosition, sourcePositionAtMillis, applied, value, fencedEpochs, selfFenced);
    }

    public RegionMember withFencing(Map<String, Long> epochs, boolean fenced) {
        return new RegionMember(
                region, endpoints, sourcePosition, sourcePositionAtMillis, applied, health, epochs, fenced);
    }
}
