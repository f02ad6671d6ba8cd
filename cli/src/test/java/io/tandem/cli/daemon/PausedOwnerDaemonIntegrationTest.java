package io.tandem.cli.daemon;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.tandem.cli.config.ConfigLoader;
import io.tandem.cli.config.DaemonSettings;
import io.tandem.controller.membership.MembershipReader;
import io.tandem.controller.membership.RegionMember;
import io.tandem.controller.ownership.Ownership;
import io.tandem.controller.ownership.OwnershipState;
import io.tandem.controller.ownership.OwnershipStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.DisabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * "A paused (SIGSTOP) former owner that wakes up cannot write": us-east's daemon runs as a child
 * process ({@code tandem daemon --config us-east.yaml}), eu-west's and ap-south's in this JVM, on real
 * PostgreSQL, Kafka and ZooKeeper. The owner's daemon is frozen with SIGSTOP: its database refuses
 * local writes once the write lease the frozen daemon cannot renew runs out, the leader moves the
 * group to a healthy region, and after SIGCONT the woken daemon's database keeps refusing while it
 * rejoins as a non-owner. The default max-lag (5 s) applies: the survivors applied the frozen owner's
 * changes up to its last published WAL position, so the move is not refused however long the owner
 * has been silent.
 */
@DisabledIfSystemProperty(named = "skipITs", matches = "true", disabledReason = "needs real servers")
@Timeout(300)
class PausedOwnerDaemonIntegrationTest {

    static final Duration DEADLINE = Duration.ofSeconds(90);
    static final String SCHEMA = "CREATE TABLE public.orders (id bigint PRIMARY KEY, customer text NOT NULL)";
    static final String CONFIG = """
            regions: [us-east, eu-west, ap-south]
            shards: 4
            groups:
              - {name: g-us, owner: us-east}
            tables:
              - {name: public.orders, key: [id], mode: owned, shard-key: customer, policy: lww}
            """;
    static final AtomicLong IDS = new AtomicLong();

    @TempDir
    static Path dir;

    static DaemonCluster cluster;
    static DaemonLauncher usEastDaemon;
    static Process usEast;

    @BeforeAll
    static void start() throws Exception {
        cluster = new DaemonCluster(dir, SCHEMA);
        cluster.setConfig(CONFIG);
        Path file = dir.resolve("us-east.yaml");
        Files.writeString(file, regionYaml("us-east"));
        usEastDaemon =
                new DaemonLauncher("us-east", file, dir.resolve("us-east-daemon.log"), DaemonLauncher.Jvm.STANDARD);
        usEast = usEastDaemon.start();
        for (String region : new String[] {"eu-west", "ap-south"}) {
            var config =
                    new ConfigLoader(DaemonSettings.CATALOG, k -> null).parse(regionYaml(region), region + ".yaml");
            RegionDaemon daemon = RegionDaemon.of(
                    config, k -> null, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), Clock.systemUTC());
            cluster.daemons.put(region, daemon);
            daemon.start();
        }
        for (RegionDaemon daemon : cluster.daemons.values()) {
            if (!daemon.awaitReplicating(DEADLINE)) {
                throw new IllegalStateException(daemon.region() + " did not start replicating: " + daemon.health());
            }
        }
    }

    /** The region file of the cluster's other tests: the default max-lag (5 s) applies. */
    static String regionYaml(String region) {
        return cluster.regionYaml(region);
    }

    @AfterAll
    static void stop() throws Exception {
        if (usEast != null && usEast.isAlive()) {
            signal("CONT");
            usEastDaemon.stop();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void aFrozenOwnerStopsTakingWritesLosesItsGroupAndCannotWriteAfterWakingUp() throws Exception {
        String customer = RegionDaemonIntegrationTest.customerOf("g-us");
        await().atMost(DEADLINE).until(() -> write("us-east", customer).isEmpty());
        // the survivors must have applied us-east's changes to be eligible for its group
        write("us-east", customer);
        await().atMost(DEADLINE)
                .until(() ->
                        member("eu-west").flatMap(m -> m.appliedFrom("us-east")).isPresent()
                                && member("ap-south")
                                        .flatMap(m -> m.appliedFrom("us-east"))
                                        .isPresent());

        long stopped = System.nanoTime();
        signal("STOP");
        SQLException lease = await().atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(20))
                .until(() -> write("us-east", customer), Optional::isPresent)
                .orElseThrow();
        long refusedAfterMs = Duration.ofNanos(System.nanoTime() - stopped).toMillis();
        assertEquals("TD001", lease.getSQLState(), lease.getMessage());
        assertTrue(lease.getMessage().contains("write lease"), lease.getMessage());

        OwnershipStore ownership = new OwnershipStore(cluster.operator, cluster.paths);
        await().atMost(DEADLINE).until(() -> !owner(ownership).owner().equals("us-east"));
        long movedAfterMs = Duration.ofNanos(System.nanoTime() - stopped).toMillis();
        Ownership moved = owner(ownership);
        assertEquals(OwnershipState.ACTIVE, moved.state());
        await().atMost(DEADLINE).until(() -> write(moved.owner(), customer).isEmpty());
        System.out.println("SIGSTOP of us-east's daemon: its database refused local writes after " + refusedAfterMs
                + " ms (write lease), the group moved to " + moved.owner() + " after " + movedAfterMs + " ms");
        assertTrue(refusedAfterMs < movedAfterMs, "the frozen owner's database was still writable after the move");

        signal("CONT");
        // awake, the former owner's database refuses every local write while it notices and rejoins
        await().during(Duration.ofSeconds(5))
                .atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(20))
                .until(
                        () -> write("us-east", customer).map(SQLException::getSQLState),
                        s -> s.equals(Optional.of("TD001")));
        await().atMost(DEADLINE).until(() -> member("us-east")
                .map(m -> m.fencedEpoch("g-us") == moved.epoch() && !m.selfFenced())
                .orElse(false));
        SQLException after = write("us-east", customer).orElseThrow();
        assertEquals("TD001", after.getSQLState());
        assertTrue(
                after.getMessage().contains("owned by " + moved.owner() + " at epoch " + moved.epoch()),
                after.getMessage());
        assertTrue(usEast.isAlive(), "the woken daemon keeps running as a non-owner");
    }

    /** Inserts one order for {@code customer} in {@code region}'s database; the error if refused. */
    private static Optional<SQLException> write(String region, String customer) {
        try {
            cluster.exec(
                    region,
                    "INSERT INTO public.orders VALUES (" + (1000 + IDS.incrementAndGet()) + ", '" + customer + "')");
            return Optional.empty();
        } catch (SQLException e) {
            return Optional.of(e);
        }
    }

    private static Optional<RegionMember> member(String region) {
        return new MembershipReader(cluster.operator, cluster.paths).snapshot().get(region);
    }

    private static Ownership owner(OwnershipStore ownership) {
        return ownership.read("g-us").orElseThrow().value();
    }

    private static void signal(String name) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-" + name, String.valueOf(usEast.pid()))
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
            throw new IllegalStateException("kill -" + name + " " + usEast.pid() + " failed");
        }
    }
}
