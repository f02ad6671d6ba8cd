package io.tandem.controller.switchover;

import io.tandem.controller.ownership.Ownership;
import io.tandem.controller.ownership.OwnershipState;
import java.util.Optional;

/**
 * What a switchover transition writes to the group's ownership node, if anything: each writing
 * transition raises the epoch by one. {@link SwitchoverTransition} names one per transition, so the
 * same list says both which moves are legal and what each leaves in ZooKeeper — which is also how a
 * new leader recognises a write its predecessor made but did not get to record.
 */
public enum OwnershipWrite {
    /** The transition changes no ownership. */
    NOTHING(null),
    /** The old owner keeps the group but stops taking writes: (from, DRAINING). */
    FROM_DRAINING(OwnershipState.DRAINING),
    /** The old owner takes writes again: (from, ACTIVE). */
    FROM_ACTIVE(OwnershipState.ACTIVE),
    /** The target owns the group: (to, ACTIVE). */
    TO_ACTIVE(OwnershipState.ACTIVE);

    private final OwnershipState state;

    OwnershipWrite(OwnershipState state) {
        this.state = state;
    }

    /** The record this write puts after {@code current} for switchover {@code s}; empty for {@link #NOTHING}. */
    public Optional<Ownership> after(Switchover s, Ownership current) {
        return switch (this) {
            case NOTHING -> Optional.empty();
            case FROM_DRAINING, FROM_ACTIVE -> Optional.of(current.next(s.from(), state));
            case TO_ACTIVE -> Optional.of(current.next(s.to(), state));
        };
    }

    /**
     * Whether {@code found} is what this write leaves when applied at {@code s}'s expected epoch: the
     * right owner and state, exactly one epoch higher.
     */
    public boolean wrote(Switchover s, Ownership found) {
        if (this == NOTHING || found.epoch() != s.expectedEpoch() + 1 || found.state() != state) {
            return false;
        }
        return found.owner().equals(this == TO_ACTIVE ? s.to() : s.from());
    }
}
