package io.tandem.controller.failover;

import io.tandem.controller.Names;
import java.time.Duration;
import java.util.List;

/**
 * The rules of unplanned failover.
 *
 * @param absentFor how long an owner's membership node must stay gone before its groups move; at
 *     least the ZooKeeper session timeout plus a margin (see {@code RegionParticipant} for the budget)
 * @param maxLag a candidate further behind the failed region than this is not eligible (unless forced)
 * @param holdDown a group that moved less than this long ago does not move again (no flapping)
 * @param minHealthyRegions fewer healthy members than this and nothing moves
 * @param preference regions in order of preference, for candidates that applied equally much
 */
public record FailoverPolicy(
        Duration absentFor, Duration maxLag, Duration holdDown, int minHealthyRegions, List<String> preference) {

    public FailoverPolicy {
        requirePositive("absent-for", absentFor);
        requirePositive("max-lag", maxLag);
        if (holdDown == null || holdDown.isNegative()) {
            throw new IllegalArgumentException("hold-down must be zero or positive, got " + holdDown);
        }
        if (minHealthyRegions < 1) {
            throw new IllegalArgumentException("min-healthy-regions must be >= 1, got " + minHealthyRegions);
        }
        preference = List.copyOf(preference);
        preference.forEach(r -> Names.require("preferred region", r));
    }

    /** absent-for 5 s, max-lag 1 s, hold-down 60 s, min-healthy 2, no preference. */
    public static FailoverPolicy defaults() {
        return new FailoverPolicy(Duration.ofSeconds(5), Duration.ofSeconds(1), Duration.ofSeconds(60), 2, List.of());
    }

    /** Position of {@code region} in the preference list; regions not listed come after all listed ones. */
    int rank(String region) {
        int i = preference.indexOf(region);
        return i < 0 ? preference.size() : i;
    }

    private static void requirePositive(String name, Duration d) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, got " + d);
        }
    }
}
