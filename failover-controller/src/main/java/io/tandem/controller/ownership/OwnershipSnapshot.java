package io.tandem.controller.ownership;

import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** Every group's ownership as read at one moment, each with its node version. */
public record OwnershipSnapshot(Map<String, Versioned<Ownership>> groups) {

    public OwnershipSnapshot {
        groups = Map.copyOf(groups);
    }

    public Optional<Versioned<Ownership>> get(String group) {
        return Optional.ofNullable(groups.get(group));
    }

    /** The groups in name order. */
    public Map<String, Versioned<Ownership>> sorted() {
        return new TreeMap<>(groups);
    }
}
