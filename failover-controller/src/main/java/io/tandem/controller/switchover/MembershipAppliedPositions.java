package io.tandem.controller.switchover;

import io.tandem.controller.membership.Applied;
import io.tandem.controller.membership.MembershipReader;
import java.util.OptionalLong;

/** {@link AppliedPositions} as each region publishes them in its membership node. */
public final class MembershipAppliedPositions implements AppliedPositions {

    private final MembershipReader members;

    public MembershipAppliedPositions(MembershipReader members) {
        this.members = members;
    }

    @Override
    public OptionalLong appliedUpTo(String target, String source) {
        return members.snapshot()
                .get(target)
                .flatMap(m -> m.appliedFrom(source))
                .map(Applied::position)
                .map(OptionalLong::of)
                .orElse(OptionalLong.empty());
    }
}
