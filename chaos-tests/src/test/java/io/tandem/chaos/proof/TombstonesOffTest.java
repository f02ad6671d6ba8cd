package io.tandem.chaos.proof;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.tandem.chaos.check.CheckResult;
import io.tandem.chaos.check.ConvergenceChecker;
import io.tandem.chaos.fault.LinkState;
import io.tandem.chaos.harness.ChaosCluster;
import io.tandem.chaos.harness.ChaosRun;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledIfSystemProperty;

/**
 * With tombstones deleted in one region, an update that a delete had causally superseded arrives
 * late there and brings the deleted row back; the convergence checker says so.
 *
 * <p>us-east updates cart 1; eu-west applies it and deletes the cart; ap-south, cut off from
 * us-east, applies the delete first. Its tombstone is removed (the switch-off), then the link heals
 * and us-east's older update arrives with nothing to compare against.
 */
@DisabledIfSystemProperty(named = "skipITs", matches = "true", disabledReason = "needs real servers")
class TombstonesOffTest {
    static final Duration DEADLINE = Duration.ofSeconds(60);

    @Test
    void convergenceCheckerCatchesADeletedRowThatCameBack() throws Exception {
        try (ChaosRun run = ChaosRun.start(ChaosRun.Mode.IN_PROCESS)) {
            ChaosCluster cluster = run.cluster();
            exec(cluster, "us-east", "INSERT INTO public.carts (id, label, qty) VALUES (900001, 'first', 0)");
            await().atMost(DEADLINE)
                    .until(() -> count(cluster, "ap-south", "id = 900001") == 1
                            && count(cluster, "eu-west", "id = 900001") == 1);

            cluster.link(ChaosCluster.kafkaLink("us-east", "ap-south")).set(LinkState.partitioned());
            exec(cluster, "us-east", "UPDATE public.carts SET label = 'updated' WHERE id = 900001");
            await().atMost(DEADLINE).until(() -> count(cluster, "eu-west", "label = 'updated'") == 1);
            exec(cluster, "eu-west", "DELETE FROM public.carts WHERE id = 900001");
            await().atMost(DEADLINE).until(() -> count(cluster, "ap-south", "id = 900001") == 0);

            exec(cluster, "ap-south", "DELETE FROM tandem.tombstones WHERE pk = '{\"id\": 900001}'::jsonb");
            cluster.link(ChaosCluster.kafkaLink("us-east", "ap-south")).heal();
            await().atMost(DEADLINE).until(() -> count(cluster, "ap-south", "id = 900001") == 1);
            System.out.println("TombstonesOffTest: ap-south's tombstone removed; the deleted cart came back there");

            CheckResult result = new ConvergenceChecker().check(run.context());
            System.out.println("  " + result);
            assertFalse(result.passed(), "the convergence checker must fail when a deleted row comes back: " + result);
        }
    }

    private static void exec(ChaosCluster cluster, String region, String sql) throws SQLException {
        try (Connection c = cluster.db(region).getConnection();
                Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private static long count(ChaosCluster cluster, String region, String where) throws SQLException {
        try (Connection c = cluster.db(region).getConnection();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT count(*) FROM public.carts WHERE " + where)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
