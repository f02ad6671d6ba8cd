package io.tandem.controller.fence;

import io.tandem.controller.Names;
import io.tandem.controller.ownership.Ownership;
import io.tandem.controller.ownership.OwnershipState;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import javax.sql.DataSource;

/**
 * Keeps the region database's ownership rows in step with ZooKeeper. Epoch-monotonic: an update
 * with an epoch lower than or equal to the stored one changes nothing, so replays and reordered
 * updates are harmless. Thread-safe (each call uses its own connection and transaction).
 */
public final class FenceStore {

    /** Longest a self-fence statement may run; part of the timing budget in {@code RegionParticipant}. */
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
     * may be about to lose ownership without hearing about it. Idempotent.
     */
    public void fenceAll(String reason) {
        Sql.inTransaction(dataSource, "fencing all local writes", c -> {
            try (Statement s = c.createStatement()) {
                s.execute("SET LOCAL statement_timeout = " + FENCE_STATEMENT_TIMEOUT.toMillis());
                s.execute("SET LOCAL lock_timeout = " + FENCE_STATEMENT_TIMEOUT.toMillis());
            }
            try (PreparedStatement p = c.prepareStatement(
                    "UPDATE tandem.local_region SET fenced = true, fence_reason = ?, fenced_at = now()")) {
                p.setString(1, reason);
                if (p.executeUpdate() != 1) {
                    throw new FenceException("tandem.local_region has no row: run FenceSchema.bootstrap first", null);
                }
            }
            return null;
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
