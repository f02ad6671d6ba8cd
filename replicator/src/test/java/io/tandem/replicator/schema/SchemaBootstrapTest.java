package io.tandem.replicator.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tandem.replicator.config.TableMode;
import io.tandem.replicator.config.TableSpec;
import io.tandem.replicator.testing.TestPostgres;
import io.tandem.replicator.testing.TestPostgres.Db;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledIfSystemProperty;

@DisabledIfSystemProperty(named = "skipITs", matches = "true", disabledReason = "needs a real PostgreSQL")
class SchemaBootstrapTest {
    private static final TableSpec ORDERS =
            new TableSpec("public.orders", List.of("id"), TableMode.MULTI_WRITER, null, null, null);
    private static final ReplicationNames US_EAST = new ReplicationNames("us-east");

    private Db db;

    @BeforeEach
    void freshDatabase() throws SQLException {
        db = TestPostgres.newDatabase();
        db.execute("CREATE TABLE public.orders (id bigint PRIMARY KEY, status text, amount numeric(10,2))");
    }

    @AfterEach
    void dropSlots() throws SQLException {
        db.dropSlots();
    }

    private BootstrapReport bootstrap(TableSpec... tables) throws SQLException {
        try (Connection c = db.connect()) {
            return new SchemaBootstrap(US_EAST, List.of(tables)).run(c);
        }
    }

    private record Version(String vv, long hlc, String origin, String appliedFrom) {}

    private Version version(String where) throws SQLException {
        try (Connection c = db.connect();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(
                        "SELECT tandem_vv::text, tandem_hlc, tandem_origin, tandem_applied_from FROM public.orders WHERE "
                                + where)) {
            assertTrue(rs.next(), "no row where " + where);
            return new Version(rs.getString(1), rs.getLong(2), rs.getString(3), rs.getString(4));
        }
    }

    private Version tombstone(String pk) throws SQLException {
        try (Connection c = db.connect();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(
                        "SELECT tandem_vv::text, tandem_hlc, tandem_origin, tandem_applied_from FROM tandem.tombstones"
                                + " WHERE table_name = 'public.orders' AND pk = '" + pk + "'::jsonb")) {
            return rs.next() ? new Version(rs.getString(1), rs.getLong(2), rs.getString(3), rs.getString(4)) : null;
        }
    }

    private String scalar(String sql) throws SQLException {
        try (Connection c = db.connect();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            assertTrue(rs.next());
            return rs.getString(1);
        }
    }

    @Test
    void secondRunChangesNothingAndVersionIsRecorded() throws SQLException {
        BootstrapReport first = bootstrap(ORDERS);
        assertFalse(first.changedNothing());
        String appliedAt = scalar("SELECT applied_at::text FROM tandem.schema_version WHERE component = 'replicator'");

        BootstrapReport second = bootstrap(ORDERS);

        assertEquals(List.of(), second.actions());
        assertEquals("2", scalar("SELECT version FROM tandem.schema_version WHERE component = 'replicator'"));
        assertEquals(
                appliedAt, scalar("SELECT applied_at::text FROM tandem.schema_version WHERE component = 'replicator'"));
        assertEquals("us-east", scalar("SELECT tandem.region()"));
        assertEquals("f", scalar("SELECT relreplident FROM pg_class WHERE oid = 'public.orders'::regclass"));
        assertEquals("1", scalar("SELECT count(*) FROM pg_replication_slots WHERE slot_name = 'tandem_us_east'"));
    }

    @Test
    void aVersionOneDatabaseIsUpgradedToVersionTwoWithTheRepairLog() throws SQLException {
        bootstrap(ORDERS);
        db.execute("DROP TABLE tandem.repair_log");
        db.execute("UPDATE tandem.schema_version SET version = 1 WHERE component = 'replicator'");

        BootstrapReport upgrade = bootstrap(ORDERS);

        assertEquals(List.of("tandem schema: installed version 2 (was 1)"), upgrade.actions());
        assertEquals("2", scalar("SELECT version FROM tandem.schema_version WHERE component = 'replicator'"));
        assertEquals("0", scalar("SELECT count(*) FROM tandem.repair_log"));
    }

