package io.tandem.cli.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tandem.cli.ExitCodes;
import io.tandem.cli.TandemCommand;
import io.tandem.cli.cluster.ClusterConfigCodec;
import io.tandem.cli.cluster.ClusterConfigStore;
import io.tandem.controller.ZkPaths;
import io.tandem.embedded.postgres.PostgresServer;
import io.tandem.embedded.postgres.PostgresSettings;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.RetryOneTime;
import org.apache.curator.test.TestingServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/** {@code tandem init --config region.yaml} on a real PostgreSQL, with the tables from ZooKeeper. */
@DisabledIfSystemProperty(named = "skipITs", matches = "true", disabledReason = "needs a real PostgreSQL")
class InitCommandIntegrationTest {
    private static PostgresServer postgres;
    private static TestingServer zk;
    private static CuratorFramework client;

    @TempDir
    static Path dir;

    @BeforeAll
    static void start() throws Exception {
        postgres = PostgresServer.start(PostgresSettings.of("init-cli"));
        postgres.createDatabase("shop");
        try (Connection c = postgres.dataSource("shop").getConnection();
                Statement s = c.createStatement()) {
            s.execute("CREATE TABLE public.carts (id bigint PRIMARY KEY, items bigint NOT NULL DEFAULT 0)");
            s.execute("CREATE TABLE public.orders (id bigint PRIMARY KEY, customer_id bigint, status text)");
        }
        zk = new TestingServer(true);
        client = CuratorFrameworkFactory.newClient(zk.getConnectString(), new RetryOneTime(100));
        client.start();
    }

    @AfterAll
    static void stop() throws Exception {
        if (client != null) {
            client.close();
        }
        if (zk != null) {
            zk.close();
        }
        if (postgres != null) {
            try (Connection c = postgres.dataSource("shop").getConnection();
                    Statement s = c.createStatement()) {
                s.execute("SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots");
            }
            postgres.close();
        }
    }

    private static Path regionFile(String cluster) throws Exception {
        Path file = dir.resolve(cluster + "-us-east.yaml");
        Files.writeString(
                file, """
                cluster: %s
                region: us-east
                postgres:
                  url: %s
                  user: %s
                kafka:
                  bootstrap: 127.0.0.1:9092
                peers:
                  eu-west:
                    kafka: 127.0.0.1:9093
                zookeeper:
                  connect: %s
                """.formatted(cluster, postgres.jdbcUrl("shop"), postgres.user(), zk.getConnectString()));
        return file;
    }

    private static void storeClusterConfig(String cluster, String tables) {
        new ClusterConfigStore(client, ZkPaths.forCluster(cluster))
                .set(ClusterConfigCodec.parse("""
                        regions: [us-east, eu-west]
                        shards: 4
                        groups:
                          - {name: orders-a, owner: us-east}
                          - {name: orders-b, owner: eu-west}
                        tables:
                        %s""".formatted(tables), "test"));
    }

    private record Run(int code, String out, String err) {}

    private static Run init(Path file) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        var cli = TandemCommand.commandLine();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        int code = cli.execute("init", "--config", file.toString());
        System.out.printf("tandem init --config %s -> exit %d%n%s%s", file.getFileName(), code, out, err);
        return new Run(code, out.toString(), err.toString());
    }

    private static String single(String sql) throws SQLException {
        try (Connection c = postgres.dataSource("shop").getConnection();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    @Test
    void installsTheSchemaForTheConfiguredTablesOnceAndThenReportsNothingToDo() throws Exception {
        storeClusterConfig("shop", """
                  - {name: public.carts, key: [id], mode: multi-writer, policy: lww, counters: [items]}
                  - {name: public.orders, key: [id], mode: owned, shard-key: customer_id, policy: lww}
                """);
        Path file = regionFile("shop");

        Run first = init(file);
        assertEquals(ExitCodes.OK, first.code(), first.out() + first.err());
        assertTrue(first.out().contains("tandem schema: installed version 2 (was 0)"), first.out());
        assertTrue(first.out().contains("init result=ok region=us-east tables=2"), first.out());
        assertEquals("us-east", single("SELECT tandem.region()"));
        assertEquals("0", single("SELECT count(*) FROM tandem.repair_log"));
        assertEquals("1", single("SELECT count(*) FROM pg_replication_slots WHERE slot_name = 'tandem_us_east'"));
        assertEquals(
                "2",
                single(
                        "SELECT count(*) FROM pg_trigger WHERE tgrelid = 'public.carts'::regclass AND NOT tgisinternal"));

        assertEquals(
                "1",
                single("SELECT count(*) FROM pg_trigger WHERE tgrelid = 'public.orders'::regclass"
                        + " AND tgname = 'tandem_fence'"),
                "the owned table is fenced");

        Run second = init(file);
        assertEquals(ExitCodes.OK, second.code(), second.out() + second.err());
        assertTrue(second.out().contains("already up to date"), second.out());
        assertTrue(second.out().contains("changes=0"), second.out());
    }

    @Test
    void aConfiguredTableMissingFromTheDatabaseIsNamed() throws Exception {
        storeClusterConfig("missing", """
                  - {name: public.invoices, key: [id], mode: multi-writer, policy: lww}
                """);

        Run run = init(regionFile("missing"));

        assertEquals(ExitCodes.FAILED, run.code(), run.out() + run.err());
        assertTrue(run.err().contains("public.invoices"), run.err());
    }

    @Test
    void aClusterWithoutConfigurationSaysHowToStoreOne() throws Exception {
        Run run = init(regionFile("empty"));

        assertEquals(ExitCodes.FAILED, run.code(), run.out() + run.err());
        assertTrue(run.err().contains("tandem config set --file cluster.yaml"), run.err());
    }
}
