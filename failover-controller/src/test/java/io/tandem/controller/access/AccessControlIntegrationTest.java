package io.tandem.controller.access;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tandem.controller.ZkCalls;
import io.tandem.controller.ZkPaths;
import io.tandem.controller.audit.AuditEntry;
import io.tandem.controller.audit.AuditTrail;
import io.tandem.controller.intent.Intent;
import io.tandem.controller.intent.IntentStore;
import io.tandem.controller.ownership.Ownership;
import io.tandem.controller.ownership.OwnershipState;
import io.tandem.controller.ownership.OwnershipStore;
import io.tandem.controller.ownership.Versioned;
import io.tandem.controller.support.Integration;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.retry.RetryOneTime;
import org.apache.curator.test.TestingServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Roles enforced by a real ZooKeeper server through the ACLs every Tandem client creates nodes with. */
class AccessControlIntegrationTest {

    private static final ZkPaths PATHS = ZkPaths.forCluster("secure");
    private static final Credential DAEMON = new Credential("tandem", "daemon-secret-1");
    private static final Credential OPERATOR = new Credential("alice", "operator-secret-2");
    private static final Credential READER = new Credential("bob", "reader-secret-3");
    private static final Credential STRANGER = new Credential("mallory", "guess");
    private static final Roster ROSTER = Roster.of(Map.of(
            Role.DAEMON, List.of(DAEMON.digestId()),
            Role.OPERATOR, List.of(OPERATOR.digestId()),
            Role.READER, List.of(READER.digestId())));

