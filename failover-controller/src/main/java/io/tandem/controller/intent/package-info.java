/** Operator intents (switchover, failover) stored in ZooKeeper for the leader to carry out. */
package io.tandem.controller.intent;
