package io.tandem.controller.fence;

import io.tandem.controller.Names;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.function.IntFunction;
import javax.sql.DataSource;

/**
 * Installs the PostgreSQL side of ownership: the one definition every component uses.
 *
 * <p>{@link #bootstrap} creates schema {@code tandem}: {@code local_region} (one row),
 * {@code group_ownership}, {@code owned_tables}, {@code shard_groups}, function {@code shard_of(key,
 * shards)} and the trigger functions {@code fence_write()} / {@code fence_truncate()}.
 * {@link #fenceTable} puts the triggers on one owned table, {@link #mapShards} maps its shards to
 * groups. Everything is idempotent and runs under an advisory lock, so concurrent installers are safe.
 */
public final class FenceSchema {

    private static final long LOCK_KEY = 0x54414E44454DL; // "TANDEM"
    private static final String SCRIPT = loadScript();

    private final DataSource dataSource;

    public FenceSchema(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * Creates or updates the schema and records {@code region} as this database's region.
     *
     * @throws FenceException if the database already belongs to another region (a database serves one region)
     */
    public void bootstrap(String region) {
        Names.require("region", region);
        Sql.inTransaction(dataSource, "bootstrapping the tandem schema", c -> {
            try (Statement s = c.createStatement()) {
                s.execute("SELECT pg_advisory_xact_lock(" + LOCK_KEY + ")");
                s.execute(SCRIPT);
            }
            try (PreparedStatement p = c.prepareStatement(
                    "INSERT INTO tandem.local_region (region) VALUES (?) ON CONFLICT (singleton) DO NOTHING")) {
                p.setString(1, region);
                p.executeUpdate();
            }
            try (Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("SELECT region FROM tandem.local_region")) {
                rs.next();
                String existing = rs.getString(1);
                if (!existing.equals(region)) {
                    throw new FenceException(
                            "this database belongs to region " + existing + ", not " + region + ": point the daemon of "
                                    + region + " at its own database",
                            null);
                }
            }
            return null;
        });
    }

    /**
     * Makes {@code table} an owned table: its rows belong to groups by {@code shardKeyColumn}, hashed
     * into {@code shards} shards, and local writes are fenced.
     *
     * @throws FenceException if the column does not exist, or the table is already owned with
     *     another shard key or shard count (that would move existing rows between groups)
     */
    public void fenceTable(String table, String shardKeyColumn, int shards) {
        if (shards < 1) {
            throw new IllegalArgumentException("shards of " + table + " must be >= 1, got " + shards);
        }
        Sql.inTransaction(dataSource, "fencing table " + table, c -> {
            try (Statement s = c.createStatement()) {
                s.execute("SELECT pg_advisory_xact_lock(" + LOCK_KEY + ")");
            }
            try (PreparedStatement p = c.prepareStatement("SELECT 1 FROM pg_attribute WHERE attrelid = ?::regclass"
                    + " AND attname = ? AND attnum > 0 AND NOT attisdropped")) {
                p.setString(1, table);
                p.setString(2, shardKeyColumn);
                try (ResultSet rs = p.executeQuery()) {
                    if (!rs.next()) {
                        throw new FenceException(
                                "table " + table + " has no column " + shardKeyColumn + " to use as shard key", null);
                    }
                }
            }
            try (PreparedStatement p = c.prepareStatement(
                    "SELECT shard_key, shards FROM tandem.owned_tables WHERE table_name = ?::regclass")) {
                p.setString(1, table);
                try (ResultSet rs = p.executeQuery()) {
                    if (rs.next() && (!rs.getString(1).equals(shardKeyColumn) || rs.getInt(2) != shards)) {
                        throw new FenceException(
                                "table " + table + " is already owned by shard key " + rs.getString(1)
                                        + " with " + rs.getInt(2) + " shards; changing it to " + shardKeyColumn + "/"
                                        + shards
                                        + " would move rows between groups: migrate the table instead",
                                null);
                    }
                }
            }
            try (PreparedStatement p =
                    c.prepareStatement("INSERT INTO tandem.owned_tables (table_name, shard_key, shards)"
                            + " VALUES (?::regclass, ?, ?) ON CONFLICT (table_name) DO NOTHING")) {
                p.setString(1, table);
                p.setString(2, shardKeyColumn);
                p.setInt(3, shards);
                p.executeUpdate();
            }
            String rel;
            try (PreparedStatement p = c.prepareStatement("SELECT ?::regclass::text")) {
                p.setString(1, table);
                try (ResultSet rs = p.executeQuery()) {
                    rs.next();
                    rel = rs.getString(1); // quoted and schema-qualified as needed
                }
            }
            try (Statement s = c.createStatement()) {
                s.execute("DROP TRIGGER IF EXISTS tandem_fence ON " + rel);
                s.execute("CREATE TRIGGER tandem_fence BEFORE INSERT OR UPDATE OR DELETE ON " + rel
                        + " FOR EACH ROW EXECUTE FUNCTION tandem.fence_write()");
                s.execute("DROP TRIGGER IF EXISTS tandem_fence_truncate ON " + rel);
                s.execute("CREATE TRIGGER tandem_fence_truncate BEFORE TRUNCATE ON " + rel
                        + " FOR EACH STATEMENT EXECUTE FUNCTION tandem.fence_truncate()");
            }
            return null;
        });
    }

    /** Maps every shard {@code 0..shards-1} of an owned table to {@code groupOfShard.apply(shard)}. */
    public void mapShards(String table, IntFunction<String> groupOfShard) {
        Sql.inTransaction(dataSource, "mapping shards of " + table, c -> {
            int shards;
            try (PreparedStatement p =
                    c.prepareStatement("SELECT shards FROM tandem.owned_tables WHERE table_name = ?::regclass")) {
                p.setString(1, table);
                try (ResultSet rs = p.executeQuery()) {
                    if (!rs.next()) {
                        throw new FenceException("table " + table + " is not owned yet: call fenceTable first", null);
                    }
                    shards = rs.getInt(1);
                }
            }
            try (PreparedStatement p = c.prepareStatement(
                    "INSERT INTO tandem.shard_groups (table_name, shard, group_name)"
                            + " VALUES (?::regclass, ?, ?) ON CONFLICT (table_name, shard) DO UPDATE SET group_name = EXCLUDED.group_name")) {
                for (int shard = 0; shard < shards; shard++) {
                    p.setString(1, table);
                    p.setInt(2, shard);
                    p.setString(3, Names.require("group of shard " + shard, groupOfShard.apply(shard)));
                    p.addBatch();
                }
                p.executeBatch();
            }
            return null;
        });
    }

    private static String loadScript() {
        try (InputStream in = FenceSchema.class.getResourceAsStream("bootstrap.sql")) {
            if (in == null) {
                throw new IllegalStateException("bootstrap.sql is missing from the classpath next to FenceSchema");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read bootstrap.sql", e);
        }
    }
}
