package io.tandem.controller.fence;

import io.tandem.controller.Names;
import io.tandem.controller.ownership.Ownership;
import io.tandem.controller.ownership.OwnershipState;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import javax.sql.DataSource;

/**
 * Keeps the region database's ownership rows in step with ZooKeeper. Epoch-monotonic: an update
 * with an epoch lower than or equal to the stored one changes nothing, so replays and reordered
 * updates are harmless. Thread-safe (each call uses its own connection and transaction).
 */
public final class FenceStore {

    /**
     * Longest a self-fence statement may run; part of the timing budget in {@code RegionParticipant}.
     * Connecting is not covered: give the DataSource a connect timeout (e.g. PgJDBC {@code
     * connectTimeout}) or a pool, so a fence never waits on a slow connection set-up.
     */
    public static final Duration FENCE_STATEMENT_TIMEOUT = Duration.ofMillis(300);

    private final DataSource dataSource;

    public FenceStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * Stores {@code ownership} if its epoch is higher than the stored one.
     *
     * @return true if the row changed, false if the database already had this epoch or a later one
     */
    public boolean apply(Ownership ownership) {
        return Sql.inTransaction(dataSource, "applying " + ownership, c -> {
            try (PreparedStatement p = c.prepareStatement(
                    "INSERT INTO tandem.group_ownership (group_name, owner_region, epoch, state, updated_at)"
                            + " VALUES (?, ?, ?, ?, now()) ON CONFLICT (group_name) DO UPDATE SET"
                            + " owner_region = EXCLUDED.owner_region, epoch = EXCLUDED.epoch,"
                            + " state = EXCLUDED.state, updated_at = now()"
                            + " WHERE tandem.group_ownership.epoch < EXCLUDED.epoch")) {
                p.setString(1, ownership.group());
                p.setString(2, ownership.owner());
                p.setLong(3, ownership.epoch());
                p.setString(4, ownership.state().name());
                return p.executeUpdate() == 1;
            }
        });
    }

    /** The ownership rows as stored, by group. */
    public Map<String, Ownership> read() {
        return Sql.inTransaction(dataSource, "reading tandem.group_ownership", c -> {
            Map<String, Ownership> out = new HashMap<>();
            try (Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery(
                            "SELECT group_name, owner_region, epoch, state FROM tandem.group_ownership")) {
                while (rs.next()) {
                    out.put(
                            rs.getString(1),
                            new Ownership(
                                    rs.getString(1),
                                    rs.getString(2),
                                    rs.getLong(3),
                                    OwnershipState.valueOf(rs.getString(4))));
                }
            }
            return out;
        });
    }

    /**
     * Marks every group not writable locally (the region's {@code fenced} flag), within
     * {@link #FENCE_STATEMENT_TIMEOUT}. Used when the ZooKeeper session is SUSPENDED: this region
     * may be about to lose ownership without hearing about it. Idempotent: a region already fenced keeps
     * the reason and time of its first fence.
     */
    public void fenceAll(String reason) {
        Sql.inTransaction(dataSource, "fencing all local writes", c -> {
            try (Statement s = c.createStatement()) {
                s.execute("SET LOCAL statement_timeout = " + FENCE_STATEMENT_TIMEOUT.toMillis());
                s.execute("SET LOCAL lock_timeout = " + FENCE_STATEMENT_TIMEOUT.toMillis());
            }
            try (PreparedStatement p = c.prepareStatement(
                    // an existing fence keeps its first reason and time: "fenced since"
                    "UPDATE tandem.local_region SET fence_reason = CASE WHEN fenced THEN fence_reason ELSE ? END,"
                            + " fenced_at = CASE WHEN fenced THEN fenced_at ELSE now() END, fenced = true")) {
                p.setString(1, reason);
                if (p.executeUpdate() != 1) {
                    throw new FenceException("tandem.local_region has no row: run FenceSchema.bootstrap first", null);
                }
            }
            return null;
        });
    }

