package io.tandem.replicator.apply;

import static io.tandem.replicator.apply.Events.delete;
import static io.tandem.replicator.apply.Events.hlc;
import static io.tandem.replicator.apply.Events.single;
import static io.tandem.replicator.apply.Events.tx;
import static io.tandem.replicator.apply.Events.upsert;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledIfSystemProperty;

@DisabledIfSystemProperty(named = "skipITs", matches = "true", disabledReason = "needs a real PostgreSQL")
class BatchApplierTest {
    private static TestDatabase db;
    private Feeder feeder;

    @BeforeAll
    static void startDatabase() {
        db = new TestDatabase();
    }

    @AfterAll
    static void stopDatabase() throws Exception {
        db.close();
    }

    @BeforeEach
    void freshTables() {
        db.execute("DROP TABLE IF EXISTS public.orders; TRUNCATE tandem.tombstones, tandem.conflict_log,"
                + " tandem.dead_letter, tandem.apply_position, tandem.parked_changes, tandem.heartbeat;"
                + " CREATE TABLE public.orders (id bigint PRIMARY KEY, status text NOT NULL, amount numeric(10,2),"
                + " placed_at timestamptz, tandem_vv jsonb, tandem_hlc bigint, tandem_origin text, tandem_meta jsonb,"
                + " tandem_applied_from text)");
        db.instrument("public.orders");
        feeder = new Feeder(db, "us-east", Feeder.tables("lww", "public.orders"));
    }

    @Test
    void upsertUpdateAndDeleteAreAppliedWithMetadata() throws Exception {
        long t = 1_764_000_000_000L;
        feeder.feed(upsert(
                "us-east",
                "public.orders",
                1,
                Map.of(
                        "status",
                        "new",
                        "amount",
                        new java.math.BigDecimal("19.90"),
                        "placed_at",
                        "2026-11-25 10:00:00+00"),
                "{\"us-east\":1}",
                hlc(t, 0),
                single("1")));
        assertEquals(
                List.of("new", "19.90", "{\"us-east\": 1}", String.valueOf(hlc(t, 0)), "us-east", "us-east"),
                db.rows("SELECT status, amount, tandem_vv, tandem_hlc, tandem_origin, tandem_applied_from"
                                + " FROM public.orders WHERE id = 1")
                        .get(0));

        feeder.feed(upsert(
                "us-east",
                "public.orders",
                1,
                Map.of("status", "paid"),
                "{\"us-east\":2}",
                hlc(t + 5, 0),
                single("2")));
        assertEquals("paid", db.one("SELECT status FROM public.orders WHERE id = 1"));
        assertEquals(
                "19.90",
                db.one("SELECT amount FROM public.orders WHERE id = 1"),
                "columns the event omits keep their value");

        BatchResult result =
                feeder.feed(delete("us-east", "public.orders", 1, "{\"us-east\":3}", hlc(t + 9, 0), single("3")));
        assertEquals(0, db.count("SELECT count(*) FROM public.orders"));
        assertEquals(
                List.of("{\"id\": 1}", "{\"us-east\": 3}", "us-east", "us-east"),
                db.rows("SELECT pk, tandem_vv, tandem_origin, tandem_applied_from FROM tandem.tombstones"
                                + " WHERE table_name = 'public.orders'")
                        .get(0));
        assertEquals(3, result.position().nextOffset());
        assertEquals("3", db.one("SELECT next_offset FROM tandem.apply_position WHERE source_region = 'us-east'"));
        assertEquals(3.0, feeder.counter("tandem.apply.applied", "public.orders"));
    }

