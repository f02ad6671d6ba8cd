package io.tandem.cli.daemon;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tandem.controller.intent.Intent;
import io.tandem.controller.intent.IntentStore;
import io.tandem.controller.ownership.OwnershipState;
import io.tandem.controller.ownership.OwnershipStore;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.condition.DisabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three in-process region daemons on real PostgreSQL, Kafka and ZooKeeper, configured only through
 * their region files and the cluster configuration in ZooKeeper: writes replicate, owned groups are
 * fenced where they are not owned, a switchover moves a group with no lost write, and a cluster
 * configuration change (a new table) takes effect in every daemon without a restart.
 */
@DisabledIfSystemProperty(named = "skipITs", matches = "true", disabledReason = "needs real servers")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RegionDaemonIntegrationTest {
    static final Duration DEADLINE = Duration.ofSeconds(60);
    static final String SCHEMA =
            "CREATE TABLE public.orders (id bigint PRIMARY KEY, customer text NOT NULL, total int);"
                    + "CREATE TABLE public.carts (id bigint PRIMARY KEY, owner text, items int NOT NULL DEFAULT 0);"
                    + "CREATE TABLE public.notes (id bigint PRIMARY KEY, body text)";
    static final String CONFIG = """
            regions: [us-east, eu-west, ap-south]
            shards: 4
            groups:
              - {name: g-us, owner: us-east}
              - {name: g-eu, owner: eu-west}
            tables:
              - {name: public.orders, key: [id], mode: owned, shard-key: customer, policy: lww}
              - {name: public.carts, key: [id], mode: multi-writer, policy: lww, counters: [items]}
            """;

    @TempDir
    static Path dir;

    static DaemonCluster cluster;

    @BeforeAll
    static void start() throws Exception {
        cluster = new DaemonCluster(dir, SCHEMA);
        cluster.setConfig(CONFIG);
        cluster.startDaemons();
    }

    @AfterAll
    static void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    @Order(1)
    void everyDaemonIsHealthyAndServesItsStatusPage() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        for (RegionDaemon daemon : cluster.daemons.values()) {
            URI healthz = URI.create("http://127.0.0.1:" + daemon.httpPort() + "/healthz");
            await().atMost(DEADLINE)
                    .untilAsserted(() -> assertEquals(
                            200,
                            http.send(HttpRequest.newBuilder(healthz).build(), HttpResponse.BodyHandlers.ofString())
                                    .statusCode(),
                            daemon.region() + " health: " + daemon.health()));
            String status = http.send(
                            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + daemon.httpPort() + "/api/status"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString())
                    .body();
            assertTrue(status.contains("\"g-us\""), status);
            String metrics = http.send(
                            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + daemon.httpPort() + "/metrics"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString())
                    .body();
            assertTrue(metrics.contains("tandem_"), "Prometheus metrics of " + daemon.region());
            assertTrue(
                    metrics.contains("tandem_zookeeper_connected{region=\"" + daemon.region() + "\"} 1.0"),
                    "ZooKeeper session state of " + daemon.region());
        }
    }

    @Test
    @Order(2)
    void multiWriterRowsAndCountersReachEveryRegion() {
        for (int r = 0; r < DaemonCluster.REGIONS.size(); r++) {
            String region = DaemonCluster.REGIONS.get(r);
            int id = r;
            await().atMost(DEADLINE).ignoreExceptions().until(() -> {
                cluster.exec(
                        region,
                        "INSERT INTO public.carts VALUES (" + (100 + id) + ", '" + region + "', 1)"
                                + " ON CONFLICT (id) DO NOTHING");
                return true;
            });
        }
        for (String region : DaemonCluster.REGIONS) {
            await().atMost(DEADLINE)
                    .untilAsserted(() -> assertEquals(
                            List.of(List.of("3")),
                            cluster.rows(region, "SELECT count(*) FROM public.carts WHERE id BETWEEN 100 AND 102")));
        }
    }

    @Test
    @Order(3)
    void ownedRowsAreWritableOnlyAtTheirOwnerAndASwitchoverLosesNothing() throws Exception {
        String usCustomer = customerOf("g-us");
        await().atMost(DEADLINE).ignoreExceptions().until(() -> {
            cluster.exec("us-east", "INSERT INTO public.orders VALUES (1, '" + usCustomer + "', 10)");
            return true;
        });
        SQLException refused = assertThrows(
                SQLException.class,
                () -> cluster.exec("eu-west", "INSERT INTO public.orders VALUES (2, '" + usCustomer + "', 20)"));
        assertEquals("TD001", refused.getSQLState(), refused.getMessage());

        await().atMost(DEADLINE).untilAsserted(() -> assertEquals("us-east", routedWriteRegion(usCustomer)));

        List<Long> acknowledged = new ArrayList<>();
        for (long id = 10; id < 40; id++) {
            cluster.exec("us-east", "INSERT INTO public.orders VALUES (" + id + ", '" + usCustomer + "', 1)");
            acknowledged.add(id);
        }
        new IntentStore(cluster.operator, cluster.paths)
                .submit(Intent.switchover(
                        "it-1", "g-us", "eu-west", Duration.ofSeconds(20), System.currentTimeMillis(), "test"));
        OwnershipStore ownership = new OwnershipStore(cluster.operator, cluster.paths);
        await().atMost(DEADLINE).untilAsserted(() -> {
            var o = ownership.read("g-us").orElseThrow().value();
            assertEquals("eu-west", o.owner());
            assertEquals(OwnershipState.ACTIVE, o.state());
        });
        // Every write acknowledged by the old owner is at the new owner the moment it may write.
        assertEquals(
                List.of(List.of(String.valueOf(acknowledged.size()))),
                cluster.rows("eu-west", "SELECT count(*) FROM public.orders WHERE id BETWEEN 10 AND 39"));
        await().atMost(DEADLINE).ignoreExceptions().until(() -> {
            cluster.exec("eu-west", "INSERT INTO public.orders VALUES (100, '" + usCustomer + "', 30)");
            return true;
        });
        SQLException fenced = assertThrows(
                SQLException.class,
                () -> cluster.exec("us-east", "INSERT INTO public.orders VALUES (101, '" + usCustomer + "', 40)"));
        assertEquals("TD001", fenced.getSQLState(), fenced.getMessage());
        // The router the ap-south daemon serves follows the move.
        await().atMost(DEADLINE).untilAsserted(() -> assertEquals("eu-west", routedWriteRegion(usCustomer)));
    }

    /** Where the router served by the {@link DaemonCluster#ROUTING_REGION} daemon sends a write of this customer's orders. */
    private static String routedWriteRegion(String customer) throws Exception {
        RegionDaemon routing = cluster.daemons.get(DaemonCluster.ROUTING_REGION);
        assertTrue(routing.routerGrpcPort() > 0, "router.enabled daemon serves gRPC");
        HttpResponse<String> reply = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + routing.routerHttpPort() + "/v1/route"))
                                .POST(HttpRequest.BodyPublishers.ofString("{\"table\":\"public.orders\",\"key\":\""
                                        + customer + "\",\"intent\":\"WRITE\",\"client_region\":\"ap-south\"}"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertEquals(200, reply.statusCode(), reply.body());
        return new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(reply.body())
                .path("region")
                .asText();
    }

    @Test
    @Order(4)
    void aClusterConfigurationChangeTakesEffectInEveryDaemonWithoutARestart() throws Exception {
        List<Integer> before = cluster.daemons.values().stream()
                .map(RegionDaemon::configChanges)
                .toList();
        cluster.setConfig(CONFIG + "  - {name: public.notes, key: [id], mode: multi-writer, policy: lww}\n");
        for (RegionDaemon daemon : cluster.daemons.values()) {
            await().atMost(DEADLINE).until(() -> daemon.clusterConfig()
                    .flatMap(c -> c.table("public.notes"))
                    .isPresent());
            assertEquals(RegionDaemon.State.RUNNING, daemon.state());
        }
        List<Integer> after = cluster.daemons.values().stream()
                .map(RegionDaemon::configChanges)
                .toList();
        for (int i = 0; i < before.size(); i++) {
            assertTrue(after.get(i) > before.get(i), "daemon " + i + " applied the change");
        }
        cluster.exec("ap-south", "INSERT INTO public.notes VALUES (1, 'added live')");
        for (String region : List.of("us-east", "eu-west")) {
            await().atMost(DEADLINE)
                    .untilAsserted(() -> assertEquals(
                            List.of(List.of("added live")),
                            cluster.rows(region, "SELECT body FROM public.notes WHERE id = 1")));
        }
        assertFalse(cluster.rows("us-east", "SELECT 1 FROM tandem.dead_letter").size() > 0, "no dead letters");
    }

    /** A customer key whose shard belongs to {@code group} (shards 0-1 are g-us, 2-3 g-eu). */
    /**
     * {@code tandem check}: every daemon digests the replicated tables in its own database after catching
     * up to the request; a row changed behind Tandem's back in one region is named, by table and region.
     */
    @Test
    @Order(5)
    void aClusterWideCheckFindsARowChangedBehindTandemsBack() throws Exception {
        String zk = cluster.servers.zooKeeper().connectString();
        Run consistent = tandem("check", "--zookeeper", zk, "--cluster", DaemonCluster.CLUSTER, "--wait", "60s");
        assertEquals(0, consistent.code(), consistent.out() + consistent.err());
        assertTrue(consistent.out().contains("result=consistent"), consistent.out());

        cluster.exec(
                "eu-west",
                "SET session_replication_role = replica; UPDATE public.carts SET items = 999 WHERE id = 100");
        Run differs = tandem("check", "--zookeeper", zk, "--cluster", DaemonCluster.CLUSTER, "--wait", "60s");
        assertEquals(1, differs.code(), differs.out() + differs.err());
        assertTrue(differs.out().contains("public.carts differs:"), differs.out());
        assertTrue(differs.out().contains("result=differs tables=public.carts\n"), differs.out());
        for (String region : DaemonCluster.REGIONS) {
            assertTrue(differs.out().contains("  " + region), differs.out());
        }
        HttpClient http = HttpClient.newHttpClient();
        RegionDaemon usEast = cluster.daemons.get("us-east");
        await().atMost(DEADLINE)
                .untilAsserted(() -> assertTrue(
                        http.send(
                                        HttpRequest.newBuilder(URI.create(
                                                        "http://127.0.0.1:" + usEast.httpPort() + "/metrics"))
                                                .build(),
                                        HttpResponse.BodyHandlers.ofString())
                                .body()
                                .contains("tandem_consistency_differing_tables 1.0"),
                        "the daemons log and count the differing table"));
        String status = http.send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + usEast.httpPort() + "/api/status"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
        assertTrue(
                status.contains("\"state\":\"DIFFERS\",\"waitingFor\":[],\"differingTables\":[\"public.carts\"]"),
                "the status page shows the latest check first: " + status);
        assertTrue(status.contains("\"state\":\"CONSISTENT\""), "and the one before it: " + status);

        Run operatorStatus = tandem("status", "--zookeeper", zk, "--cluster", DaemonCluster.CLUSTER);
        assertEquals(0, operatorStatus.code(), operatorStatus.out() + operatorStatus.err());
        assertTrue(operatorStatus.out().contains("LATEST CONSISTENCY CHECK"), operatorStatus.out());
        assertTrue(operatorStatus.out().contains(" DIFFERS ("), operatorStatus.out());
        assertTrue(operatorStatus.out().contains("  differing tables: public.carts;"), operatorStatus.out());
    }

    private record Run(int code, String out, String err) {}

    private static Run tandem(String... args) {
        java.io.StringWriter out = new java.io.StringWriter();
        java.io.StringWriter err = new java.io.StringWriter();
        var cli = io.tandem.cli.TandemCommand.commandLine();
        cli.setOut(new java.io.PrintWriter(out));
        cli.setErr(new java.io.PrintWriter(err));
        int code = cli.execute(args);
        System.out.printf("tandem %s -> exit %d%n%s%s", List.of(args), code, out, err);
        return new Run(code, out.toString(), err.toString());
    }

    static String customerOf(String group) {
        for (int i = 0; i < 1000; i++) {
            String key = "c" + i;
            int shard = io.tandem.controller.fence.ShardHash.shardOf(key, 4);
            if ((shard < 2 ? "g-us" : "g-eu").equals(group)) {
                return key;
            }
        }
        throw new IllegalStateException("no key maps to " + group);
    }
}
