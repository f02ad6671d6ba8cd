package io.tandem.controller.audit;

import java.time.Instant;

/**
 * One transition in the audit trail.
 *
 * @param at wall time of the transition, epoch milliseconds
 * @param actor participant id of the controller that made it
 * @param group the shard group concerned, or "*" for the cluster
 * @param transition what changed, e.g. "switchover CATCHING_UP -> HANDING_OVER" or "failover"
 * @param decision the decision as text ("act: move orders from us-east ...")
 * @param sequence the node's sequence number (set when read back, -1 when written)
 */
public record AuditEntry(long at, String actor, String group, String transition, String decision, long sequence) {

    public AuditEntry {
        require("actor", actor);
        require("group", group);
        require("transition", transition);
        require("decision", decision);
    }

    public static AuditEntry of(Instant at, String actor, String group, String transition, String decision) {
        return new AuditEntry(at.toEpochMilli(), actor, group, transition, decision, -1);
    }

    AuditEntry withSequence(long seq) {
        return new AuditEntry(at, actor, group, transition, decision, seq);
    }

    private static void require(String field, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("audit entry needs a " + field);
        }
    }

    @Override
    public String toString() {
        return "#" + sequence + " " + Instant.ofEpochMilli(at) + " " + actor + " " + group + " " + transition + ": "
                + decision;
    }
}
