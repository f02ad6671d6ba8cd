package io.tandem.replicator.apply;

import java.util.Objects;
import java.util.Optional;

/**
 * The resolver's answer for one incoming event.
 *
 * @param outcome skip, apply or merge
 * @param result the key's version after this event: the version to write when {@link
 *     ResolutionOutcome#writes()}, else the unchanged current version (may be {@code null} when the
 *     key has none and the event was skipped)
 * @param conflict the conflict to log, when the versions were concurrent
 */
public record Resolution(ResolutionOutcome outcome, StoredVersion result, Optional<ConflictRecord> conflict) {
    public Resolution {
        Objects.requireNonNull(outcome, "outcome");
        conflict = conflict == null ? Optional.empty() : conflict;
        if (outcome.writes() && result == null) {
            throw new IllegalArgumentException(outcome + " resolution needs a resulting version");
        }
    }
}
