package io.tandem.controller.fence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tandem.controller.ownership.Ownership;
import io.tandem.controller.ownership.OwnershipState;
import io.tandem.controller.support.Integration;
import io.tandem.controller.support.Pg;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class FencingIntegrationTest {

    private static Pg pg;
    private static FenceStore store;

    @BeforeAll
    static void startPostgres() {
        Integration.assumeEnabled();
        pg = Pg.start();
        FenceSchema schema = new FenceSchema(pg.dataSource());
        schema.bootstrap("us-east");
        schema.bootstrap("us-east"); // idempotent
        pg.exec("CREATE TABLE orders (id bigint PRIMARY KEY, customer text NOT NULL, amount int)");
        schema.fenceTable("orders", "customer", 4);
        schema.fenceTable("orders", "customer", 4); // idempotent
        schema.mapShards("orders", shard -> shard < 2 ? "orders-a" : "orders-b");
        store = new FenceStore(pg.dataSource());
    }

    @AfterAll
    static void stopPostgres() {
        if (pg != null) {
            pg.close();
        }
    }

    @BeforeEach
    void resetOwnership() {
        pg.exec(
                "SET tandem.apply = 'on'",
                "DELETE FROM orders",
                "DELETE FROM tandem.group_ownership",
                "UPDATE tandem.local_region SET fenced = false, fence_reason = NULL, lease_until = NULL");
    }

    @Test
    void javaShardHashEqualsSqlShardOfOnThousandsOfKeys() throws SQLException {
        long seed = System.nanoTime();
        System.out.println("ShardHash seed=" + seed);
        Random random = new Random(seed);
        List<String> keys = new ArrayList<>(List.of("", "a", "orders/42", "ünïcødé ✓", "日本語"));
        for (int i = 0; i < 5000; i++) {
            keys.add(randomKey(random));
        }
        int[] shardCounts = {1, 2, 7, 16, 1024, Integer.MAX_VALUE};
        try (Connection c = pg.dataSource().getConnection();
                PreparedStatement p = c.prepareStatement(
                        "SELECT k, n, tandem.shard_of(k, n) FROM unnest(?::text[]) k, unnest(?::int[]) n")) {
            p.setArray(1, c.createArrayOf("text", keys.toArray()));
            p.setArray(
                    2,
                    c.createArrayOf(
                            "int4", java.util.Arrays.stream(shardCounts).boxed().toArray()));
            int checked = 0;
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    String key = rs.getString(1);
                    int n = rs.getInt(2);
                    assertEquals(
                            rs.getInt(3), ShardHash.shardOf(key, n), "key '" + key + "' shards " + n + " seed " + seed);
                    checked++;
                }
            }
            assertEquals(keys.size() * shardCounts.length, checked);
        }
    }

    @Test
    void rejectsLocalWriteForGroupOwnedElsewhereWithTd001AndAReadableMessage() {
        store.apply(new Ownership("orders-a", "eu-west", 7, OwnershipState.ACTIVE));
        store.apply(new Ownership("orders-b", "eu-west", 7, OwnershipState.ACTIVE));
        SQLException e = assertThrows(SQLException.class, () -> insert(1, "alice", false));
        assertEquals("TD001", e.getSQLState());
        String group = ShardHash.shardOf("alice", 4) < 2 ? "orders-a" : "orders-b";
        assertTrue(
                e.getMessage()
                        .contains("INSERT on orders rejected: group " + group
                                + " is owned by eu-west at epoch 7 (state ACTIVE); local region is us-east"),
                e.getMessage());
    }

    @Test
    void acceptsLocalWritesForOwnedActiveGroupsAndReplicatedWritesForOthers() throws SQLException {
        store.apply(new Ownership("orders-a", "us-east", 3, OwnershipState.ACTIVE));
        store.apply(new Ownership("orders-b", "eu-west", 3, OwnershipState.ACTIVE));
        String ours = keyOfGroup("orders-a");
        String theirs = keyOfGroup("orders-b");
        insert(1, ours, false);
        assertEquals(
                "TD001",
                assertThrows(SQLException.class, () -> insert(2, theirs, false)).getSQLState());
        insert(2, theirs, true); // the applier's replicated write passes
        assertEquals(
                "TD001",
                assertThrows(SQLException.class, () -> exec("DELETE FROM orders WHERE id = 2"))
                        .getSQLState());
        // moving a row into a group we do not own is a write to that group too
        assertEquals(
                "TD001",
                assertThrows(
                                SQLException.class,
                                () -> exec("UPDATE orders SET customer = '" + theirs + "' WHERE id = 1"))
                        .getSQLState());
        assertEquals(
                "TD001",
                assertThrows(SQLException.class, () -> exec("TRUNCATE orders")).getSQLState());
    }

    @Test
    void expiredLeaseRefusesLocalWritesOnItsOwnButNotReplicatedOnes() throws SQLException {
        store.apply(new Ownership("orders-a", "us-east", 1, OwnershipState.ACTIVE));
        String ours = keyOfGroup("orders-a");
        assertTrue(store.renewLease(store.databaseNow(), java.time.Duration.ofMillis(400)));
        insert(1, ours, false);
        // Nobody renews (a frozen daemon): the database alone starts refusing once the lease passed.
        org.awaitility.Awaitility.await()
                .atMost(java.time.Duration.ofSeconds(5))
                .pollInterval(java.time.Duration.ofMillis(50))
                .until(() -> {
                    try {
                        insert(2, ours, false);
                        exec("SET tandem.apply = 'on'; DELETE FROM orders WHERE id = 2; RESET tandem.apply");
                        return false;
                    } catch (SQLException e) {
                        assertEquals("TD001", e.getSQLState());
                        assertTrue(e.getMessage().contains("write lease of region us-east expired"), e.getMessage());
                        return true;
                    }
                });
        insert(3, ours, true); // replication still applies
    }

    @Test
    void aLateRenewalDoesNotExtendTheLease() {
        java.time.Instant anchor = store.databaseNow().minusSeconds(2);
        assertFalse(store.renewLease(anchor, java.time.Duration.ofSeconds(1)), "a renewal anchored 2 s ago counted");
        assertTrue(store.leaseUntil().isEmpty());
        assertTrue(store.renewLease(store.databaseNow(), java.time.Duration.ofSeconds(30)));
        java.time.Instant long_ = store.leaseUntil().orElseThrow();
        assertFalse(store.renewLease(store.databaseNow(), java.time.Duration.ofSeconds(1)), "a lease got shorter");
        assertEquals(long_, store.leaseUntil().orElseThrow());
    }

    @Test
    void drainingGroupRefusesEvenItsOwner() {
        store.apply(new Ownership("orders-a", "us-east", 4, OwnershipState.DRAINING));
        SQLException e = assertThrows(SQLException.class, () -> insert(1, keyOfGroup("orders-a"), false));
        assertEquals("TD001", e.getSQLState());
        assertTrue(e.getMessage().contains("at epoch 4 (state DRAINING)"), e.getMessage());
    }

    @Test
    void epochNeverGoesDown() {
        assertTrue(store.apply(new Ownership("orders-a", "us-east", 5, OwnershipState.ACTIVE)));
        assertFalse(store.apply(new Ownership("orders-a", "eu-west", 4, OwnershipState.ACTIVE)));
        assertFalse(store.apply(new Ownership("orders-a", "eu-west", 5, OwnershipState.ACTIVE)));
        assertEquals(
                new Ownership("orders-a", "us-east", 5, OwnershipState.ACTIVE),
                store.read().get("orders-a"));
        assertTrue(store.apply(new Ownership("orders-a", "eu-west", 6, OwnershipState.ACTIVE)));
        assertEquals("eu-west", store.read().get("orders-a").owner());
    }

    @Test
    void fenceAllRefusesEveryLocalWriteUntilLifted() throws SQLException {
        store.apply(new Ownership("orders-a", "us-east", 2, OwnershipState.ACTIVE));
        String ours = keyOfGroup("orders-a");
        insert(1, ours, false);
        store.fenceAll("ZooKeeper session SUSPENDED");
        assertTrue(store.isFenced());
        SQLException e = assertThrows(SQLException.class, () -> insert(2, ours, false));
        assertEquals("TD001", e.getSQLState());
        assertTrue(e.getMessage().contains("which fenced itself: ZooKeeper session SUSPENDED"), e.getMessage());
        insert(3, ours, true);
        store.liftFence();
        insert(2, ours, false);
    }

    @Test
    void bootstrapRefusesADatabaseOfAnotherRegion() {
        FenceException e =
                assertThrows(FenceException.class, () -> new FenceSchema(pg.dataSource()).bootstrap("eu-west"));
        assertTrue(e.getMessage().contains("belongs to region us-east, not eu-west"), e.getMessage());
    }

    @Test
    void fenceTableNamesAMissingColumn() {
        FenceException e = assertThrows(
                FenceException.class, () -> new FenceSchema(pg.dataSource()).fenceTable("orders", "nope", 4));
        assertTrue(e.getMessage().contains("has no column nope"), e.getMessage());
    }

    private static String keyOfGroup(String group) {
        for (int i = 0; ; i++) {
            String key = "customer-" + i;
            if ((ShardHash.shardOf(key, 4) < 2 ? "orders-a" : "orders-b").equals(group)) {
                return key;
            }
        }
    }

    private static void insert(long id, String customer, boolean replicated) throws SQLException {
        try (Connection c = pg.dataSource().getConnection()) {
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                if (replicated) {
                    ReplicatedWrites.mark(c);
                }
                try (PreparedStatement p = c.prepareStatement("INSERT INTO orders (id, customer) VALUES (?, ?)")) {
                    p.setLong(1, id);
                    p.setString(2, customer);
                    p.executeUpdate();
                }
                c.commit();
            } catch (SQLException e) {
                c.rollback();
                throw e;
            }
        }
    }

    private static void exec(String sql) throws SQLException {
        try (Connection c = pg.dataSource().getConnection();
                Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private static String randomKey(Random random) {
        int len = random.nextInt(40);
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < len; i++) {
            int kind = random.nextInt(10);
            b.appendCodePoint(
                    kind < 7
                            ? 'a' + random.nextInt(26)
                            : kind < 9 ? 0x00C0 + random.nextInt(300) : 0x1F600 + random.nextInt(50));
        }
        return b.toString();
    }

    @Test
    void markingReplicatedWritesNeedsATransactionAndEndsWithIt() throws SQLException {
        store.apply(new Ownership("orders-a", "eu-west", 2, OwnershipState.ACTIVE));
        store.apply(new Ownership("orders-b", "eu-west", 2, OwnershipState.ACTIVE));
        try (Connection c = pg.dataSource().getConnection()) {
            assertThrows(IllegalStateException.class, () -> ReplicatedWrites.mark(c));
            c.setAutoCommit(false);
            ReplicatedWrites.mark(c);
            try (Statement s = c.createStatement()) {
                s.execute("INSERT INTO orders (id, customer) VALUES (10, 'bob')");
            }
            c.commit();
            try (Statement s = c.createStatement()) { // the next transaction on the same connection is local again
                assertEquals(
                        "TD001",
                        assertThrows(
                                        SQLException.class,
                                        () -> s.execute("INSERT INTO orders (id, customer) VALUES (11, 'bob')"))
                                .getSQLState());
            }
            c.rollback();
        }
    }
}
