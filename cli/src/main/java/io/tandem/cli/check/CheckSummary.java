package io.tandem.cli.check;

import java.time.Instant;
import java.util.List;

/**
 * A consistency check and its verdict so far, as the status page and {@code tandem status} show it.
 *
 * @param id the check's id in ZooKeeper
 * @param requestedAt when it was requested
 * @param reason why, as the requester gave it
 * @param state PENDING, CONSISTENT or DIFFERS
 * @param waitingFor regions that have not answered yet
 * @param differingTables tables whose digests differ between regions
 * @param problems what regions reported as making their answers less than exact
 */
public record CheckSummary(
        String id,
        Instant requestedAt,
        String reason,
        String state,
        List<String> waitingFor,
        List<String> differingTables,
        List<String> problems) {
    public CheckSummary {
        waitingFor = List.copyOf(waitingFor);
        differingTables = List.copyOf(differingTables);
        problems = List.copyOf(problems);
    }

    /** The summary of a stored request and its verdict. */
    static CheckSummary of(String id, ConsistencyCheck check, CheckVerdict verdict) {
        return new CheckSummary(
                id,
                Instant.ofEpochMilli(check.requestedAtMillis()),
                check.reason(),
                verdict.state().name(),
                verdict.waitingFor(),
                List.copyOf(verdict.differing().keySet()),
                verdict.problems());
    }
}
