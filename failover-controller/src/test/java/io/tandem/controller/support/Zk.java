package io.tandem.controller.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.RetryNTimes;
import org.apache.curator.test.TestingServer;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real in-process ZooKeeper server on loopback, and Curator clients for it. Closes all on close().
 * As a JUnit extension ({@code @RegisterExtension final Zk zk = Zk.perTest();}) it starts a server
 * before each test (skipped with -DskipITs) and closes it after.
 */
public final class Zk implements AutoCloseable, BeforeEachCallback, AfterEachCallback {

    public static final int SESSION_MS = 2000;

    private TestingServer server;
    private final List<CuratorFramework> clients = new ArrayList<>();

    private Zk(TestingServer server) {
        this.server = server;
    }

    public static Zk start() {
        return new Zk(newServer());
    }

    /** An extension that starts a server before each test and closes it after. */
    public static Zk perTest() {
        return new Zk(null);
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        Integration.assumeEnabled();
        server = newServer();
    }

    @Override
    public void afterEach(ExtensionContext context) {
        if (server != null) {
            close();
            server = null;
        }
    }

    private static TestingServer newServer() {
        try {
            return new TestingServer(true);
        } catch (Exception e) {
            throw new IllegalStateException("cannot start ZooKeeper TestingServer", e);
        }
    }

    public TestingServer server() {
        return server;
    }

    /** A started client with a 2 s session and no ensemble tracking. */
    public synchronized CuratorFramework client() {
        CuratorFramework client = client(server.getConnectString());
        clients.add(client);
        return client;
    }

    /** A started client for {@code connectString}, 2 s session, no ensemble tracking; the caller closes it. */
    public static CuratorFramework client(String connectString) {
        CuratorFramework client = CuratorFrameworkFactory.builder()
                .connectString(connectString)
                .sessionTimeoutMs(SESSION_MS)
                .connectionTimeoutMs(1000)
                .retryPolicy(new RetryNTimes(Integer.MAX_VALUE, 100))
                .ensembleTracker(false)
                .build();
        client.start();
        return client;
    }

    @Override
    public synchronized void close() {
        for (CuratorFramework c : clients) {
            c.close();
        }
        clients.clear();
        try {
            server.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot stop ZooKeeper TestingServer", e);
        }
    }
}
