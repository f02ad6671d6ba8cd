package io.tandem.bench.failover;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tandem.controller.Controller;
import io.tandem.controller.ControllerMetrics;
import io.tandem.controller.ControllerSettings;
import io.tandem.controller.RegionParticipant;
import io.tandem.controller.ZkPaths;
import io.tandem.controller.failover.FailoverPolicy;
import io.tandem.controller.fence.FenceSchema;
import io.tandem.controller.fence.FenceStore;
import io.tandem.controller.membership.MembershipReader;
import io.tandem.controller.membership.RegionMember;
import io.tandem.controller.switchover.MembershipAppliedPositions;
import io.tandem.controller.switchover.SourcePosition;
import io.tandem.embedded.postgres.PostgresServer;
import io.tandem.embedded.postgres.PostgresSettings;
import io.tandem.embedded.zookeeper.ZooKeeperEnsemble;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import javax.sql.DataSource;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.RetryNTimes;

/**
 * One region as a daemon would run it, in this process: its own PostgreSQL with the owned table
 * {@code bench_writes} (group {@code orders}), a ZooKeeper client that reaches the ensemble only
 * through {@link ZkProxies} (so the region can be cut off), its {@link RegionParticipant} and its
 * {@link Controller}.
 */
final class BenchRegion implements AutoCloseable {

    static final String GROUP = "orders";

    final String name;
    final PostgresServer postgres;
    final ZkProxies link;
    final CuratorFramework client;
    final RegionParticipant participant;
    final Controller controller;

    BenchRegion(
            String name,
            ZooKeeperEnsemble ensemble,
            ZkPaths paths,
            int sessionMs,
            FailoverPolicy policy,
            SourcePosition positions) {
        this.name = name;
        this.postgres = PostgresServer.start(PostgresSettings.of(name));
        DataSource db = postgres.dataSource();
        FenceSchema schema = new FenceSchema(db);
        schema.bootstrap(name);
        exec(db, "CREATE TABLE bench_writes (id bigint PRIMARY KEY, customer text NOT NULL, region text NOT NULL)");
        schema.fenceTable("bench_writes", "customer", 4);
        schema.mapShards("bench_writes", shard -> GROUP);
        this.link = new ZkProxies(ensemble);
        this.client = CuratorFrameworkFactory.builder()
                .connectString(link.connectString())
                .sessionTimeoutMs(sessionMs)
                .connectionTimeoutMs(Math.max(500, sessionMs / 2))
                .retryPolicy(new RetryNTimes(Integer.MAX_VALUE, 50))
                .ensembleTracker(false)
                .build();
        client.start();
        this.participant = new RegionParticipant(
                client,
                paths,
                RegionMember.healthy(name, List.of("postgres://127.0.0.1:" + postgres.port())),
                new FenceStore(db),
                Clock.systemUTC(),
                System::nanoTime);
        participant.start();
        this.controller = new Controller(
                client,
                new ControllerSettings(paths, name, name + "/bench", Duration.ofMillis(50), policy),
                positions,
                new MembershipAppliedPositions(new MembershipReader(client, paths)),
                System::nanoTime,
                Clock.systemUTC(),
                new ControllerMetrics(new SimpleMeterRegistry(), name));
        controller.start();
    }

    DataSource db() {
        return postgres.dataSource();
    }

    private static void exec(DataSource db, String sql) {
        try (Connection c = db.getConnection();
                Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("bench failover: " + sql + " failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        controller.close();
        participant.close();
        client.close();
        link.close();
        postgres.close();
    }
}
