package io.tandem.controller.ownership;

/** The state of a shard group's ownership; it decides whether the owner may take local writes. */
public enum OwnershipState {
    /** The owner accepts local writes. */
    ACTIVE(true),
    /** The owner refuses local writes while a switchover drains and hands over the group. */
    DRAINING(false);

    private final boolean writable;

    OwnershipState(boolean writable) {
        this.writable = writable;
    }

    /** Whether the owner region may accept local (non-replicated) writes for the group. */
    public boolean writable() {
        return writable;
    }
}
