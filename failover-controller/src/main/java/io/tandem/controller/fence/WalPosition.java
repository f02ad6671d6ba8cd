package io.tandem.controller.fence;

/**
 * A database's WAL insert position and when it was read, both from the database itself.
 *
 * @param lsn the position as a number (the LSN Debezium and the applier use)
 * @param atMillis the database's clock when the position was read, in epoch milliseconds: the same clock
 *     that stamps the commit times peers record when they apply this region's changes
 */
public record WalPosition(long lsn, long atMillis) {}
