package io.tandem.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.tandem.cli.cluster.ClusterConfigCodec;
import io.tandem.cli.cluster.ClusterConfigStore;
import io.tandem.controller.ZkPaths;
import io.tandem.embedded.postgres.PostgresServer;
import io.tandem.embedded.postgres.PostgresSettings;
import io.tandem.replicator.config.TableMode;
import io.tandem.replicator.config.TableSpec;
import io.tandem.replicator.schema.ReplicationNames;
import io.tandem.replicator.schema.SchemaBootstrap;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.RetryOneTime;
import org.apache.curator.test.TestingServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledIfSystemProperty;

/**
 * {@code tandem repair} against two real databases (one PostgreSQL server, no replication running):
 * a row changed behind Tandem's back in one of two regions is a tie, refused without {@code --prefer};
 * the dry run prints the plan as JSON; the repair writes in the preferred region and logs it. That
 * replication then carries the repair everywhere is the replicator's {@code MeshRepairTest}.
 */
@DisabledIfSystemProperty(named = "skipITs", matches = "true", disabledReason = "needs a real PostgreSQL")
class RepairCommandIntegrationTest {
    private static final TableSpec ORDERS =
            new TableSpec("public.orders", List.of("id"), TableMode.MULTI_WRITER, "lww", null, null);
    private static PostgresServer postgres;

    @BeforeAll
    static void start() throws Exception {
        postgres = PostgresServer.start(PostgresSettings.of("repair-cli"));
        for (String region : List.of("us-east", "eu-west")) {
            postgres.createDatabase(db(region));
            sql(region, "CREATE TABLE public.orders (id bigint PRIMARY KEY, status text)");
            sql(region, "CREATE TABLE public.carts (id bigint PRIMARY KEY, items bigint)");
            try (Connection c = postgres.dataSource(db(region)).getConnection()) {
                new SchemaBootstrap(new ReplicationNames(region), List.of(ORDERS)).run(c);
            }
        }
        sql("us-east", "INSERT INTO public.orders SELECT g, 'new' FROM generate_series(1, 5) g");
        copyAsApplied("us-east", "eu-west");
        sql(
                "eu-west",
                "SET session_replication_role = replica",
                "UPDATE public.orders SET status = 'tampered' WHERE id = 2");
    }

    @AfterAll
    static void stop() throws SQLException {
        if (postgres != null) {
            for (String region : List.of("us-east", "eu-west")) {
                sql(
                        region,
                        "SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots"
                                + " WHERE database = current_database()");
            }
            postgres.close();
        }
    }

    private static String db(String region) {
        return region.replace('-', '_');
    }

    private static void sql(String region, String... statements) throws SQLException {
        try (Connection c = postgres.dataSource(db(region)).getConnection();
                Statement s = c.createStatement()) {
            for (String statement : statements) {
                s.execute(statement);
            }
        }
    }

    /** What the applier would have done: the same rows and metadata in {@code to}, marked as applied. */
    private static void copyAsApplied(String from, String to) throws SQLException {
        try (Connection source = postgres.dataSource(db(from)).getConnection();
                Connection target = postgres.dataSource(db(to)).getConnection();
                Statement read = source.createStatement();
                ResultSet rs = read.executeQuery("SELECT id, status, tandem_vv::text, tandem_hlc, tandem_origin,"
                        + " tandem_meta::text FROM public.orders");
                PreparedStatement write = target.prepareStatement("INSERT INTO public.orders (id, status, tandem_vv,"
                        + " tandem_hlc, tandem_origin, tandem_meta, tandem_applied_from)"
                        + " VALUES (?, ?, CAST(? AS jsonb), ?, ?, CAST(? AS jsonb), ?)")) {
            target.setAutoCommit(false);
            try (Statement mark = target.createStatement()) {
                mark.execute("SET LOCAL tandem.apply = 'on'");
            }
            while (rs.next()) {
                write.setLong(1, rs.getLong(1));
                write.setString(2, rs.getString(2));
                write.setString(3, rs.getString(3));
                write.setLong(4, rs.getLong(4));
                write.setString(5, rs.getString(5));
                write.setString(6, rs.getString(6));
                write.setString(7, from);
                write.executeUpdate();
            }
            target.commit();
        }
    }

