/**
 * The region router: tells application clients which region to send a read or a write for a key.
 * {@code route} decides (pure), {@code map} keeps the ZooKeeper-fed snapshot, {@code grpc} and
 * {@code http} serve it, {@code limit} rate-limits callers, {@code client} is the Java client.
 */
package io.tandem.router;
