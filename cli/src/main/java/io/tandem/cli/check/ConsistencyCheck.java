package io.tandem.cli.check;

import io.tandem.controller.membership.MembershipSnapshot;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A request for a cluster-wide consistency check, stored at {@code /tandem/<cluster>/checks/<id>}.
 *
 * @param reason why it was requested (an operator's note, or the gap a daemon found)
 * @param requestedBy who asked: {@code operator} or {@code daemon <region>}
 * @param requestedAtMillis when, in epoch milliseconds
 * @param cut each region's own WAL position when the check was requested, as it had last published it: a region
 *     digests its tables only after applying every peer's changes up to that peer's position here
 */
public record ConsistencyCheck(String reason, String requestedBy, long requestedAtMillis, Map<String, Long> cut) {

    public ConsistencyCheck {
        if (reason == null || reason.isBlank()) {
            throw new IllegalArgumentException("a consistency check needs a reason");
        }
        cut = cut == null ? Map.of() : Map.copyOf(cut);
    }

    /** A request whose cut is every present region's WAL position as published in {@code members}. */
    public static ConsistencyCheck at(String reason, String requestedBy, long nowMillis, MembershipSnapshot members) {
        Map<String, Long> cut = new LinkedHashMap<>();
        members.members().forEach((region, m) -> cut.put(region, m.sourcePosition()));
        return new ConsistencyCheck(reason, requestedBy, nowMillis, cut);
    }
}
