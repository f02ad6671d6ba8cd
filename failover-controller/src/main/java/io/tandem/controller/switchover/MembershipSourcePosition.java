package io.tandem.controller.switchover;

import io.tandem.controller.membership.MembershipReader;
import io.tandem.controller.membership.RegionMember;

/**
 * {@link SourcePosition} as each region publishes it in its membership node. A region publishes its
 * WAL position together with the fence epochs it enforces, read after applying them, so once a
 * switchover has seen the owner enforce the draining epoch, this position covers every write made
 * before it.
 */
public final class MembershipSourcePosition implements SourcePosition {

    private final MembershipReader members;

    public MembershipSourcePosition(MembershipReader members) {
        this.members = members;
    }

    @Override
    public long currentPosition(String region) {
        return members.snapshot()
                .get(region)
                .map(RegionMember::sourcePosition)
                .filter(p -> p > 0)
                .orElseThrow(() -> new IllegalStateException(
                        "region " + region + " has published no WAL position (is its daemon running?)"));
    }
}