    @Test
    void publicationCoversReplicatedTablesTombstonesAndHeartbeat() throws SQLException {
        bootstrap(ORDERS);
        java.util.Map<String, String> published = new java.util.TreeMap<>();
        try (Connection c = db.connect();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT schemaname || '.' || tablename, rowfilter"
                        + " FROM pg_publication_tables WHERE pubname = 'tandem_us_east'")) {
            while (rs.next()) {
                published.put(rs.getString(1), rs.getString(2));
            }
        }
        // only what capture ships leaves the server: local writes, this region's heartbeat
        assertEquals(
                java.util.Map.of(
                        "public.orders", "(tandem_applied_from IS NULL)",
                        "tandem.tombstones", "(tandem_applied_from IS NULL)",
                        "tandem.heartbeat", "(region = 'us-east'::text)"),
                published);
    }

    @Test
    void tableWithoutPrimaryKeyIsRefusedByName() throws SQLException {
        db.execute("CREATE TABLE public.audit (at timestamptz, what text)");
        TableSpec audit = new TableSpec("public.audit", List.of("at"), TableMode.MULTI_WRITER, null, null, null);

        var e = assertThrows(SchemaBootstrapException.class, () -> bootstrap(ORDERS, audit));

        assertTrue(e.getMessage().contains("public.audit has no primary key"), e.getMessage());
        assertEquals("0", scalar("SELECT count(*) FROM pg_namespace WHERE nspname = 'tandem'"), "rolled back");
    }

    @Test
    void declaredPrimaryKeyMustMatchTheRealOne() throws SQLException {
        TableSpec wrong = new TableSpec("public.orders", List.of("status"), TableMode.MULTI_WRITER, null, null, null);
        var e = assertThrows(SchemaBootstrapException.class, () -> bootstrap(wrong));
        assertTrue(e.getMessage().contains("[status]") && e.getMessage().contains("[id]"), e.getMessage());
    }

    @Test
    void databaseOfAnotherRegionIsRefused() throws SQLException {
        bootstrap(ORDERS);
        try (Connection c = db.connect()) {
            var e = assertThrows(
                    SchemaBootstrapException.class,
                    () -> new SchemaBootstrap(new ReplicationNames("eu-west"), List.of(ORDERS)).run(c));
            assertTrue(
                    e.getMessage().contains("region us-east") && e.getMessage().contains("eu-west"), e.getMessage());
        }
        assertThrows(SQLException.class, () -> db.execute("INSERT INTO tandem.local_region (region) VALUES ('x')"));
    }

    @Test
    void localInsertUpdateDeleteMaintainVersionAndTombstone() throws SQLException {
        bootstrap(ORDERS);
        long before = System.currentTimeMillis();
        db.execute("INSERT INTO public.orders (id, status) VALUES (1, 'new')");
        Version inserted = version("id = 1");
        assertEquals("{\"us-east\": 1}", inserted.vv());
        assertEquals("us-east", inserted.origin());
        assertNull(inserted.appliedFrom());
        assertTrue((inserted.hlc() >>> 16) >= before - 5, "hlc carries wall ms: " + (inserted.hlc() >>> 16));

        db.execute("UPDATE public.orders SET status = 'paid' WHERE id = 1");
        Version updated = version("id = 1");
        assertEquals("{\"us-east\": 2}", updated.vv());
        assertTrue(updated.hlc() > inserted.hlc());

        db.execute("INSERT INTO public.orders (id, status) VALUES (2, 'new')");
        assertTrue(version("id = 2").hlc() > updated.hlc(), "HLC is monotonic across rows");

        db.execute("DELETE FROM public.orders WHERE id = 1");
        Version tomb = tombstone("{\"id\": 1}");
        assertEquals("{\"us-east\": 3}", tomb.vv());
        assertEquals("us-east", tomb.origin());
        assertNull(tomb.appliedFrom());
        assertTrue(tomb.hlc() > version("id = 2").hlc());
    }

    @Test
    void insertAfterDeleteContinuesFromTheTombstone() throws SQLException {
        bootstrap(ORDERS);
        db.execute(
                "INSERT INTO public.orders (id, status) VALUES (7, 'new')",
                "DELETE FROM public.orders WHERE id = 7",
                "INSERT INTO public.orders (id, status) VALUES (7, 'again')");
        assertEquals("{\"us-east\": 3}", version("id = 7").vv());
        assertNull(tombstone("{\"id\": 7}"), "the re-insert removes the tombstone");
    }

    @Test
    void keyChangeLeavesATombstoneForTheOldKey() throws SQLException {
        bootstrap(ORDERS);
        db.execute(
                "INSERT INTO public.orders (id, status) VALUES (1, 'new')",
                "UPDATE public.orders SET id = 2 WHERE id = 1");
        assertEquals("{\"us-east\": 2}", tombstone("{\"id\": 1}").vv());
        assertEquals("{\"us-east\": 1}", version("id = 2").vv());
    }

    @Test
    void applierWritesKeepTheMetadataTheApplierSets() throws SQLException {
        bootstrap(ORDERS);
        long remoteHlc = (System.currentTimeMillis() + 60_000) << 16;
        try (Connection c = db.connect()) {
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                s.execute("SET LOCAL tandem.apply = 'on'");
                s.execute("INSERT INTO public.orders (id, status, tandem_vv, tandem_hlc, tandem_origin,"
                        + " tandem_applied_from) VALUES (5, 'remote', '{\"eu-west\": 4}', " + remoteHlc
                        + ", 'eu-west', 'eu-west')");
                s.execute("INSERT INTO public.orders (id, status, tandem_vv, tandem_hlc, tandem_origin,"
                        + " tandem_applied_from) VALUES (6, 'remote', '{\"eu-west\": 1}', 1, 'eu-west', 'eu-west')");
                s.execute("DELETE FROM public.orders WHERE id = 6");
            }
            c.commit();
        }
        assertEquals(new Version("{\"eu-west\": 4}", remoteHlc, "eu-west", "eu-west"), version("id = 5"));
        assertNull(tombstone("{\"id\": 6}"), "the applier writes its own tombstones");

        db.execute("UPDATE public.orders SET status = 'local' WHERE id = 5");
        Version local = version("id = 5");
        assertEquals("{\"eu-west\": 4, \"us-east\": 1}", local.vv());
        assertTrue(local.hlc() > remoteHlc, "a local write after a remote one has a later HLC");
        assertEquals("us-east", local.origin());
        assertNull(local.appliedFrom());
    }

    @Test
    void concurrentWritersGetDistinctHlcsBelowTheHighWater() throws Exception {
        bootstrap(ORDERS);
        int writers = 4;
        int rowsEach = 100;
        var pool = java.util.concurrent.Executors.newFixedThreadPool(writers);
        try {
            List<java.util.concurrent.Future<Void>> done = new java.util.ArrayList<>();
            for (int w = 0; w < writers; w++) {
                int base = w * rowsEach;
                done.add(pool.submit(() -> {
                    try (Connection c = db.connect();
                            Statement s = c.createStatement()) {
                        for (int i = 1; i <= rowsEach; i++) {
                            s.execute("INSERT INTO public.orders (id, status) VALUES (" + (base + i) + ", 'x')");
                        }
                    }
                    return null;
                }));
            }
            for (var f : done) {
                f.get(60, java.util.concurrent.TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(
                String.valueOf(writers * rowsEach), scalar("SELECT count(DISTINCT tandem_hlc) FROM public.orders"));
        assertEquals(
                "t",
                scalar("SELECT max(tandem_hlc) <= (SELECT last_value FROM tandem.hlc_high_water)"
                        + " FROM public.orders"));
    }

    /** The trigger's tandem_meta must equal what the resolver's Java twin (LocalWrites) computes. */
    @Test
    void triggerMetadataMatchesTheResolversLocalWrites() throws SQLException {
        db.execute("CREATE TABLE public.stock (id bigint PRIMARY KEY, name text, qty bigint, note text)");
        TableSpec stock = new TableSpec(
                "public.stock", List.of("id"), TableMode.MULTI_WRITER, "column-merge", Set.of("qty"), null);
        bootstrap(ORDERS, stock);
        io.tandem.resolver.policy.TablePolicy policy = io.tandem.resolver.policy.TablePolicy.columnMerge()
                .withColumn("qty", io.tandem.resolver.policy.ColumnMode.COUNTER);

        java.util.Optional<io.tandem.resolver.row.RowVersion> twin = java.util.Optional.empty();
        String[][] steps = {
            {"INSERT INTO public.stock VALUES (1, 'Ada', 10, 'x')", "1,Ada,10,x"},
            {"UPDATE public.stock SET name = 'Bob', qty = 7 WHERE id = 1", "1,Bob,7,x"},
            {"DELETE FROM public.stock WHERE id = 1", null},
            {"INSERT INTO public.stock VALUES (1, 'Cy', 5, 'x')", "1,Cy,5,x"},
        };
        for (String[] step : steps) {
            db.execute(step[0]);
            boolean deleted = step[1] == null;
            String source = deleted
                    ? "SELECT tandem_meta::text, tandem_hlc FROM tandem.tombstones WHERE table_name = 'public.stock'"
                    : "SELECT tandem_meta::text, tandem_hlc FROM public.stock WHERE id = 1";
            String meta;
            long hlc;
            try (Connection c = db.connect();
                    Statement st = c.createStatement();
                    ResultSet rs = st.executeQuery(source)) {
                assertTrue(rs.next(), step[0]);
                meta = rs.getString(1);
                hlc = rs.getLong(2);
            }
            io.tandem.resolver.LocalWrite write;
            if (deleted) {
                write = io.tandem.resolver.LocalWrite.delete("us-east", hlc);
            } else {
                String[] v = step[1].split(",");
                write = io.tandem.resolver.LocalWrite.upsert(
                        "us-east",
                        hlc,
                        java.util.Map.of(
                                "id", Long.parseLong(v[0]), "name", v[1], "qty", Long.parseLong(v[2]), "note", v[3]));
            }
            twin = java.util.Optional.of(io.tandem.resolver.LocalWrites.apply(twin, write, policy));
            assertEquals(twin.get().meta(), io.tandem.resolver.row.RowMeta.parseJson(meta), "after: " + step[0]);
        }
        assertEquals(5L, twin.get().meta().counterValue("qty"));
    }
}
