package io.tandem.replicator.capture;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tandem.replicator.config.TableMode;
import io.tandem.replicator.config.TableSpec;
import io.tandem.replicator.event.ChangeEvent;
import io.tandem.replicator.event.ChangeOp;
import io.tandem.replicator.metrics.ReplicationMetrics;
import io.tandem.replicator.schema.ReplicationNames;
import io.tandem.replicator.schema.SchemaBootstrap;
import io.tandem.replicator.testing.CollectingSink;
import io.tandem.replicator.testing.TestPostgres;
import io.tandem.replicator.testing.TestPostgres.Db;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledIfSystemProperty;

/**
 * Invariant "no loops" in a full mesh of three regions: every region captures, a minimal test
 * applier (plain upserts in applier mode, no conflict resolution: the writes here do not conflict)
 * delivers each region's events to the two others, and each region must ship exactly its own local
 * writes — never an applied one — while all three converge.
 */
@DisabledIfSystemProperty(named = "skipITs", matches = "true", disabledReason = "needs a real PostgreSQL")
class MeshLoopPreventionTest {
    private static final List<TableSpec> TABLES =
            List.of(new TableSpec("public.items", List.of("id"), TableMode.MULTI_WRITER, null, null, null));
    private static final Duration DEADLINE = Duration.ofSeconds(60);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final class Region {
        final String name;
        final Db db;
        final CollectingSink sink = new CollectingSink();
        final Capture capture;
        int delivered;

        Region(String name) throws SQLException {
            this.name = name;
            this.db = TestPostgres.newDatabase();
            db.execute("CREATE TABLE public.items (id bigint PRIMARY KEY, label text)");
            ReplicationNames names = new ReplicationNames(name);
            try (Connection c = db.connect()) {
                new SchemaBootstrap(names, TABLES).run(c);
            }
            capture = new Capture(
                    CaptureSettings.of(names, "localhost", db.port(), db.name(), "postgres", null, TABLES),
                    sink,
                    new ReplicationMetrics(new SimpleMeterRegistry(), name));
            capture.start();
        }
    }

    private final List<Region> regions = new ArrayList<>();

    @AfterEach
    void stop() throws SQLException {
        for (Region r : regions) {
            r.capture.close();
            r.db.dropSlots();
        }
    }

    @Test
    void eachRegionShipsOnlyItsOwnWritesAndAllConverge() throws Exception {
        Region a = new Region("mesh-a");
        Region b = new Region("mesh-b");
        Region c = new Region("mesh-c");
        regions.addAll(List.of(a, b, c));

        a.db.execute("INSERT INTO public.items VALUES (1, 'from a')");
        b.db.execute("INSERT INTO public.items VALUES (2, 'from b')");
        c.db.execute("INSERT INTO public.items VALUES (3, 'from c')");
        pumpUntil("1:from a|2:from b|3:from c");

        a.db.execute("UPDATE public.items SET label = 'a updated b''s row' WHERE id = 2");
        c.db.execute("DELETE FROM public.items WHERE id = 1");
        pumpUntil("2:a updated b's row|3:from c");

        // Capture is ordered: once a marker written after everything is captured, any echo of an
        // applied write would have been captured before it.
        for (Region r : regions) {
            r.db.execute("INSERT INTO tandem.heartbeat VALUES ('" + r.name + "', 1, now())");
        }
        await().atMost(DEADLINE).until(() -> regions.stream()
                .allMatch(r -> r.sink.events().stream().anyMatch(e -> e.table().equals("tandem.heartbeat"))));

        assertEquals(List.of("UPSERT 1", "UPSERT 2", "UPSERT heartbeat"), shipped(a));
        assertEquals(List.of("UPSERT 2", "UPSERT heartbeat"), shipped(b));
        assertEquals(List.of("UPSERT 3", "DELETE 1", "UPSERT heartbeat"), shipped(c));
        for (Region r : regions) {
            for (ChangeEvent e : r.sink.events()) {
                assertEquals(r.name, e.origin(), "region " + r.name + " shipped a change made elsewhere: " + e);
            }
            assertEquals(
                    "{\"mesh-a\": 1, \"mesh-b\": 1}",
                    scalar(r.db, "SELECT tandem_vv::text FROM public.items WHERE id = 2"));
            assertEquals(
                    "{\"mesh-a\": 1, \"mesh-c\": 1}", scalar(r.db, "SELECT tandem_vv::text FROM tandem.tombstones"));
        }
    }

