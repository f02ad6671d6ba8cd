package io.tandem.resolver;

import io.tandem.resolver.row.RowVersion;
import java.util.Optional;

/**
 * The result of resolving an incoming version against the local one.
 *
 * @param outcome skip, apply or merge
 * @param row the row to hold afterwards (the local one when skipped)
 * @param conflict present exactly when {@code outcome} is {@link Outcome#MERGE}
 */
public record Resolution(Outcome outcome, RowVersion row, Optional<ConflictRecord> conflict) {

    public Resolution {
        if (outcome == null || row == null || conflict == null) {
            throw new IllegalArgumentException("a resolution needs an outcome, a row and an optional conflict");
        }
        if (outcome.isConflict() != conflict.isPresent()) {
            throw new IllegalArgumentException(
                    "outcome " + outcome + " must " + (outcome.isConflict() ? "" : "not ") + "carry a conflict record");
        }
    }
}
