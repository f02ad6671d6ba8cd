package io.tandem.cli.operate;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tandem.cli.ExitCodes;
import io.tandem.cli.TandemCommand;
import io.tandem.controller.ZkPaths;
import io.tandem.controller.access.ClusterAccess;
import io.tandem.controller.access.ClusterAcls;
import io.tandem.controller.access.Credential;
import io.tandem.controller.access.Role;
import io.tandem.controller.access.Roster;
import io.tandem.controller.access.ZkClients;
import io.tandem.controller.audit.AuditEntry;
import io.tandem.controller.audit.AuditTrail;
import io.tandem.controller.intent.Intent;
import io.tandem.controller.intent.IntentStore;
import io.tandem.controller.membership.MembershipNode;
import io.tandem.controller.membership.RegionMember;
import io.tandem.controller.ownership.Ownership;
import io.tandem.controller.ownership.OwnershipState;
import io.tandem.controller.ownership.OwnershipStore;
import io.tandem.controller.ownership.Versioned;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.retry.RetryOneTime;
import org.apache.curator.test.TestingServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Operator commands against a real ZooKeeper whose cluster is secured with a roster: the switchover
 * intent needs role operator, status needs role reader. The test plays the controller leader (as
 * the daemon identity) to carry out the accepted intent.
 */
class OperatorAccessIntegrationTest {
    private static final String CLUSTER = "guarded";
    private static final ZkPaths PATHS = ZkPaths.forCluster(CLUSTER);
    private static final Credential DAEMON = new Credential("tandem", "daemon-pw-7731");
    private static final Credential OPERATOR = new Credential("alice", "operator-pw-5512");
    private static final Credential READER = new Credential("bob", "reader-pw-0925");
    private static final Roster ROSTER = Roster.of(Map.of(
            Role.DAEMON, List.of(DAEMON.digestId()),
            Role.OPERATOR, List.of(OPERATOR.digestId()),
            Role.READER, List.of(READER.digestId())));

    private static final List<AutoCloseable> closeables = new ArrayList<>();
    private static TestingServer zk;
    private static CuratorFramework daemon;

    @TempDir
    static Path dir;

    @BeforeAll
    static void start() throws Exception {
        zk = new TestingServer(true);
        ClusterAcls acls = new ClusterAcls(PATHS, ROSTER);
        daemon = ZkClients.daemon(zk.getConnectString(), Optional.of(DAEMON), acls)
                .ensembleTracker(false)
                .sessionTimeoutMs(4000)
                .retryPolicy(new RetryOneTime(100))
                .build();
        daemon.start();
        closeables.add(daemon);
        assertTrue(daemon.blockUntilConnected(10, TimeUnit.SECONDS));
        ClusterAccess.secure(daemon, acls);
        new OwnershipStore(daemon, PATHS).create(Ownership.initial("orders", "us-east"));
        for (String region : List.of("us-east", "eu-west")) {
            MembershipNode member = new MembershipNode(daemon, PATHS, RegionMember.healthy(region, List.of()));
            member.start();
            closeables.add(member);
            assertTrue(member.awaitCreated(10, TimeUnit.SECONDS));
        }
    }

    @AfterAll
    static void stop() throws Exception {
        for (int i = closeables.size() - 1; i >= 0; i--) {
            closeables.get(i).close();
        }
        if (zk != null) {
            zk.close();
        }
    }

    record Run(int code, String out, String err) {}

    static Run run(Optional<Credential> as, String... args) throws Exception {
        List<String> all = new ArrayList<>(List.of(args));
        all.add("--zookeeper=" + zk.getConnectString());
        all.add("--cluster=" + CLUSTER);
        if (as.isPresent()) {
            Path file = Files.createTempFile(dir, "credential", "");
            Files.writeString(file, as.get().user() + ":" + as.get().password() + "\n");
            all.add("--credential-file=" + file);
        }
        var out = new StringWriter();
        var err = new StringWriter();
        var cli = TandemCommand.commandLine();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        int code = cli.execute(all.toArray(String[]::new));
        return new Run(code, out.toString(), err.toString());
    }

    private static Ownership owner() {
        return new OwnershipStore(daemon, PATHS).read("orders").orElseThrow().value();
    }

    @Test
    void unauthenticatedSwitchoverIsRefusedNamingTheRole() throws Exception {
        Ownership before = owner();
        Run r = run(Optional.empty(), "switchover", "--group=orders", "--to=eu-west", "--yes");
        assertEquals(ExitCodes.REFUSED, r.code, r.out + r.err);
        assertTrue(r.err.contains("needs role reader, and an unauthenticated client does not hold it"), r.err);
        assertTrue(r.err.contains("--credential-file"), r.err);
        assertEquals(before, owner());
        assertTrue(new IntentStore(daemon, PATHS).read("orders").isEmpty());
    }

