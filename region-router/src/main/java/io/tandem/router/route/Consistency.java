package io.tandem.router.route;

/** How fresh a read must be. */
public enum Consistency {
    /** The nearest healthy region; it may lag the owner by the replication lag. */
    EVENTUAL(false),
    /** The owner, which holds every acknowledged write of the group. */
    READ_YOUR_WRITES(true);

    private final boolean readsFromOwner;

    Consistency(boolean readsFromOwner) {
        this.readsFromOwner = readsFromOwner;
    }

    public boolean readsFromOwner() {
        return readsFromOwner;
    }
}
