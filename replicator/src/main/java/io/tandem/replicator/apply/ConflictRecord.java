package io.tandem.replicator.apply;

import java.util.Objects;

/**
 * A conflict the resolver decided, to be stored in {@code tandem.conflict_log}.
 *
 * @param policy the policy that decided it (e.g. {@code lww}, {@code delete-wins})
 * @param winner which side won: {@code local}, {@code incoming} or {@code merged}
 */
public record ConflictRecord(String policy, String winner) {
    public ConflictRecord {
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(winner, "winner");
    }
}
