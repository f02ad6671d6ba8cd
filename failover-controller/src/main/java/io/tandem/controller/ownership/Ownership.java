package io.tandem.controller.ownership;

import io.tandem.controller.Names;

/**
 * Who may write a shard group, at which epoch. Every change produces a new record with a strictly
 * higher epoch ({@link #next}); {@link OwnershipStore} writes it by compare-and-set, so two owners
 * can never share an epoch and a group never loses its owner (the owner is required).
 */
public record Ownership(String group, String owner, long epoch, OwnershipState state) {

    public Ownership {
        Names.require("group", group);
        Names.require("owner region", owner);
        if (epoch < 1) {
            throw new IllegalArgumentException("epoch " + epoch + " of group " + group + " must be >= 1");
        }
        if (state == null) {
            throw new IllegalArgumentException("state of group " + group + " is required");
        }
    }

    /** The first ownership of a group: epoch 1, ACTIVE. */
    public static Ownership initial(String group, String owner) {
        return new Ownership(group, owner, 1, OwnershipState.ACTIVE);
    }

    /** The successor record: the given owner and state at epoch + 1. */
    public Ownership next(String newOwner, OwnershipState newState) {
        return new Ownership(group, newOwner, epoch + 1, newState);
    }

    /** Whether {@code region} may take local writes for this group: it owns it and the state allows writes. */
    public boolean writableBy(String region) {
        return owner.equals(region) && state.writable();
    }

    @Override
    public String toString() {
        return group + " owned by " + owner + " at epoch " + epoch + " (" + state + ")";
    }
}