    private TestingServer server;
    private final List<CuratorFramework> clients = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        Integration.assumeEnabled();
        server = new TestingServer(true);
    }

    @AfterEach
    void stop() throws Exception {
        clients.forEach(CuratorFramework::close);
        if (server != null) {
            server.close();
        }
    }

    private CuratorFramework daemon() throws Exception {
        return connect(
                ZkClients.daemon(server.getConnectString(), Optional.of(DAEMON), new ClusterAcls(PATHS, ROSTER)));
    }

    /** As the CLI does: connect, then learn the roster from the cluster. */
    private CuratorFramework as(Optional<Credential> credential) throws Exception {
        ClusterAcls acls = ClusterAcls.unknown(PATHS);
        CuratorFramework client = connect(ZkClients.builder(server.getConnectString(), credential, acls));
        acls.load(client);
        return client;
    }

    private CuratorFramework connect(org.apache.curator.framework.CuratorFrameworkFactory.Builder builder)
            throws Exception {
        CuratorFramework client = builder.sessionTimeoutMs(4000)
                .retryPolicy(new RetryOneTime(100))
                .ensembleTracker(false)
                .build();
        clients.add(client);
        client.start();
        assertTrue(client.blockUntilConnected(10, TimeUnit.SECONDS));
        return client;
    }

    private static Intent switchover(String by) {
        return Intent.switchover("id-" + by, "orders", "eu-west", Duration.ofSeconds(5), 1L, by);
    }

    private void securedClusterWithOneGroup() throws Exception {
        CuratorFramework daemon = daemon();
        ClusterAccess.secure(daemon, new ClusterAcls(PATHS, ROSTER));
        new OwnershipStore(daemon, PATHS).create(Ownership.initial("orders", "us-east"));
    }

    @Test
    void operatorMaySubmitAnIntentAndTheDaemonCarriesItOut() throws Exception {
        securedClusterWithOneGroup();
        CuratorFramework operator = as(Optional.of(OPERATOR));
        new IntentStore(operator, PATHS).submit(switchover("alice"));

        CuratorFramework daemon = daemon();
        IntentStore intents = new IntentStore(daemon, PATHS);
        Versioned<Intent> pending = intents.read("orders").orElseThrow();
        assertEquals("alice", pending.value().requestedBy());
        OwnershipStore ownership = new OwnershipStore(daemon, PATHS);
        Versioned<Ownership> current = ownership.read("orders").orElseThrow();
        ownership.compareAndSet(current, current.value().next("eu-west", OwnershipState.ACTIVE));
        new AuditTrail(daemon, PATHS).append(new AuditEntry(1L, "us-east/test", "orders", "DONE", "moved", -1));
        assertTrue(intents.remove(pending));
    }

    @Test
    void unauthenticatedClientCanNeitherReadNorSubmit() throws Exception {
        securedClusterWithOneGroup();
        CuratorFramework anonymous = as(Optional.empty());
        AccessDeniedException read = assertThrows(
                AccessDeniedException.class,
                () -> AccessDeniedException.requiring(
                        Role.READER, "reading ownership", Optional.empty(), () -> new OwnershipStore(anonymous, PATHS)
                                .read("orders")));
        assertEquals(Role.READER, read.needed());
        assertTrue(read.getMessage().contains("needs role reader, and an unauthenticated client"), read.getMessage());
        assertTrue(noAuth(() -> new IntentStore(anonymous, PATHS).submit(switchover("anonymous"))));
    }

    @Test
    void readerMayReadButNotSubmitAnIntent() throws Exception {
        securedClusterWithOneGroup();
        CuratorFramework reader = as(Optional.of(READER));
        assertEquals(
                "us-east",
                new OwnershipStore(reader, PATHS)
                        .read("orders")
                        .orElseThrow()
                        .value()
                        .owner());
        AccessDeniedException refused = assertThrows(
                AccessDeniedException.class,
                () -> AccessDeniedException.requiring(
                        Role.OPERATOR, "submitting a switchover intent", Optional.of(READER), () -> {
                            new IntentStore(reader, PATHS).submit(switchover("bob"));
                            return null;
                        }));
        assertTrue(refused.getMessage().contains("needs role operator, and identity 'bob'"), refused.getMessage());
        assertFalse(refused.getMessage().contains("reader-secret-3"), refused.getMessage());
    }

    @Test
    void noIdentityButTheDaemonsMayWriteOwnershipMembershipOrAudit() throws Exception {
        securedClusterWithOneGroup();
        for (Optional<Credential> who : List.of(Optional.of(OPERATOR), Optional.of(READER), Optional.of(STRANGER))) {
            CuratorFramework client = as(who);
            OwnershipStore store = new OwnershipStore(client, PATHS);
            Versioned<Ownership> forged =
                    new Versioned<>(new Ownership("orders", "us-east", 1, OwnershipState.ACTIVE), 0);
            assertTrue(
                    noAuth(() -> store.compareAndSet(forged, forged.value().next("mars", OwnershipState.ACTIVE))),
                    who.toString());
            if (who.get() != OPERATOR) { // an operator's config set creates a new group's first ownership node
                assertTrue(noAuth(() -> store.create(Ownership.initial("payments", "mars"))), who.toString());
            }
            assertTrue(
                    noAuth(() -> ZkCalls.call(
                            "deleting ownership", () -> client.delete().forPath(PATHS.ownership("orders")))),
                    who.toString());
            assertTrue(noAuth(
                    () -> new AuditTrail(client, PATHS).append(new AuditEntry(1L, "x", "orders", "FORGED", "x", -1))));
            assertTrue(noAuth(() -> ZkCalls.call("joining as a member", () -> client.create()
                    .withMode(org.apache.zookeeper.CreateMode.EPHEMERAL)
                    .forPath(PATHS.member("mars")))));
            assertTrue(noAuth(() -> ZkCalls.call(
                    "rewriting the roster", () -> client.setData().forPath(PATHS.access(), "{}".getBytes()))));
        }
        assertEquals(
                "us-east",
                new OwnershipStore(daemon(), PATHS)
                        .read("orders")
                        .orElseThrow()
                        .value()
                        .owner());
    }

    @Test
    void securingAnOpenClusterRelabelsTheNodesAlreadyThere() throws Exception {
        CuratorFramework open = as(Optional.empty());
        new OwnershipStore(open, PATHS).create(Ownership.initial("orders", "us-east"));
        new AuditTrail(open, PATHS).append(new AuditEntry(1L, "x", "orders", "CREATED", "open", -1));

        int labelled = ClusterAccess.secure(daemon(), new ClusterAcls(PATHS, ROSTER));
        assertTrue(labelled >= 5, "labelled " + labelled);
        assertEquals(ROSTER, ClusterAcls.unknown(PATHS).load(as(Optional.of(READER))));
        assertTrue(noAuth(() -> new OwnershipStore(open, PATHS).read("orders")));
        CuratorFramework operator = as(Optional.of(OPERATOR));
        Versioned<Ownership> current =
                new OwnershipStore(operator, PATHS).read("orders").orElseThrow();
        assertTrue(noAuth(() -> new OwnershipStore(operator, PATHS)
                .compareAndSet(current, current.value().next("eu-west", OwnershipState.ACTIVE))));
        assertEquals(labelled, ClusterAccess.secure(daemon(), new ClusterAcls(PATHS, ROSTER)), "idempotent");
    }

    @Test
    void withoutARosterEverythingStaysOpen() throws Exception {
        CuratorFramework anonymous = as(Optional.empty());
        assertEquals(0, ClusterAccess.secure(anonymous, ClusterAcls.unknown(PATHS)));
        new OwnershipStore(anonymous, PATHS).create(Ownership.initial("orders", "us-east"));
        new IntentStore(as(Optional.of(STRANGER)), PATHS).submit(switchover("anyone"));
        assertTrue(new IntentStore(anonymous, PATHS).read("orders").isPresent());
    }

    @Test
    void aStrangerCannotSecureTheClusterForItself() throws Exception {
        securedClusterWithOneGroup();
        Roster mine = Roster.of(Map.of(Role.DAEMON, List.of(STRANGER.digestId())));
        CuratorFramework stranger = connect(
                ZkClients.daemon(server.getConnectString(), Optional.of(STRANGER), new ClusterAcls(PATHS, mine)));
        AccessDeniedException e = assertThrows(
                AccessDeniedException.class, () -> ClusterAccess.secure(stranger, new ClusterAcls(PATHS, mine)));
        assertEquals(Role.DAEMON, e.needed());
    }

    private static boolean noAuth(Runnable action) {
        try {
            action.run();
            return false;
        } catch (RuntimeException e) {
            return AccessDeniedException.isNoAuth(e);
        }
    }
}
