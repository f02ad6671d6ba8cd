/**
 * Real PostgreSQL, Kafka (KRaft) and ZooKeeper servers started from Java on loopback, for
 * integration tests and the demo. Never mocks.
 *
 * <p>Every server is an {@link io.tandem.embedded.EmbeddedServer}: it moves through {@link
 * io.tandem.embedded.ServerState} by compare-and-set, can be stopped and started again on the
 * same directory and ports, and deletes the directories it created when closed.
 */
package io.tandem.embedded;
