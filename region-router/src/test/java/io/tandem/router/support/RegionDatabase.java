package io.tandem.router.support;

import io.tandem.controller.fence.FenceSchema;
import io.tandem.controller.fence.FenceStore;
import io.tandem.embedded.postgres.PostgresServer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * One region's database in a shared real PostgreSQL: the controller's fence bootstrapped for the
 * region and an owned table {@code public.orders(id, shard_key, writer, origin, epoch)} whose shards
 * all belong to one group. A BEFORE INSERT trigger that fires after the fence trigger
 * ({@code tandem_fence} sorts first) stamps each local write with the region and the epoch the fence
 * admitted it under (the fence holds the group row FOR SHARE, so that epoch cannot change before the
 * write commits); replicated writes ({@code tandem.apply = 'on'}) keep their stamps.
 */
public final class RegionDatabase {

    /** A row as stored: its id, the region that accepted it as a local write, and that epoch. */
    public record Row(long id, String origin, long epoch) {}

    public final String region;
    public final DataSource dataSource;
    public final FenceStore fence;

    private RegionDatabase(String region, DataSource dataSource) {
        this.region = region;
        this.dataSource = dataSource;
        this.fence = new FenceStore(dataSource);
    }

    /** Creates database {@code <region with _>} on {@code server} and installs the fence for {@code group}. */
    public static RegionDatabase create(PostgresServer server, String region, String group, int shards) {
        String name = region.replace('-', '_');
        server.createDatabase(name);
        RegionDatabase db = new RegionDatabase(region, server.dataSource(name));
        FenceSchema schema = new FenceSchema(db.dataSource);
        schema.bootstrap(region);
        db.exec(
                "CREATE TABLE public.orders (id bigint PRIMARY KEY, shard_key text NOT NULL, writer text NOT NULL,"
                        + " origin text, epoch bigint)",
                "CREATE FUNCTION public.stamp_local_write() RETURNS trigger LANGUAGE plpgsql AS $$\n"
                        + "BEGIN\n"
                        + "  IF current_setting('tandem.apply', true) = 'on' THEN RETURN NEW; END IF;\n"
                        + "  NEW.origin := (SELECT region FROM tandem.local_region);\n"
                        + "  NEW.epoch := (SELECT epoch FROM tandem.group_ownership WHERE group_name = '" + group
                        + "');\n"
                        + "  RETURN NEW;\n"
                        + "END $$",
                "CREATE TRIGGER zz_stamp_local_write BEFORE INSERT ON public.orders"
                        + " FOR EACH ROW EXECUTE FUNCTION public.stamp_local_write()");
        schema.fenceTable("public.orders", "shard_key", shards);
        schema.mapShards("public.orders", shard -> group);
        return db;
    }

    /** A local write on {@code c}; returns the row as the database stamped it, or throws (TD001 if fenced). */
    public static Row insert(Connection c, long id, String shardKey, String writer) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("INSERT INTO public.orders (id, shard_key, writer)"
                + " VALUES (?, ?, ?) RETURNING id, origin, epoch")) {
            p.setLong(1, id);
            p.setString(2, shardKey);
            p.setString(3, writer);
            try (ResultSet rs = p.executeQuery()) {
                rs.next();
                return new Row(rs.getLong(1), rs.getString(2), rs.getLong(3));
            }
        }
    }

    public List<Row> rows() {
        try (Connection c = dataSource.getConnection();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT id, origin, epoch FROM public.orders ORDER BY id")) {
            List<Row> rows = new ArrayList<>();
            while (rs.next()) {
                rows.add(new Row(rs.getLong(1), rs.getString(2), rs.getLong(3)));
            }
            return rows;
        } catch (SQLException e) {
            throw new IllegalStateException(region + ": cannot read public.orders: " + e.getMessage(), e);
        }
    }

    /** The server's current WAL position as a number (what the capture side would publish). */
    public long walPosition() {
        try (Connection c = dataSource.getConnection();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT (pg_current_wal_lsn() - '0/0'::pg_lsn)::bigint")) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(region + ": cannot read pg_current_wal_lsn(): " + e.getMessage(), e);
        }
    }

    /**
     * Does the applier's job for this test: copies every row {@code source} accepted locally into this
     * database in one transaction with {@code SET LOCAL tandem.apply = 'on'} (which the fence lets
     * through) and returns the source position read before the copy, so every write committed at the
     * source before that position is now here.
     */
    public long applyFrom(RegionDatabase source) {
        long position = source.walPosition();
        List<Row> rows = source.rows().stream()
                .filter(r -> source.region.equals(r.origin()))
                .toList();
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try (Statement s = c.createStatement();
                    PreparedStatement p = c.prepareStatement("INSERT INTO public.orders (id, shard_key, writer, origin,"
                            + " epoch) VALUES (?, 'replicated', 'applier', ?, ?) ON CONFLICT (id) DO NOTHING")) {
                s.execute("SET LOCAL tandem.apply = 'on'");
                for (Row r : rows) {
                    p.setLong(1, r.id());
                    p.setString(2, r.origin());
                    p.setLong(3, r.epoch());
                    p.addBatch();
                }
                p.executeBatch();
                c.commit();
            } catch (SQLException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(
                    region + ": cannot apply " + rows.size() + " rows from " + source.region + ": " + e.getMessage(),
                    e);
        }
        return position;
    }

    private void exec(String... sql) {
        try (Connection c = dataSource.getConnection();
                Statement s = c.createStatement()) {
            for (String q : sql) {
                s.execute(q);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(region + ": SQL failed: " + e.getMessage(), e);
        }
    }
}
