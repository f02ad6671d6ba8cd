package io.tandem.controller.support;

import io.tandem.controller.RegionParticipant;
import io.tandem.controller.ZkPaths;
import io.tandem.controller.fence.FenceSchema;
import io.tandem.controller.fence.FenceStore;
import io.tandem.controller.membership.RegionMember;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.apache.curator.framework.CuratorFramework;

/**
 * One region for integration tests: its own real PostgreSQL with an owned {@code orders} table (4
 * shards, all in group {@code orders}) and a {@link RegionParticipant} on its own Curator client.
 */
public final class Region implements AutoCloseable {

    private static final AtomicLong IDS = new AtomicLong();

    public final String name;
    public final Pg pg;
    public final FenceStore fence;
    private CuratorFramework client;
    private RegionParticipant participant;

    public Region(String name) {
        this.name = name;
        this.pg = Pg.start();
        FenceSchema schema = new FenceSchema(pg.dataSource());
        schema.bootstrap(name);
        pg.exec("CREATE TABLE orders (id bigint PRIMARY KEY, customer text NOT NULL)");
        schema.fenceTable("orders", "customer", 4);
        schema.mapShards("orders", shard -> "orders");
        this.fence = new FenceStore(pg.dataSource());
    }

    /** Forgets ownership rows from an earlier test (epochs only rise, and each test starts a new cluster). */
    public void resetOwnership() {
        pg.exec("DELETE FROM tandem.group_ownership", "UPDATE tandem.local_region SET fenced = false");
    }

    public RegionParticipant join(Zk zk, ZkPaths paths) {
        return join(zk.client(), paths);
    }

    /** Joins through {@code client}, which this region then owns and closes in {@link #leave()}. */
    public RegionParticipant join(CuratorFramework client, ZkPaths paths) {
        this.client = client;
        participant = new RegionParticipant(
                client,
                paths,
                RegionMember.healthy(name, List.of("postgres://" + name)),
                fence,
                Clock.systemUTC(),
                System::nanoTime);
        participant.start();
        return participant;
    }

    public CuratorFramework client() {
        return client;
    }

    public RegionParticipant participant() {
        return participant;
    }

    /** Inserts one local (non-replicated) order; returns the SQLException if the database refused it. */
    public Optional<SQLException> tryWrite() {
        return tryWrite(nextId());
    }

    /** A new order id, unique in this JVM. */
    public static long nextId() {
        return IDS.incrementAndGet();
    }

    /** Inserts order {@code id} locally; returns the SQLException if the database refused it. */
    public Optional<SQLException> tryWrite(long id) {
        try (Connection c = pg.dataSource().getConnection();
                PreparedStatement p = c.prepareStatement("INSERT INTO orders (id, customer) VALUES (?, ?)")) {
            p.setLong(1, id);
            p.setString(2, "customer-" + id);
            p.executeUpdate();
            return Optional.empty();
        } catch (SQLException e) {
            return Optional.of(e);
        }
    }

    public boolean acceptsWrites() {
        return tryWrite().isEmpty();
    }

    /** The database's current WAL position as a number (what a replicator would report). */
    public static long walPosition(DataSource ds) {
        try (Connection c = ds.getConnection();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT (pg_current_wal_lsn() - '0/0'::pg_lsn)::bigint")) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read pg_current_wal_lsn(): " + e.getMessage(), e);
        }
    }

    public long walPosition() {
        return walPosition(pg.dataSource());
    }

    /** Stops the participant and its client (the daemon goes away); the database stays. */
    public void leave() {
        if (participant != null) {
            participant.close();
            participant = null;
        }
        if (client != null) {
            client.close();
            client = null;
        }
    }

    @Override
    public void close() {
        leave();
        pg.close();
    }
}
