package io.tandem.cli.operate;

import io.tandem.controller.audit.AuditEntry;
import io.tandem.controller.ownership.Ownership;
import java.util.List;

/**
 * What an operator's switchover or failover did, for text or JSON output.
 *
 * @param outcome DONE, ROLLED_BACK, REJECTED, REFUSED, DRY_RUN, ABORTED or TIMED_OUT
 * @param writePauseMillis the write pause the controller reported, or -1 when none was reported
 */
record MoveResult(
        String kind,
        String group,
        String target,
        String outcome,
        String reason,
        long writePauseMillis,
        Ownership before,
        Ownership after,
        List<AuditEntry> transitions) {}
