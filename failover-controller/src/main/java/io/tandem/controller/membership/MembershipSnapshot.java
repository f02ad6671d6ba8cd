package io.tandem.controller.membership;

import java.util.Map;
import java.util.Optional;

/** The regions whose membership nodes existed at one read, by region name. */
public record MembershipSnapshot(Map<String, RegionMember> members) {

    public MembershipSnapshot {
        members = Map.copyOf(members);
    }

    public Optional<RegionMember> get(String region) {
        return Optional.ofNullable(members.get(region));
    }

    public boolean contains(String region) {
        return members.containsKey(region);
    }

    /** Members whose health allows ownership. */
    public long healthyCount() {
        return members.values().stream().filter(m -> m.health().canOwn()).count();
    }
}
