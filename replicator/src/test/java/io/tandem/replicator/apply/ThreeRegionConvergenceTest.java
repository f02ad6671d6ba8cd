package io.tandem.replicator.apply;

import static io.tandem.replicator.apply.Events.hlc;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tandem.replicator.config.PolicyMapping;
import io.tandem.replicator.config.TableMode;
import io.tandem.replicator.config.TableSpec;
import io.tandem.replicator.event.ChangeEvent;
import io.tandem.replicator.event.ChangeOp;
import io.tandem.replicator.event.SourceTx;
import io.tandem.resolver.LocalWrite;
import io.tandem.resolver.LocalWrites;
import io.tandem.resolver.policy.TablePolicy;
import io.tandem.resolver.row.RowVersion;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledIfSystemProperty;

/**
 * Convergence through the database: three regions make concurrent writes (column updates, counter
 * deltas, deletes) to the same keys; each region's database receives every write — the other
 * regions' streams interleaved at random, some delivered twice — and all three end with identical
 * rows, tombstones and metadata. Seeded: {@code -Dtandem.test.seed=<n>} re-runs a printed seed.
 */
@DisabledIfSystemProperty(named = "skipITs", matches = "true", disabledReason = "needs a real PostgreSQL")
class ThreeRegionConvergenceTest {
    private static final List<String> REGIONS = List.of("us-east", "eu-west", "ap-south");
    private static final TableSpec ITEMS = new TableSpec(
            "public.items", List.of("id"), TableMode.MULTI_WRITER, "column-merge", Set.of("qty"), Optional.empty());
    private static final TablePolicy POLICY = PolicyMapping.of(ITEMS);
    private static final int KEYS = 30;
    private static final Map<String, TestDatabase> DATABASES = new HashMap<>();

    @BeforeAll
    static void startDatabases() {
        for (String region : REGIONS) {
            TestDatabase db = new TestDatabase();
            db.execute("CREATE TABLE public.items (id bigint PRIMARY KEY, name text, note text, qty bigint,"
                    + " tandem_vv jsonb, tandem_hlc bigint, tandem_origin text, tandem_meta jsonb,"
                    + " tandem_applied_from text)");
            DATABASES.put(region, db);
        }
    }

    @AfterAll
    static void stopDatabases() throws Exception {
        for (TestDatabase db : DATABASES.values()) {
            db.close();
        }
    }

    private static ChangeEvent event(String region, long id, RowVersion version, int seq) {
        return new ChangeEvent(
                region,
                "public.items",
                version.deleted() ? ChangeOp.DELETE : ChangeOp.UPSERT,
                Map.of("id", id),
                version.values(),
                version.vv().toJson(),
                version.hlc(),
                version.origin(),
                version.meta().toJson(),
                new SourceTx(region + "-" + seq, seq, 0, true, System.currentTimeMillis()));
    }

    @Test
    void everyRegionEndsWithTheSameRows() throws Exception {
        long seed = Long.getLong("tandem.test.seed", System.nanoTime());
        System.out.println("ThreeRegionConvergenceTest seed=" + seed);
        Random random = new Random(seed);
        long t = System.currentTimeMillis();

        // us-east creates every key; then each region writes each key concurrently, on top of that
        Map<String, List<ChangeEvent>> streams = new HashMap<>();
        REGIONS.forEach(r -> streams.put(r, new ArrayList<>()));
        int seq = 0;
        for (long id = 0; id < KEYS; id++) {
            RowVersion created = LocalWrites.apply(
                    Optional.empty(),
                    LocalWrite.upsert(
                            "us-east", hlc(t, (int) id), Map.of("id", id, "name", "n" + id, "note", "-", "qty", 100L)),
                    POLICY);
            streams.get("us-east").add(event("us-east", id, created, seq++));
            for (int r = 0; r < REGIONS.size(); r++) {
                String region = REGIONS.get(r);
                long stamp = hlc(t + 1 + random.nextInt(5), 100 + r);
                LocalWrite write =
                        switch (random.nextInt(4)) {
                            case 0 -> LocalWrite.increment(region, stamp, "qty", -(1 + random.nextInt(9)));
                            case 1 -> LocalWrite.upsert(region, stamp, Map.of("id", id, "name", region + "-" + id));
                            case 2 -> LocalWrite.upsert(region, stamp, Map.of("id", id, "note", "by " + region));
                            default -> LocalWrite.delete(region, stamp);
                        };
                streams.get(region)
                        .add(event(region, id, LocalWrites.apply(Optional.of(created), write, POLICY), seq++));
            }
        }

        for (String target : REGIONS) {
            TestDatabase db = DATABASES.get(target);
            Map<String, Feeder> feeders = new HashMap<>();
            Map<String, Integer> next = new HashMap<>();
            for (String source : REGIONS) {
                feeders.put(source, new Feeder(db, source, Map.of(ITEMS.name(), ITEMS)));
                next.put(source, 0);
            }
            List<ChangeEvent> delivered = new ArrayList<>();
            // us-east's creations first would be too kind: interleave all streams at random
            while (next.entrySet().stream()
                    .anyMatch(e -> e.getValue() < streams.get(e.getKey()).size())) {
                String source = REGIONS.get(random.nextInt(REGIONS.size()));
                List<ChangeEvent> stream = streams.get(source);
                int from = next.get(source);
                if (from >= stream.size()) {
                    continue;
                }
                int to = Math.min(stream.size(), from + 1 + random.nextInt(8));
                List<ChangeEvent> chunk = new ArrayList<>(stream.subList(from, to));
                if (!delivered.isEmpty() && random.nextInt(4) == 0) {
                    ChangeEvent again = delivered.get(random.nextInt(delivered.size()));
                    if (again.sourceRegion().equals(source)) {
                        chunk.add(again); // redelivered at a later offset (capture re-sent it)
                    }
                }
                feeders.get(source).feed(chunk.toArray(ChangeEvent[]::new));
                delivered.addAll(stream.subList(from, to));
                next.put(source, to);
            }
        }

        String rows = "SELECT id, name, note, qty, tandem_vv::text, tandem_hlc, tandem_origin, tandem_meta::text"
                + " FROM public.items ORDER BY id";
        String tombstones = "SELECT pk::text, tandem_vv::text, tandem_hlc, tandem_origin, tandem_meta::text"
                + " FROM tandem.tombstones ORDER BY pk::text";
        TestDatabase first = DATABASES.get(REGIONS.get(0));
        for (String region : REGIONS.subList(1, REGIONS.size())) {
            assertEquals(
                    first.rows(rows), DATABASES.get(region).rows(rows), "rows differ in " + region + ", seed " + seed);
            assertEquals(
                    first.rows(tombstones),
                    DATABASES.get(region).rows(tombstones),
                    "tombstones differ in " + region + ", seed " + seed);
        }
        assertEquals(KEYS, first.rows(rows).size() + first.rows(tombstones).size(), "seed " + seed);
        for (String region : REGIONS) {
            long conflicts = DATABASES.get(region).count("SELECT count(*) FROM tandem.conflict_log");
            System.out.println("ThreeRegionConvergenceTest " + region + " resolved " + conflicts + " conflicts");
            org.junit.jupiter.api.Assertions.assertTrue(conflicts > 0, "no concurrency was exercised, seed " + seed);
        }
    }
}
