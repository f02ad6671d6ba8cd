package io.tandem.controller.intent;

/** What an operator asked the leader to do. */
public enum IntentKind {
    /** Planned: drain the owner, wait for the target to catch up, hand over. RPO zero. */
    SWITCHOVER,
    /** Unplanned, operator-initiated: move ownership now, accepting the reported RPO. */
    FAILOVER
}