    private static String single(String region, String query) throws SQLException {
        try (Connection c = postgres.dataSource(db(region)).getConnection();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(query)) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    private record Run(int code, String out, String err) {}

    private static Run repair(String... extra) {
        List<String> args = new java.util.ArrayList<>(List.of("--key", "id"));
        args.addAll(List.of(extra));
        return repairTable("public.orders", args.toArray(String[]::new));
    }

    private static Run repairTable(String table, String... extra) {
        List<String> args = new java.util.ArrayList<>(List.of("repair", "--table", table));
        for (String region : List.of("us-east", "eu-west")) {
            args.add("--db");
            args.add(region + "=" + postgres.jdbcUrl(db(region)) + "?user=" + postgres.user() + "&password="
                    + postgres.password());
        }
        args.addAll(List.of(extra));
        return tandem(args);
    }

    /** Runs {@code tandem ARGS} in this JVM, capturing its output. */
    private static Run tandem(List<String> args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        var cli = TandemCommand.commandLine();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        int code = cli.execute(args.toArray(String[]::new));
        System.out.printf("tandem %s -> exit %d%n%s%s", args, code, out, err);
        return new Run(code, out.toString(), err.toString());
    }

    private static Run verify(String table, String... dbs) {
        List<String> args = new java.util.ArrayList<>(List.of("verify", "--table", table, "--key", "id"));
        for (String db : dbs) {
            args.add("--db");
            args.add(db);
        }
        return tandem(args);
    }

    /** {@code tandem verify} shares repair's {@code --db} handling: the URL's user and password are used. */
    @Test
    void verifyListsTheDifferingRowAndNamesAnUnreachableRegion() throws Exception {
        for (String region : List.of("us-east", "eu-west")) {
            sql(region, "CREATE TABLE public.notes (id bigint PRIMARY KEY, body text)");
            sql(region, "INSERT INTO public.notes VALUES (1, 'same'), (2, '" + region + "')");
        }
        String usEast = "us-east=" + postgres.jdbcUrl(db("us-east")) + "?user=" + postgres.user() + "&password="
                + postgres.password();
        String euWest = "eu-west=" + postgres.jdbcUrl(db("eu-west")) + "?user=" + postgres.user() + "&password="
                + postgres.password();

        Run differs = verify("public.notes", usEast, euWest);
        assertEquals(ExitCodes.FAILED, differs.code(), differs.out() + differs.err());
        assertTrue(differs.out().contains("differs {\"id\" : 2}\n"), differs.out());
        assertTrue(differs.out().contains("  eu-west      (2,eu-west)\n"), differs.out());
        assertTrue(differs.out().contains("  us-east      (2,us-east)\n"), differs.out());
        assertTrue(differs.out().contains("verify result=differs table=public.notes differing_rows=1"), differs.out());

        sql("eu-west", "UPDATE public.notes SET body = 'us-east' WHERE id = 2");
        Run consistent = verify("public.notes", usEast, euWest);
        assertEquals(ExitCodes.OK, consistent.code(), consistent.out() + consistent.err());
        assertTrue(consistent.out().contains("consistent"), consistent.out());

        Run unreachable = verify("public.notes", usEast, "eu-west=jdbc:postgresql://127.0.0.1:1/nowhere");
        assertEquals(ExitCodes.UNAVAILABLE, unreachable.code(), unreachable.out() + unreachable.err());
        assertTrue(unreachable.err().contains("cannot reach the database of region eu-west"), unreachable.err());

        Run badRegion = verify("public.notes", usEast, "EU West=jdbc:postgresql://127.0.0.1:1/x");
        assertEquals(ExitCodes.USAGE, badRegion.code(), badRegion.err());
        assertTrue(badRegion.err().contains("'EU West' is not a region name"), badRegion.err());
    }

    @Test
    void theTablesKeyAndPolicyAreReadFromTheClusterConfigurationInZooKeeper() throws Exception {
        try (TestingServer zk = new TestingServer(true);
                CuratorFramework client =
                        CuratorFrameworkFactory.newClient(zk.getConnectString(), new RetryOneTime(100))) {
            client.start();
            new ClusterConfigStore(client, ZkPaths.forCluster("shop")).set(ClusterConfigCodec.parse("""
                            regions: [us-east, eu-west]
                            tables:
                              - {name: public.carts, key: [id], mode: multi-writer, policy: lww, counters: [items]}
                            """, "test"));

            Run consistent = repairTable("public.carts", "--zookeeper", zk.getConnectString(), "--cluster", "shop");
            assertEquals(ExitCodes.OK, consistent.code(), consistent.out() + consistent.err());
            assertTrue(consistent.out().contains("repair result=consistent table=public.carts differing_rows=0"));

            Run unknown = repairTable("public.orders", "--zookeeper", zk.getConnectString(), "--cluster", "shop");
            assertEquals(ExitCodes.USAGE, unknown.code(), unknown.out() + unknown.err());
            assertTrue(
                    unknown.err()
                            .contains("--table public.orders: not a replicated table of cluster shop"
                                    + " (it replicates public.carts)"),
                    unknown.err());
        }
    }

    @Test
    void aTieIsRefusedThenPlannedThenRepairedInThePreferredRegion() throws Exception {
        Run refused = repair();
        assertEquals(ExitCodes.REFUSED, refused.code(), refused.out() + refused.err());
        assertTrue(refused.out().contains("re-run with --prefer REGION"), refused.out());
        assertTrue(
                refused.out()
                        .contains(
                                "eu-west      {\"id\":2,\"status\":\"tampered\"} version {\"us-east\": 1} from us-east"),
                refused.out());
        assertTrue(
                refused.out()
                        .endsWith("repair result=refused table=public.orders differing_rows=1 repaired=0"
                                + " planned=0 settled=0 refused=1 changed=0 failed=0\n"),
                refused.out());

        Run planned = repair("--prefer", "us-east", "--dry-run", "--output", "json");
        assertEquals(ExitCodes.OK, planned.code(), planned.out() + planned.err());
        JsonNode plan = JsonMapper.builder().build().readTree(planned.out());
        assertEquals("planned", plan.get("result").asText());
        JsonNode row = plan.get("rows").get(0);
        assertEquals("planned", row.get("status").asText());
        assertEquals("preferred", row.get("basis").asText());
        assertEquals("us-east", row.get("write_region").asText());
        assertEquals("[\"eu-west\"]", row.get("differing").toString());
        assertEquals("0", single("us-east", "SELECT count(*) FROM tandem.repair_log"));

        Run repaired = repair("--prefer", "us-east");
        assertEquals(ExitCodes.OK, repaired.code(), repaired.out() + repaired.err());
        assertTrue(repaired.out().contains("repair result=repaired"), repaired.out());
        assertEquals(
                "{eu-west}|preferred|{\"us-east\": 2}",
                single(
                        "us-east",
                        "SELECT differing_regions::text || '|' || basis || '|' || new_vv::text FROM tandem.repair_log"
                                + " WHERE pk = '{\"id\": 2}'"));
        assertEquals(
                "{\"us-east\": 2}|us-east",
                single("us-east", "SELECT tandem_vv::text || '|' || tandem_origin FROM public.orders WHERE id = 2"),
                "the repair is a local write in us-east on top of the version both regions held");
    }
}
