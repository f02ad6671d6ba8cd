package io.tandem.replicator.reconcile;

/** Row count and checksum of one key range in one region. */
record RangeDigest(long rows, String checksum) {}