    @Test
    void dominatedVersionIsSkipped() throws Exception {
        long t = 1_764_000_000_000L;
        feeder.feed(upsert(
                "us-east", "public.orders", 7, Map.of("status", "v2"), "{\"us-east\":2}", hlc(t, 0), single("1")));
        BatchResult result = feeder.feed(upsert(
                "us-east", "public.orders", 7, Map.of("status", "v1"), "{\"us-east\":1}", hlc(t - 1, 0), single("2")));
        assertEquals(1, result.skipped());
        assertEquals("v2", db.one("SELECT status FROM public.orders WHERE id = 7"));
        assertEquals(1.0, feeder.counter("tandem.apply.skipped", "public.orders"));
        assertEquals(0, db.count("SELECT count(*) FROM tandem.conflict_log"));
    }

    @Test
    void concurrentVersionsAreResolvedAndLogged() throws Exception {
        // a local write here (the trigger stamps {"eu-west":1} and the current HLC) ...
        db.execute("INSERT INTO public.orders (id, status) VALUES (5, 'local')");
        assertEquals("{\"eu-west\": 1}", db.one("SELECT tandem_vv FROM public.orders WHERE id = 5"));
        // ... and a concurrent one in us-east, a minute later by HLC, which wins under LWW
        long t = System.currentTimeMillis() + 60_000;
        BatchResult result = feeder.feed(upsert(
                "us-east",
                "public.orders",
                5,
                Map.of("status", "remote"),
                "{\"us-east\":1}",
                hlc(t + 1, 0),
                single("1")));
        assertEquals(1, result.conflicts());
        assertEquals(
                List.of("remote", "{\"eu-west\": 1, \"us-east\": 1}", "us-east"),
                db.rows("SELECT status, tandem_vv, tandem_origin FROM public.orders WHERE id = 5")
                        .get(0));
        List<String> logged = db.rows("SELECT table_name, pk::text, policy, winner, source_region,"
                        + " local_version->>'origin', incoming_version->>'origin', local_version->'row'->>'status'"
                        + " FROM tandem.conflict_log")
                .get(0);
        assertEquals(
                List.of(
                        "public.orders",
                        "{\"id\": 5}",
                        "last-writer-wins",
                        "incoming",
                        "us-east",
                        "eu-west",
                        "us-east",
                        "local"),
                logged);
        assertEquals(
                1.0,
                feeder.registry
                        .find("tandem.apply.conflicts")
                        .tag("policy", "last-writer-wins")
                        .counter()
                        .count());
    }

    @Test
    void updateRacingDeleteIsResolvedByTheTombstoneAndTheRowNeverComesBack() throws Exception {
        long t = 1_764_000_000_000L;
        // The row was deleted here (eu-west) after a version both regions saw.
        db.execute("INSERT INTO tandem.tombstones (table_name, pk, tandem_vv, tandem_hlc, tandem_origin, deleted_at)"
                + " VALUES ('public.orders', '{\"id\": 9}', '{\"us-east\":1,\"eu-west\":1}', " + hlc(t + 10, 0)
                + ", 'eu-west', now())");
        // A concurrent, older update from us-east loses to the delete under LWW.
        BatchResult result = feeder.feed(upsert(
                "us-east",
                "public.orders",
                9,
                Map.of("status", "late"),
                "{\"us-east\":2}",
                hlc(t + 5, 0),
                single("1")));
        assertEquals(1, result.conflicts());
        assertEquals(0, db.count("SELECT count(*) FROM public.orders WHERE id = 9"), "the deleted row came back");
        assertEquals("local", db.one("SELECT winner FROM tandem.conflict_log"));
        assertEquals(
                "{\"eu-west\": 1, \"us-east\": 2}",
                db.one("SELECT tandem_vv FROM tandem.tombstones WHERE pk = '{\"id\": 9}'"),
                "the tombstone absorbs the losing update's vector, so a redelivery is dominated");
        // A stale update dominated by the tombstone is skipped without a conflict.
        BatchResult stale = feeder.feed(upsert(
                "us-east", "public.orders", 9, Map.of("status", "stale"), "{\"us-east\":1}", hlc(t, 0), single("2")));
        assertEquals(1, stale.skipped());
        assertEquals(0, db.count("SELECT count(*) FROM public.orders WHERE id = 9"));
    }

