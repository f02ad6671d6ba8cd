package io.tandem.controller.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.RetryNTimes;
import org.apache.curator.test.TestingServer;

/** A real in-process ZooKeeper server on loopback, and Curator clients for it. Closes all on close(). */
public final class Zk implements AutoCloseable {

    public static final int SESSION_MS = 2000;

    private final TestingServer server;
    private final List<CuratorFramework> clients = new ArrayList<>();

    private Zk(TestingServer server) {
        this.server = server;
    }

    public static Zk start() {
        try {
            return new Zk(new TestingServer(true));
        } catch (Exception e) {
            throw new IllegalStateException("cannot start ZooKeeper TestingServer", e);
        }
    }

    public TestingServer server() {
        return server;
    }

    /** A started client with a 2 s session and no ensemble tracking. */
    public synchronized CuratorFramework client() {
        CuratorFramework client = CuratorFrameworkFactory.builder()
                .connectString(server.getConnectString())
                .sessionTimeoutMs(SESSION_MS)
                .connectionTimeoutMs(1000)
                .retryPolicy(new RetryNTimes(Integer.MAX_VALUE, 100))
                .ensembleTracker(false)
                .build();
        client.start();
        clients.add(client);
        return client;
    }

    @Override
    public synchronized void close() {
        for (CuratorFramework c : clients) {
            c.close();
        }
        try {
            server.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot stop ZooKeeper TestingServer", e);
        }
    }
}