    private static List<String> shipped(Region r) {
        return r.sink.events().stream()
                .map(e -> e.op() + " "
                        + (e.table().equals("tandem.heartbeat")
                                ? "heartbeat"
                                : e.key().get("id")))
                .toList();
    }

    private void pumpUntil(String expectedEverywhere) {
        await().atMost(DEADLINE).pollInterval(Duration.ofMillis(20)).until(() -> {
            pump();
            for (Region r : regions) {
                if (!expectedEverywhere.equals(scalar(
                        r.db,
                        "SELECT coalesce(string_agg(id || ':' || label, '|' ORDER BY id), '') FROM public.items"))) {
                    return false;
                }
            }
            return true;
        });
    }

    /** Delivers every region's newly captured events to the two other regions. */
    private void pump() throws Exception {
        for (Region source : regions) {
            List<ChangeEvent> events = source.sink.events();
            for (ChangeEvent event : events.subList(source.delivered, events.size())) {
                for (Region target : regions) {
                    if (target != source) {
                        apply(target.db, source.name, event);
                    }
                }
            }
            source.delivered = events.size();
        }
    }

    /** A minimal applier: applier mode, metadata as shipped, applied_from = the source region. */
    private static void apply(Db db, String source, ChangeEvent event) throws Exception {
        if (event.table().equals("tandem.heartbeat")) {
            return;
        }
        try (Connection c = db.connect()) {
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                s.execute("SET LOCAL tandem.apply = 'on'");
            }
            if (event.op() == ChangeOp.UPSERT) {
                ObjectNode row = JSON.valueToTree(event.row());
                row.set("tandem_vv", JSON.readTree(event.versionVector()));
                row.put("tandem_hlc", event.hlc());
                row.put("tandem_origin", event.origin());
                row.set("tandem_meta", event.meta() == null ? null : JSON.readTree(event.meta()));
                row.put("tandem_applied_from", source);
                try (PreparedStatement upsert = c.prepareStatement("INSERT INTO public.items SELECT * FROM"
                        + " jsonb_populate_record(NULL::public.items, ?::jsonb) ON CONFLICT (id) DO UPDATE SET"
                        + " label = EXCLUDED.label, tandem_vv = EXCLUDED.tandem_vv, tandem_hlc = EXCLUDED.tandem_hlc,"
                        + " tandem_origin = EXCLUDED.tandem_origin, tandem_meta = EXCLUDED.tandem_meta,"
                        + " tandem_applied_from = EXCLUDED.tandem_applied_from")) {
                    upsert.setString(1, JSON.writeValueAsString(row));
                    upsert.executeUpdate();
                }
            } else {
                try (PreparedStatement delete = c.prepareStatement("DELETE FROM public.items WHERE id = ?");
                        PreparedStatement tombstone = c.prepareStatement("INSERT INTO tandem.tombstones (table_name,"
                                + " pk, tandem_vv, tandem_hlc, tandem_origin, tandem_meta, tandem_applied_from)"
                                + " VALUES (?, ?::jsonb, ?::jsonb, ?, ?, ?::jsonb, ?)")) {
                    delete.setLong(1, ((Number) event.key().get("id")).longValue());
                    delete.executeUpdate();
                    tombstone.setString(1, event.table());
                    tombstone.setString(2, JSON.writeValueAsString(event.key()));
                    tombstone.setString(3, event.versionVector());
                    tombstone.setLong(4, event.hlc());
                    tombstone.setString(5, event.origin());
                    tombstone.setString(6, event.meta());
                    tombstone.setString(7, source);
                    tombstone.executeUpdate();
                }
            }
            c.commit();
        }
    }

    private static String scalar(Db db, String sql) throws SQLException {
        try (Connection c = db.connect();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