    @Test
    void tombstoneOfALocalDeleteIsFoundAndTheDeletedRowNeverComesBack() throws Exception {
        long t = 1_764_000_000_000L;
        feeder.feed(upsert(
                "us-east", "public.orders", 8, Map.of("status", "v1"), "{\"us-east\":1}", hlc(t, 0), single("1")));
        // deleted here by a client: the trigger leaves the tombstone, stamped now
        db.execute("DELETE FROM public.orders WHERE id = 8");
        assertEquals(
                "{\"eu-west\": 1, \"us-east\": 1}",
                db.one("SELECT tandem_vv FROM tandem.tombstones WHERE table_name = 'public.orders'"));
        // us-east updated the row concurrently, earlier by HLC
        BatchResult racing = feeder.feed(upsert(
                "us-east", "public.orders", 8, Map.of("status", "v2"), "{\"us-east\":2}", hlc(t, 5), single("2")));
        assertEquals(1, racing.conflicts());
        assertEquals(0, db.count("SELECT count(*) FROM public.orders WHERE id = 8"), "the deleted row came back");
        assertEquals(
                "{\"eu-west\": 1, \"us-east\": 2}",
                db.one("SELECT tandem_vv FROM tandem.tombstones WHERE table_name = 'public.orders'"));
        assertEquals("local", db.one("SELECT winner FROM tandem.conflict_log"));
    }

    @Test
    void updateThatWinsOverATombstoneRemovesIt() throws Exception {
        long t = 1_764_000_000_000L;
        db.execute("INSERT INTO tandem.tombstones (table_name, pk, tandem_vv, tandem_hlc, tandem_origin, deleted_at)"
                + " VALUES ('public.orders', '{\"id\": 4}', '{\"eu-west\":1}', " + hlc(t, 0) + ", 'eu-west', now())");
        feeder.feed(upsert(
                "us-east",
                "public.orders",
                4,
                Map.of("status", "back"),
                "{\"us-east\":1,\"eu-west\":1}",
                hlc(t + 1, 0),
                single("1")));
        assertEquals("back", db.one("SELECT status FROM public.orders WHERE id = 4"));
        assertEquals(0, db.count("SELECT count(*) FROM tandem.tombstones"));
    }

    @Test
    void duplicateDeliveryAppliesNothingTwice() throws Exception {
        long t = 1_764_000_000_000L;
        var event = upsert(
                "us-east", "public.orders", 3, Map.of("status", "once"), "{\"us-east\":1}", hlc(t, 0), single("1"));
        feeder.feed(event);
        db.execute("UPDATE public.orders SET status = 'changed-locally' WHERE id = 3");
        // the same change delivered again at a later offset (capture re-sent it after a crash)
        BatchResult again = feeder.feed(event);
        assertEquals(1, again.skipped());
        assertEquals(0, again.applied());
        assertEquals("changed-locally", db.one("SELECT status FROM public.orders WHERE id = 3"));
        assertEquals(1.0, feeder.counter("tandem.apply.applied", "public.orders"));
        assertEquals(1.0, feeder.counter("tandem.apply.skipped", "public.orders"));
    }

    @Test
    void redeliveredOffsetsBelowTheStoredPositionAreNotAppliedAgain() throws Exception {
        long t = 1_764_000_000_000L;
        var event =
                upsert("us-east", "public.orders", 2, Map.of("status", "x"), "{\"us-east\":1}", hlc(t, 0), single("1"));
        feeder.feed(event);
        // the consumer crashed after the commit and polls offset 0 again
        BatchResult replay = feeder.applyRecords(List.of(new PolledRecord(0, feeder.codec.encode(event))));
        assertEquals(0, replay.transactions());
        assertEquals(1, replay.position().nextOffset());
        assertEquals(0.0, feeder.counter("tandem.apply.skipped", "public.orders"));
    }

