package io.tandem.controller.ownership;

/**
 * A value read from ZooKeeper with the node version it was read at; writing it back with that
 * version is a compare-and-set.
 */
public record Versioned<T>(T value, int version) {

    public Versioned {
        if (value == null) {
            throw new IllegalArgumentException("value is required");
        }
        if (version < 0) {
            throw new IllegalArgumentException("node version " + version + " must be >= 0");
        }
    }
}
