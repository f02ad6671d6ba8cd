package io.tandem.cli.operate;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tandem.cli.TandemCommand;
import io.tandem.controller.Controller;
import io.tandem.controller.ControllerMetrics;
import io.tandem.controller.ControllerSettings;
import io.tandem.controller.MonotonicClock;
import io.tandem.controller.RegionParticipant;
import io.tandem.controller.ZkPaths;
import io.tandem.controller.failover.FailoverPolicy;
import io.tandem.controller.fence.FenceSchema;
import io.tandem.controller.fence.FenceStore;
import io.tandem.controller.membership.RegionMember;
import io.tandem.controller.ownership.Ownership;
import io.tandem.controller.ownership.OwnershipState;
import io.tandem.controller.ownership.OwnershipStore;
import io.tandem.embedded.postgres.PostgresServer;
import io.tandem.embedded.postgres.PostgresSettings;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.RetryOneTime;
import org.apache.curator.test.TestingServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The operator commands against a real ZooKeeper, a real controller leader and two regions whose
 * real PostgreSQL databases carry the fence. Catch-up is reported by the test (the replicator is
 * not part of this test): the target has "applied" everything unless {@link #targetStuck} is set.
 */
class OperatorCommandsIntegrationTest {
    private static final String CLUSTER = "ops";
    private static final List<String> REGIONS = List.of("us-east", "eu-west");
    private static final AtomicBoolean targetStuck = new AtomicBoolean();
    private static final List<AutoCloseable> closeables = new ArrayList<>();
    private static TestingServer zk;
    private static PostgresServer postgres;

    @BeforeAll
    static void start() throws Exception {
        zk = new TestingServer(true);
        postgres = PostgresServer.start(PostgresSettings.of("ops"));
        ZkPaths paths = ZkPaths.forCluster(CLUSTER);
        new OwnershipStore(client(), paths).create(Ownership.initial("orders", "us-east"));
        for (String region : REGIONS) {
            String db = region.replace('-', '_');
            postgres.createDatabase(db);
            new FenceSchema(postgres.dataSource(db)).bootstrap(region);
            RegionParticipant participant = new RegionParticipant(
                    client(),
                    paths,
                    RegionMember.healthy(region, List.of()),
                    new FenceStore(postgres.dataSource(db)),
                    Clock.systemUTC(),
                    MonotonicClock.system());
            participant.start();
            closeables.add(participant);
        }
        Controller controller = new Controller(
                client(),
                new ControllerSettings(
                        paths,
                        "us-east",
                        "us-east/test",
                        Duration.ofMillis(50),
                        new FailoverPolicy(
                                Duration.ofSeconds(30), Duration.ofSeconds(1), Duration.ofSeconds(60), 1, List.of())),
                region -> walPosition(),
                (target, source) -> targetStuck.get() ? OptionalLong.of(0) : OptionalLong.of(walPosition()),
                MonotonicClock.system(),
                Clock.systemUTC(),
                new ControllerMetrics(new SimpleMeterRegistry(), "us-east"));
        controller.start();
        closeables.add(controller);
        await().atMost(Duration.ofSeconds(15)).until(controller::isLeader);
        await().atMost(Duration.ofSeconds(15)).until(() -> run("status").out.contains("eu-west       HEALTHY"));
    }

    @AfterAll
    static void stop() throws Exception {
        for (int i = closeables.size() - 1; i >= 0; i--) {
            closeables.get(i).close();
        }
        if (postgres != null) {
            postgres.close();
        }
        if (zk != null) {
            zk.close();
        }
    }

    private static CuratorFramework client() {
        CuratorFramework c = CuratorFrameworkFactory.builder()
                .connectString(zk.getConnectString())
                .ensembleTracker(false)
                .sessionTimeoutMs(4000)
                .retryPolicy(new RetryOneTime(100))
                .build();
        c.start();
        closeables.add(c);
        return c;
    }

    private static long walPosition() {
        try (Connection c = postgres.dataSource("us_east").getConnection();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT pg_current_wal_lsn() - '0/0'")) {
            rs.next();
            return rs.getLong(1);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    record Run(int code, String out, String err) {}

    static Run run(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.add("--zookeeper=" + zk.getConnectString());
        all.add("--cluster=" + CLUSTER);
        var out = new StringWriter();
        var err = new StringWriter();
        var cli = TandemCommand.commandLine();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        int code = cli.execute(all.toArray(String[]::new));
        return new Run(code, out.toString(), err.toString());
    }

    private static Ownership owner() throws Exception {
        try (var c = CuratorFrameworkFactory.newClient(zk.getConnectString(), new RetryOneTime(100))) {
            c.start();
            return new OwnershipStore(c, ZkPaths.forCluster(CLUSTER))
                    .read("orders")
                    .orElseThrow()
                    .value();
        }
    }

    @Test
    void statusShowsRegionsOwnersAndEpochsAsTextAndJson() {
        Run text = run("status");
        assertEquals(0, text.code, text.err);
        assertTrue(text.out.contains("us-east       HEALTHY"), text.out);
        assertTrue(text.out.contains("orders        "), text.out);
        Run json = run("status", "--output=json");
        assertEquals(0, json.code, json.err);
        assertTrue(json.out.contains("\"group\" : \"orders\""), json.out);
    }

    @Test
    void unknownGroupRegionAndMalformedDurationAreNamed() {
        Run group = run("switchover", "--group=nope", "--to=eu-west", "--yes");
        assertEquals(2, group.code);
        assertTrue(group.err.contains("unknown group 'nope'; known groups: orders"), group.err);
        Run region = run("switchover", "--group=orders", "--to=mars", "--yes");
        assertEquals(2, region.code);
        assertTrue(region.err.contains("unknown region 'mars'"), region.err);
        Run duration = run("switchover", "--group=orders", "--to=eu-west", "--timeout=5 seconds");
        assertEquals(2, duration.code);
        assertTrue(duration.err.contains("'5 seconds' is not a duration"), duration.err);
    }

    @Test
    void unreachableZooKeeperExitsWithUnavailable() {
        var err = new StringWriter();
        var cli = TandemCommand.commandLine();
        cli.setErr(new PrintWriter(err));
        int code = cli.execute("status", "--zookeeper=127.0.0.1:1", "--cluster=" + CLUSTER);
        assertEquals(5, code, err.toString());
        assertTrue(err.toString().contains("cannot reach ZooKeeper at 127.0.0.1:1"), err.toString());
    }

    @Test
    void switchoverDryRunChangesNothingThenSwitchoverMovesOwnershipAndReportsThePauseThenATimeoutRollsBack()
            throws Exception {
        Ownership before = owner();
        Run dry = run("switchover", "--group=orders", "--to=eu-west", "--dry-run");
        assertEquals(0, dry.code, dry.out + dry.err);
        assertTrue(dry.out.contains("dry run: switchover of orders from us-east to eu-west"), dry.out);
        assertEquals(before, owner());

        Run unconfirmed = run("switchover", "--group=orders", "--to=eu-west");
        assertEquals(1, unconfirmed.code, unconfirmed.out);
        assertTrue(unconfirmed.out.contains("pass --yes"), unconfirmed.out);
        assertEquals(before, owner());

        Run done = run("switchover", "--group=orders", "--to=eu-west", "--yes", "--timeout=20s", "--output=json");
        assertEquals(0, done.code, done.out + done.err);
        assertTrue(done.out.contains("\"outcome\" : \"DONE\""), done.out);
        assertTrue(done.out.matches("(?s).*\"writePauseMillis\" : \\d+.*"), done.out);
        Ownership after = owner();
        assertEquals("eu-west", after.owner());
        assertEquals(OwnershipState.ACTIVE, after.state());
        assertTrue(after.epoch() > before.epoch());

        targetStuck.set(true);
        try {
            Run rolledBack = run("switchover", "--group=orders", "--to=us-east", "--yes", "--timeout=2s");
            assertEquals(1, rolledBack.code, rolledBack.out + rolledBack.err);
            assertTrue(rolledBack.out.contains("ROLLED_BACK"), rolledBack.out);
            Ownership back = owner();
            assertEquals("eu-west", back.owner());
            assertEquals(OwnershipState.ACTIVE, back.state());
        } finally {
            targetStuck.set(false);
        }
    }
}