    @Test
    void aSourceTransactionIsAppliedAtomicallyOnceItsLastEventArrives() throws Exception {
        long t = 1_764_000_000_000L;
        BatchResult first = feeder.feed(
                upsert(
                        "us-east",
                        "public.orders",
                        10,
                        Map.of("status", "a"),
                        "{\"us-east\":1}",
                        hlc(t, 0),
                        tx("50", 0, false)),
                upsert(
                        "us-east",
                        "public.orders",
                        11,
                        Map.of("status", "b"),
                        "{\"us-east\":2}",
                        hlc(t, 1),
                        tx("50", 1, false)));
        assertEquals(0, first.transactions());
        assertEquals(0, db.count("SELECT count(*) FROM public.orders"), "half a transaction is visible");
        assertNull(db.one("SELECT next_offset FROM tandem.apply_position"));
        BatchResult rest = feeder.feed(upsert(
                "us-east",
                "public.orders",
                12,
                Map.of("status", "c"),
                "{\"us-east\":3}",
                hlc(t, 2),
                tx("50", 2, true)));
        assertEquals(1, rest.transactions());
        assertEquals(3, db.count("SELECT count(*) FROM public.orders"));
        assertEquals("3", db.one("SELECT next_offset FROM tandem.apply_position"));
    }

    @Test
    void aConcurrentReaderNeverSeesHalfOfASourceTransaction() throws Exception {
        long t = 1_764_000_000_000L;
        int size = 2_000;
        var events = new io.tandem.replicator.event.ChangeEvent[size];
        for (int i = 0; i < size; i++) {
            events[i] = upsert(
                    "us-east",
                    "public.orders",
                    100 + i,
                    Map.of("status", "bulk"),
                    "{\"us-east\":" + (i + 1) + "}",
                    hlc(t, i),
                    tx("60", i, i == size - 1));
        }
        java.util.Set<Long> seen = java.util.concurrent.ConcurrentHashMap.newKeySet();
        java.util.concurrent.atomic.AtomicBoolean done = new java.util.concurrent.atomic.AtomicBoolean();
        Thread reader = new Thread(() -> {
            while (!done.get()) {
                seen.add(db.count("SELECT count(*) FROM public.orders"));
            }
        });
        reader.start();
        try {
            feeder.feed(events);
        } finally {
            done.set(true);
            reader.join(10_000);
        }
        assertEquals(size, db.count("SELECT count(*) FROM public.orders"));
        assertTrue(java.util.Set.of(0L, (long) size).containsAll(seen), "a reader saw partial counts " + seen);
    }

    @Test
    void aConcurrentLocalInsertOfTheSameKeyIsResolvedNotOverwritten() throws Exception {
        concurrentLocalInsertIsResolved();
    }

    @Test
    void theSameHoldsWhenTheDriverRewritesBatchedInserts() throws Exception {
        feeder.dataSource = db.rewritingBatches();
        concurrentLocalInsertIsResolved();
        feeder.feed(upsert(
                "us-east", "public.orders", 78, Map.of("status", "plain"), "{\"us-east\":2}", hlc(1, 0), single("2")));
        assertEquals("plain", db.one("SELECT status FROM public.orders WHERE id = 78"));
    }

    @Test
    void withoutPerRowCountsTheWrittenVersionsAreVerified() throws Exception {
        feeder.feed(upsert(
                "us-east", "public.orders", 81, Map.of("status", "x"), "{\"us-east\":1}", hlc(1, 0), single("1")));
        RowKey key = new RowKey("public.orders", List.of("81"));
        var written = StoredVersion.live(Map.of("id", 81L, "status", "x"), "{\"us-east\":1}", 1, "us-east", null);
        var other = StoredVersion.live(Map.of("id", 81L, "status", "x"), "{\"eu-west\":1}", 1, "eu-west", null);
        try (var connection = db.connect()) {
            TableShape shape =
                    new TableCatalog().shape(connection, "public.orders").orElseThrow();
            RowWriter.verifyWritten(connection, shape, List.of(new RowWrite(key, shape, written, false, null)));
            var e = org.junit.jupiter.api.Assertions.assertThrows(
                    java.sql.SQLException.class,
                    () -> RowWriter.verifyWritten(
                            connection, shape, List.of(new RowWrite(key, shape, other, false, null))));
            assertEquals("40001", e.getSQLState());
        }
    }

