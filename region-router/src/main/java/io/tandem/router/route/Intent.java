package io.tandem.router.route;

/** What the caller wants to do with the key. */
public enum Intent {
    /** A read: any healthy region may serve it, unless the caller asks for read-your-writes. */
    READ(false),
    /** A write: only the group's owner may take it, and only while its ownership state is writable. */
    WRITE(true);

    private final boolean needsOwner;

    Intent(boolean needsOwner) {
        this.needsOwner = needsOwner;
    }

    /** Whether this intent must go to the group's owner whatever the consistency asked for. */
    public boolean needsOwner() {
        return needsOwner;
    }
}
