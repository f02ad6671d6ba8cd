package io.tandem.cli.daemon;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.tandem.cli.cluster.ClusterConfigCodec;
import io.tandem.cli.cluster.ClusterConfigStore;
import io.tandem.cli.config.ConfigLoader;
import io.tandem.cli.config.DaemonSettings;
import io.tandem.controller.ZkPaths;
import io.tandem.embedded.kafka.KafkaBroker;
import io.tandem.embedded.kafka.KafkaSettings;
import io.tandem.embedded.postgres.PostgresServer;
import io.tandem.embedded.postgres.PostgresSettings;
import io.tandem.embedded.tls.TestCertificates;
import io.tandem.embedded.zookeeper.ZooKeeperEnsemble;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.ExponentialBackoffRetry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.condition.DisabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * postgres.sslmode and postgres.sslrootcert reach every connection of the daemon: us-east's
 * PostgreSQL takes only TLS connections (hostssl-only pg_hba, certificate from a test CA); with
 * sslmode=verify-full and that CA the daemon bootstraps, captures (Debezium's replication
 * connection), applies and fences over TLS and rows replicate both ways; with another CA, or
 * without TLS, the daemon stays up and its health names the setting to fix.
 */
@DisabledIfSystemProperty(named = "skipITs", matches = "true", disabledReason = "needs real servers")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PostgresTlsIntegrationTest {
    static final Duration DEADLINE = Duration.ofSeconds(60);
    static final String CLUSTER = "pgtls";
    static final String SCHEMA = "CREATE TABLE public.notes (id bigint PRIMARY KEY, body text)";
    static final String CONFIG = """
            regions: [us-east, eu-west]
            shards: 2
            groups:
              - {name: g-us, owner: us-east}
            tables:
              - {name: public.notes, key: [id], mode: multi-writer, policy: lww}
            """;

    @TempDir
    static Path dir;

    static ZooKeeperEnsemble zooKeeper;
    static KafkaBroker kafka;
    static PostgresServer secure;
    static Path serverCa;
    static PostgresServer plain;
    static CuratorFramework operator;
    static final List<RegionDaemon> daemons = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        zooKeeper = ZooKeeperEnsemble.start("pgtls", 1, dir);
        kafka = KafkaBroker.start(KafkaSettings.of("pgtls").withBaseDir(dir));
        TlsPostgres.Started started = TlsPostgres.start("us-east", TestCertificates.authority("pg-ca"), dir);
        secure = started.server();
        serverCa = started.authority();
        plain = PostgresServer.start(PostgresSettings.of("eu-west").withBaseDir(dir));
        for (PostgresServer pg : List.of(secure, plain)) {
            try (Connection c = pg.connect();
                    Statement s = c.createStatement()) {
                s.execute(SCHEMA);
            }
        }
        operator = CuratorFrameworkFactory.builder()
                .connectString(zooKeeper.connectString())
                .ensembleTracker(false)
                .retryPolicy(new ExponentialBackoffRetry(100, 5))
                .build();
        operator.start();
        assertTrue(operator.blockUntilConnected(30, TimeUnit.SECONDS));
        new ClusterConfigStore(operator, ZkPaths.forCluster(CLUSTER)).set(ClusterConfigCodec.parse(CONFIG, "test"));
    }

    @AfterAll
    static void stop() {
        daemons.forEach(RegionDaemon::close);
        for (AutoCloseable c : new AutoCloseable[] {operator, plain, secure, kafka, zooKeeper}) {
            try {
                if (c != null) {
                    c.close();
                }
            } catch (Exception e) {
                System.err.println("closing " + c + ": " + e);
            }
        }
    }

    @Test
    @Order(1)
    void theServerRefusesPlainTextConnections() {
        SQLException refused = assertThrows(
                SQLException.class,
                () -> DriverManager.getConnection(secure.jdbcUrl() + "?sslmode=disable", "postgres", ""));
        assertTrue(refused.getMessage().contains("no encryption"), refused.getMessage());
    }

    @Test
    @Order(2)
    void aServerCertificateFromAnotherCaIsRefusedNamingTheSetting() throws Exception {
        Path otherCa = TestCertificates.authority("other-ca").authorityFile(dir.resolve("other"));
        String problem = problemOfDaemon("  sslmode: verify-full\n  sslrootcert: " + otherCa + "\n");
        assertTrue(problem.contains("postgres.sslrootcert"), problem);
        assertTrue(problem.contains(otherCa.toString()), problem);
    }

    @Test
    @Order(3)
    void aPlainTextDaemonIsToldToTurnOnTls() throws Exception {
        String problem = problemOfDaemon("  sslmode: disable\n");
        assertTrue(problem.contains("postgres.sslmode"), problem);
        assertTrue(problem.contains("only TLS"), problem);
    }

    @Test
    @Order(4)
    void withVerifyFullAndTheRightCaRowsReplicateBothWaysOverTls() throws Exception {
        RegionDaemon us = daemon("us-east", secure, "  sslmode: verify-full\n  sslrootcert: " + serverCa + "\n");
        RegionDaemon eu = daemon("eu-west", plain, "");
        for (RegionDaemon d : List.of(us, eu)) {
            assertTrue(d.awaitReplicating(Duration.ofSeconds(90)), d.region() + ": " + d.health());
        }
        exec(secure, "INSERT INTO public.notes VALUES (1, 'from us-east')");
        exec(plain, "INSERT INTO public.notes VALUES (2, 'from eu-west')");
        for (PostgresServer pg : List.of(secure, plain)) {
            await().atMost(DEADLINE)
                    .untilAsserted(() -> assertEquals(
                            List.of("from us-east", "from eu-west"),
                            column(pg, "SELECT body FROM public.notes ORDER BY id")));
        }
        // Debezium's replication connection to us-east is encrypted (every connection must be: hostssl only).
        assertEquals(
                List.of("t"), column(secure, "SELECT s.ssl FROM pg_stat_replication r JOIN pg_stat_ssl s USING (pid)"));
        await().atMost(DEADLINE)
                .untilAsserted(() ->
                        assertTrue(us.health().problems().isEmpty(), us.health().toString()));
    }

    /** Starts a us-east daemon with these postgres lines, waits for its problem, closes it. */
    private static String problemOfDaemon(String postgresLines) throws Exception {
        try (RegionDaemon d = newDaemon("us-east", secure, postgresLines)) {
            d.start();
            await().atMost(DEADLINE)
                    .until(() -> d.health().problems().stream().anyMatch(p -> p.contains("configuration failed")));
            assertEquals(RegionDaemon.State.RUNNING, d.state());
            return String.join("; ", d.health().problems());
        }
    }

    private static RegionDaemon daemon(String region, PostgresServer pg, String postgresLines) {
        RegionDaemon d = newDaemon(region, pg, postgresLines);
        daemons.add(d);
        d.start();
        return d;
    }

    private static RegionDaemon newDaemon(String region, PostgresServer pg, String postgresLines) {
        String peer = region.equals("us-east") ? "eu-west" : "us-east";
        String yaml = "cluster: " + CLUSTER + "\nregion: " + region + "\npostgres:\n  url: " + pg.jdbcUrl()
                + "\n  user: " + pg.user() + "\n" + postgresLines
                + "kafka:\n  bootstrap: " + kafka.bootstrapServers()
                + "\npeers:\n  " + peer + ":\n    kafka: " + kafka.bootstrapServers()
                + "\nzookeeper:\n  connect: " + zooKeeper.connectString() + "\n  session-timeout: 2s\n"
                + "http:\n  port: 0\ncapture:\n  heartbeat-interval: 200ms\n";
        var config =
                new ConfigLoader(DaemonSettings.CATALOG, Map.<String, String>of()::get).parse(yaml, region + ".yaml");
        return RegionDaemon.of(
                config, k -> null, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), Clock.systemUTC());
    }

    private static void exec(PostgresServer pg, String sql) throws SQLException {
        pg.execute(sql);
    }

    private static List<String> column(PostgresServer pg, String sql) throws SQLException {
        return pg.column(sql);
    }
}