    /**
     * The database's own clock, read first when renewing the lease: anchoring the lease at a time
     * taken before the ZooKeeper check means a pause anywhere in the renewal cannot stretch it.
     */
    public Instant databaseNow() {
        return Sql.inTransaction(dataSource, "reading the database clock", c -> {
            try (Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("SELECT clock_timestamp()")) {
                rs.next();
                return rs.getObject(1, java.time.OffsetDateTime.class).toInstant();
            }
        });
    }

    /**
     * Extends the local write lease to {@code anchor + lease}, where {@code anchor} was read with
     * {@link #databaseNow()} before the caller confirmed its ZooKeeper session. Does nothing when that
     * time has already passed (the renewal came too late to be trusted) and never shortens a lease.
     *
     * @return whether the lease now runs until {@code anchor + lease}
     */
    public boolean renewLease(Instant anchor, Duration lease) {
        return Sql.inTransaction(dataSource, "renewing the write lease", c -> {
            try (Statement s = c.createStatement()) {
                s.execute("SET LOCAL statement_timeout = " + FENCE_STATEMENT_TIMEOUT.toMillis());
                s.execute("SET LOCAL lock_timeout = " + FENCE_STATEMENT_TIMEOUT.toMillis());
            }
            java.time.OffsetDateTime until = anchor.plus(lease).atOffset(java.time.ZoneOffset.UTC);
            try (PreparedStatement p = c.prepareStatement("UPDATE tandem.local_region SET lease_until = ?"
                    + " WHERE clock_timestamp() < ? AND (lease_until IS NULL OR lease_until < ?)")) {
                p.setObject(1, until);
                p.setObject(2, until);
                p.setObject(3, until);
                return p.executeUpdate() == 1;
            }
        });
    }

    /** When the local write lease ends, or empty when no lease was ever taken. */
    public java.util.Optional<Instant> leaseUntil() {
        return Sql.inTransaction(dataSource, "reading the write lease", c -> {
            try (Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("SELECT lease_until FROM tandem.local_region")) {
                if (!rs.next()) {
                    return java.util.Optional.<Instant>empty();
                }
                var until = rs.getObject(1, java.time.OffsetDateTime.class);
                return java.util.Optional.ofNullable(until).map(java.time.OffsetDateTime::toInstant);
            }
        });
    }

    /** Lifts the region-wide fence; call only after the ownership rows were resynchronised from ZooKeeper. */
    public void liftFence() {
        Sql.inTransaction(dataSource, "lifting the region fence", c -> {
            try (Statement s = c.createStatement()) {
                s.executeUpdate("UPDATE tandem.local_region SET fenced = false, fence_reason = NULL, fenced_at = NULL");
            }
            return null;
        });
    }

    public boolean isFenced() {
        return Sql.inTransaction(dataSource, "reading tandem.local_region", c -> {
            try (Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("SELECT fenced FROM tandem.local_region")) {
                return rs.next() && rs.getBoolean(1);
            }
        });
    }

    /**
     * The database's current WAL insert position as a number (the LSN Debezium and the applier use).
     * Read after a fence was applied, it is at or beyond the commit of every write the fence let
     * through: the fence trigger holds a share lock on the group's row, so the fence's update waited
     * for those writers.
     */
    public long walPosition() {
        return walPositionNow().lsn();
    }

    /** {@link #walPosition()} with the database's clock at the moment it was read. */
    public WalPosition walPositionNow() {
        return Sql.inTransaction(dataSource, "reading the WAL position", c -> {
            try (Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("SELECT (pg_current_wal_lsn() - '0/0'::pg_lsn)::bigint,"
                            + " (extract(epoch FROM clock_timestamp()) * 1000)::bigint")) {
                rs.next();
                return new WalPosition(rs.getLong(1), rs.getLong(2));
            }
        });
    }

    /** The region recorded by {@link FenceSchema#bootstrap}. */
    public String localRegion() {
        return Sql.inTransaction(dataSource, "reading tandem.local_region", c -> {
            try (Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("SELECT region FROM tandem.local_region")) {
                if (!rs.next()) {
                    throw new FenceException("tandem.local_region has no row: run FenceSchema.bootstrap first", null);
                }
                return Names.require("local region", rs.getString(1));
            }
        });
    }
}