    private void concurrentLocalInsertIsResolved() throws Exception {
        long t = 1_764_000_000_000L; // older than the local write: the local row must win
        // key 79 rides along so the upsert is a real multi-row batch
        var raced = upsert(
                "us-east",
                "public.orders",
                77,
                Map.of("status", "remote"),
                "{\"us-east\":1}",
                hlc(t, 0),
                tx("1", 0, false));
        var free = upsert(
                "us-east",
                "public.orders",
                79,
                Map.of("status", "free"),
                "{\"us-east\":1}",
                hlc(t, 1),
                tx("1", 1, true));
        try (java.sql.Connection client = db.connect()) {
            client.setAutoCommit(false);
            try (var statement = client.createStatement()) {
                statement.execute("INSERT INTO public.orders (id, status) VALUES (77, 'local')");
            }
            var applying = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                try {
                    return feeder.feed(raced, free);
                } catch (java.sql.SQLException e) {
                    throw new java.util.concurrent.CompletionException(e);
                }
            });
            // the applier read "no row" and now waits on the client's uncommitted insert
            org.awaitility.Awaitility.await()
                    .atMost(java.time.Duration.ofSeconds(20))
                    .until(() -> db.count(
                                    "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
                                            + " AND wait_event_type = 'Lock' AND query LIKE '%INSERT INTO \"public\".\"orders\"%'")
                            == 1);
            client.commit();
            var failure = org.junit.jupiter.api.Assertions.assertThrows(
                    java.util.concurrent.CompletionException.class, applying::join);
            assertEquals("40001", ((java.sql.SQLException) failure.getCause()).getSQLState());
        }
        assertEquals(
                "local", db.one("SELECT status FROM public.orders WHERE id = 77"), "the local insert was overwritten");
        assertEquals(
                0, db.count("SELECT count(*) FROM public.orders WHERE id = 79"), "the failed batch was half applied");
        // the retried batch resolves against the local row
        BatchResult retried = feeder.applyRecords(List.of(
                new PolledRecord(0, feeder.codec.encode(raced)), new PolledRecord(1, feeder.codec.encode(free))));
        assertEquals(1, retried.conflicts());
        assertEquals("local", db.one("SELECT status FROM public.orders WHERE id = 77"));
        assertEquals("free", db.one("SELECT status FROM public.orders WHERE id = 79"));
        assertEquals(
                "t",
                db.one(
                        "SELECT tandem_vv = '{\"eu-west\": 1, \"us-east\": 1}'::jsonb FROM public.orders WHERE id = 77"));
    }

    @Test
    void heartbeatsAreAppliedAndDriveTheLag() throws Exception {
        long now = System.currentTimeMillis();
        feeder.feed(new io.tandem.replicator.event.ChangeEvent(
                "us-east",
                "tandem.heartbeat",
                io.tandem.replicator.event.ChangeOp.UPSERT,
                Map.of("region", "us-east"),
                Map.of("region", "us-east", "beat", 42L, "beat_at", "2026-11-25 11:00:00+00"),
                "{\"us-east\":1}",
                hlc(now, 0),
                "us-east",
                null,
                new io.tandem.replicator.event.SourceTx("77", 5000, 0, true, now - 250)));
        assertEquals("42", db.one("SELECT beat FROM tandem.heartbeat WHERE region = 'us-east'"));
        double lag = feeder.registry.find("tandem.apply.lag").gauge().value();
        assertTrue(lag >= 250 && lag < 60_000, "lag " + lag);
        assertEquals("5000", db.one("SELECT applied_lsn FROM tandem.apply_position"));
    }
}
