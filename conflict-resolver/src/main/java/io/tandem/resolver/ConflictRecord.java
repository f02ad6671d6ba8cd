package io.tandem.resolver;

import io.tandem.resolver.row.RowVersion;
import java.time.Instant;

/**
 * One resolved conflict, for the conflict log table: both versions as they met, the policy, the result
 * and a sentence saying who won and why.
 *
 * @param local the local version before resolution
 * @param incoming the incoming version
 * @param policy the policy's name, e.g. {@code last-writer-wins/delete-wins}
 * @param result the resolved row
 * @param description e.g. "winner us-east@1764070560000.0 (last-writer-wins) over [eu-west@...]; row kept"
 * @param resolvedAt when this region resolved it (passed in by the caller)
 */
public record ConflictRecord(
        RowVersion local,
        RowVersion incoming,
        String policy,
        RowVersion result,
        String description,
        Instant resolvedAt) {

    public ConflictRecord {
        if (local == null
                || incoming == null
                || policy == null
                || result == null
                || description == null
                || resolvedAt == null) {
            throw new IllegalArgumentException("a conflict record needs both versions, the policy, the result,"
                    + " a description and the resolution time");
        }
    }
}
