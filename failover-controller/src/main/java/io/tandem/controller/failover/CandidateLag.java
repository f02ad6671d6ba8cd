package io.tandem.controller.failover;

import io.tandem.controller.membership.Applied;
import io.tandem.controller.membership.RegionMember;
import java.util.Optional;

/**
 * How far a failover candidate is behind the failed owner, the figure the {@code max-lag} rule judges:
 * the owner's commits the candidate has not applied, in milliseconds of the owner's time, as of the
 * owner's last published WAL position. It is not the replication delay of the candidate's last batch:
 * that figure stays frozen at its last value once the owner stops sending, so a candidate that was
 * slow under load but has since applied everything would be refused for ever.
 *
 * @param millis how far behind, in milliseconds
 * @param basis how it was measured, for the decision's reason
 */
record CandidateLag(long millis, String basis) {

    static CandidateLag of(Applied applied, Optional<RegionMember> ownerLastSeen) {
        long ownerPosition = ownerLastSeen.map(RegionMember::sourcePosition).orElse(0L);
        long ownerAt = ownerLastSeen.map(RegionMember::sourcePositionAtMillis).orElse(0L);
        if (ownerPosition > 0 && applied.position() >= ownerPosition) {
            return new CandidateLag(0, "applied up to the owner's last published WAL position");
        }
        if (ownerAt > 0 && applied.commitMillis() > 0) {
            return new CandidateLag(
                    Math.max(0, ownerAt - applied.commitMillis()),
                    "its last applied commit of the owner's is that much older than the owner's last published"
                            + " WAL position");
        }
        return new CandidateLag(applied.lagMillis(), "replication delay of its last applied batch");
    }
}