    @Test
    void readerMaySeeStatusButItsSwitchoverIsRefused() throws Exception {
        Run status = run(Optional.of(READER), "status");
        assertEquals(ExitCodes.OK, status.code, status.err);
        assertTrue(status.out.contains("us-east"), status.out);

        Ownership before = owner();
        Run r = run(Optional.of(READER), "switchover", "--group=orders", "--to=eu-west", "--yes");
        assertEquals(ExitCodes.REFUSED, r.code, r.out + r.err);
        assertTrue(r.out.contains("needs role operator, and identity 'bob' does not hold it"), r.out);
        assertFalse((r.out + r.err).contains(READER.password()), r.out + r.err);
        assertEquals(before, owner());
        assertTrue(new IntentStore(daemon, PATHS).read("orders").isEmpty());
    }

    @Test
    void operatorSwitchoverIsAcceptedAndCarriedOut() throws Exception {
        Ownership before = owner();
        String target = before.owner().equals("us-east") ? "eu-west" : "us-east";
        CompletableFuture<Run> cli = CompletableFuture.supplyAsync(() -> {
            try {
                return run(
                        Optional.of(OPERATOR),
                        "switchover",
                        "--group=orders",
                        "--to=" + target,
                        "--yes",
                        "--timeout=10s");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        // the test stands in for the controller leader, with the daemon's identity
        IntentStore intents = new IntentStore(daemon, PATHS);
        Versioned<Intent> pending = await().atMost(Duration.ofSeconds(20))
                .until(() -> intents.read("orders"), Optional::isPresent)
                .orElseThrow();
        assertEquals(target, pending.value().target());
        OwnershipStore store = new OwnershipStore(daemon, PATHS);
        Versioned<Ownership> current = store.read("orders").orElseThrow();
        store.compareAndSet(current, current.value().next(target, OwnershipState.ACTIVE));
        new AuditTrail(daemon, PATHS)
                .append(new AuditEntry(System.currentTimeMillis(), "test", "orders", "HANDING_OVER->DONE", "done", -1));
        assertTrue(intents.remove(pending));

        Run r = cli.get(30, TimeUnit.SECONDS);
        assertEquals(ExitCodes.OK, r.code, r.out + r.err);
        assertTrue(r.out.contains("DONE"), r.out);
        assertEquals(target, owner().owner());
        assertFalse((r.out + r.err).contains(OPERATOR.password()), r.out + r.err);
    }

    @Test
    void onlyAnOperatorMaySetTheClusterConfigurationAndAReaderMayGetIt() throws Exception {
        Path file = Files.writeString(dir.resolve("cluster.yaml"), """
                regions: [us-east, eu-west]
                shards: 4
                groups:
                  - {name: payments, owner: us-east}
                tables:
                  - {name: public.payments, key: [id], mode: owned, shard-key: customer}
                """);
        Run reader = run(Optional.of(READER), "config", "set", "--file=" + file);
        assertEquals(ExitCodes.REFUSED, reader.code, reader.out + reader.err);
        assertTrue(reader.err.contains("needs role operator"), reader.err);

        Run operator = run(Optional.of(OPERATOR), "config", "set", "--file=" + file);
        assertEquals(ExitCodes.OK, operator.code, operator.out + operator.err);
        assertEquals(
                "us-east",
                new OwnershipStore(daemon, PATHS)
                        .read("payments")
                        .orElseThrow()
                        .value()
                        .owner());

        Run get = run(Optional.of(READER), "config", "get");
        assertEquals(ExitCodes.OK, get.code, get.out + get.err);
        assertTrue(get.out.contains("public.payments"), get.out);
        Run anonymous = run(Optional.empty(), "config", "get");
        assertEquals(ExitCodes.REFUSED, anonymous.code, anonymous.out + anonymous.err);
    }

    @Test
    void aMalformedCredentialFileIsNamedWithoutItsContent() throws Exception {
        Path file = Files.writeString(dir.resolve("bad"), "just-a-password-4471\n");
        Run r = run(Optional.empty(), "status", "--credential-file=" + file);
        assertEquals(ExitCodes.USAGE, r.code, r.out + r.err);
        assertTrue(r.err.contains("credential file " + file), r.err);
        assertFalse(r.err.contains("just-a-password-4471"), r.err);
    }
}
