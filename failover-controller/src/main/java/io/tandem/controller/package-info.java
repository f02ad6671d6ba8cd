/**
 * Write ownership of shard groups across regions. Sub-packages, one per idea: {@code membership}
 * (who is alive, what it has applied), {@code leader} (which daemon may change ownership),
 * {@code ownership} (the owner and epoch of each shard group, written by compare-and-set),
 * {@code intent} (operator requests the leader carries out), {@code audit} (the append-only
 * trail), {@code switchover} (planned moves), {@code failover} (unplanned moves),
 * {@code fence} (the PostgreSQL side of ownership) and {@code decision} (the values every tick
 * returns). See the module README for the ZooKeeper layout.
 */
package io.tandem.controller;
