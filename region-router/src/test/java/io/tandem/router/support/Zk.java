package io.tandem.router.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.RetryNTimes;
import org.apache.curator.test.TestingServer;

/** A real in-process ZooKeeper on loopback and Curator clients for it (no ensemble tracking). */
public final class Zk implements AutoCloseable {

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

    /** A started client; retries forever every 100 ms so it comes back when the server does. */
    public synchronized CuratorFramework client(int sessionMs) {
        CuratorFramework client = CuratorFrameworkFactory.builder()
                .connectString(server.getConnectString())
                .sessionTimeoutMs(sessionMs)
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
        clients.forEach(CuratorFramework::close);
        try {
            server.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot stop ZooKeeper TestingServer", e);
        }
    }
}
