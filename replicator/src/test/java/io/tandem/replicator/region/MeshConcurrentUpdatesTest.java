package io.tandem.replicator.region;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tandem.replicator.config.TableMode;
import io.tandem.replicator.config.TableSpec;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledIfSystemProperty;

/**
 * Acceptance 2: the same rows updated concurrently in all three regions (each region writes while
 * no region replicates, so every write is concurrent with the other two) converge to identical rows
 * and versions everywhere, and each region logs every concurrent overwrite it resolved.
 */
@DisabledIfSystemProperty(named = "skipITs", matches = "true", disabledReason = "needs real PostgreSQL and Kafka")
class MeshConcurrentUpdatesTest {
    static final TableSpec ACCOUNTS =
            new TableSpec("public.accounts", List.of("id"), TableMode.MULTI_WRITER, "lww", Set.of(), Optional.empty());
    static final int KEYS = 10;

    static Mesh mesh;

    @BeforeAll
    static void start() throws Exception {
        mesh = Mesh.create(
                List.of(ACCOUNTS), "CREATE TABLE public.accounts (id bigint PRIMARY KEY, owner text, note text)");
        mesh.startAll();
    }

    @AfterAll
    static void stop() {
        if (mesh != null) {
            mesh.close();
        }
    }

    @Test
    void concurrentUpdatesConvergeToTheSameRowsAndVersionsAndAreLogged() throws Exception {
        mesh.exec(
                "us-east",
                "INSERT INTO public.accounts SELECT g, 'owner-' || g, 'initial' FROM generate_series(1, " + KEYS
                        + ") g");
        mesh.awaitConsistent(ACCOUNTS, Mesh.DEADLINE);

        // no delivery anywhere: every region's update of a key is concurrent with the other two
        mesh.stopAll();
        long started = System.nanoTime();
        for (String region : Mesh.REGIONS) {
            mesh.exec(
                    region,
                    "UPDATE public.accounts SET note = 'by " + region + "', owner = owner || '@" + region + "'");
        }
        for (String region : Mesh.REGIONS) {
            mesh.start(region);
        }
        var report = mesh.awaitConsistent(ACCOUNTS, Mesh.DEADLINE);
        long millis = (System.nanoTime() - started) / 1_000_000;

        // identical rows AND versions (TableVerifier compares tandem_vv, tandem_hlc, tandem_origin, tandem_meta)
        assertEquals(KEYS, report.rowsByRegion().get("us-east"));
        List<List<String>> winners = mesh.rows(
                "us-east",
                "SELECT DISTINCT note, tandem_origin,"
                        + " (tandem_vv = '{\"us-east\": 2, \"eu-west\": 1, \"ap-south\": 1}'::jsonb)::text FROM public.accounts ORDER BY 1");
        System.out.println("MeshConcurrentUpdatesTest: winners " + winners + ", converged in " + millis + " ms");
        for (List<String> winner : winners) {
            assertEquals("by " + winner.get(1), winner.get(0), "the winning values are the winning origin's");
            assertEquals("true", winner.get(2), "the resolved version covers all three writes");
        }
        // each region received two concurrent updates of each key (one per peer): both were conflicts it resolved
        for (String region : Mesh.REGIONS) {
            List<List<String>> log = mesh.rows(
                    region,
                    "SELECT source_region, count(*), count(DISTINCT pk) FROM tandem.conflict_log"
                            + " WHERE table_name = 'public.accounts' GROUP BY 1 ORDER BY 1");
            System.out.println("MeshConcurrentUpdatesTest: " + region + " conflict_log " + log);
            List<List<String>> expected = Mesh.REGIONS.stream()
                    .filter(r -> !r.equals(region))
                    .sorted()
                    .map(peer -> List.of(peer, String.valueOf(KEYS), String.valueOf(KEYS)))
                    .toList();
            assertEquals(expected, log, region + ": one logged conflict per key and peer");
        }
    }
}
