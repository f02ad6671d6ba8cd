package io.tandem.bench.failover;

import io.tandem.embedded.zookeeper.ZooKeeperEnsemble;
import io.tandem.embedded.zookeeper.ZooKeeperNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.netcrusher.core.reactor.NioReactor;
import org.netcrusher.tcp.TcpCrusher;
import org.netcrusher.tcp.TcpCrusherBuilder;

/**
 * A region's links to every ZooKeeper server, through a loopback TCP proxy each (netcrusher): {@link
 * #cut()} freezes them (no byte passes, sockets stay open: a dead WAN link), {@link #heal()} lets
 * traffic through again. Clients must be built with ensemble tracking off.
 */
final class ZkProxies implements AutoCloseable {

    private final NioReactor reactor;
    private final List<TcpCrusher> proxies = new ArrayList<>();

    ZkProxies(ZooKeeperEnsemble ensemble) {
        try {
            reactor = new NioReactor();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the proxy reactor", e);
        }
        for (ZooKeeperNode node : ensemble.nodes()) {
            proxies.add(open(node.clientPort()));
        }
    }

    private TcpCrusher open(int serverPort) {
        RuntimeException last = null;
        for (int attempt = 1; attempt <= 5; attempt++) {
            try {
                return TcpCrusherBuilder.builder()
                        .withReactor(reactor)
                        .withBindAddress("127.0.0.1", freePort())
                        .withConnectAddress("127.0.0.1", serverPort)
                        .buildAndOpen();
            } catch (RuntimeException e) {
                last = e; // another process took the port between the choice and the bind
            }
        }
        throw new IllegalStateException("cannot open a proxy to ZooKeeper port " + serverPort + " in 5 attempts", last);
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot find a free loopback port", e);
        }
    }

    String connectString() {
        return proxies.stream()
                .map(p -> "127.0.0.1:" + p.getBindAddress().getPort())
                .collect(Collectors.joining(","));
    }

    void cut() {
        proxies.forEach(TcpCrusher::freeze);
    }

    void heal() {
        proxies.forEach(TcpCrusher::unfreeze);
    }

    @Override
    public void close() {
        proxies.forEach(TcpCrusher::close);
        reactor.close();
    }
}
