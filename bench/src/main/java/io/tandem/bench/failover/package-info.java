/**
 * {@code bench/run failover}: repeated unplanned failovers and planned switchovers on real ZooKeeper
 * and PostgreSQL in this process, under a steady writer in every region.
 */
package io.tandem.bench.failover;
