package io.tandem.controller.failover;

import io.tandem.controller.membership.MembershipSnapshot;
import io.tandem.controller.membership.RegionMember;
import io.tandem.controller.ownership.Ownership;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * What the deciders see for one group at one tick.
 *
 * @param ownership the group's current ownership
 * @param members the members present now
 * @param ownerLastSeen the owner's membership payload as last seen (for the RPO report), if ever seen
 * @param ownerMissingSince monotonic time the owner's node was first seen missing, if it is missing
 * @param lastMovedAt monotonic time the leader last moved this group, if it did
 * @param now monotonic time of the tick
 */
public record GroupView(
        Ownership ownership,
        MembershipSnapshot members,
        Optional<RegionMember> ownerLastSeen,
        OptionalLong ownerMissingSince,
        OptionalLong lastMovedAt,
        long now) {

    public String group() {
        return ownership.group();
    }

    public String owner() {
        return ownership.owner();
    }
}
