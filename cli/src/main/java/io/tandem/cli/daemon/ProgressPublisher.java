package io.tandem.cli.daemon;

import io.tandem.controller.RegionParticipant;
import io.tandem.controller.fence.FenceStore;
import io.tandem.controller.fence.WalPosition;
import io.tandem.controller.membership.Applied;
import io.tandem.controller.membership.Health;
import io.tandem.controller.membership.RegionMember;
import io.tandem.replicator.region.AppliedProgress;
import java.sql.SQLException;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Copies what the controller needs from the database into this region's membership node: how far
 * each peer's changes are applied, this region's WAL position, and its health. Writes only what
 * changed.
 */
final class ProgressPublisher {
    private ProgressPublisher() {}

    static void publish(RegionParticipant participant, ReplicationRunner replication, DataSource database) {
        RegionMember current = participant.member();
        Map<String, AppliedProgress> progress;
        try {
            progress = AppliedProgress.read(database);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read tandem.apply_position: " + e.getMessage(), e);
        }
        progress.forEach((source, p) -> {
            Applied next = new Applied(p.position(), p.lagMillis(), p.commitMillis());
            Optional<Applied> published = current.appliedFrom(source);
            if (published.isEmpty() || !published.get().equals(next)) {
                participant.publishApplied(source, next);
            }
        });
        WalPosition wal = new FenceStore(database).walPositionNow();
        if (wal.lsn() > current.sourcePosition()) {
            participant.publishSourcePosition(wal);
        }
        Health health = replication.problems().isEmpty() ? Health.HEALTHY : Health.DEGRADED;
        if (current.health() != health) {
            participant.publishHealth(health);
        }
    }
}
