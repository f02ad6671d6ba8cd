/**
 * Cluster-wide consistency checks: a request in ZooKeeper names a cut (each region's WAL position
 * when it was made); every daemon catches up to the cut, digests each replicated table in its own
 * database and publishes the digests under the request; the verdict compares them. Requested by
 * {@code tandem check} and by a daemon whose capture found changes missing (a gap). Differing tables
 * are narrowed to rows with {@code tandem verify} and mended with {@code tandem repair}.
 */
package io.tandem.cli.check;
