package io.tandem.controller;

import io.tandem.controller.membership.MembershipSnapshot;
import io.tandem.controller.ownership.Ownership;
import io.tandem.controller.ownership.OwnershipSnapshot;
import io.tandem.controller.ownership.Versioned;
import java.util.Optional;

/** What the leader reads at the start of a tick: who is present, and who owns what. */
public record ClusterSnapshot(MembershipSnapshot members, OwnershipSnapshot ownership) {

    public ClusterSnapshot {
        if (members == null || ownership == null) {
            throw new IllegalArgumentException("a cluster snapshot needs both membership and ownership");
        }
    }

    public Optional<Versioned<Ownership>> ownership(String group) {
        return ownership.get(group);
    }
}
