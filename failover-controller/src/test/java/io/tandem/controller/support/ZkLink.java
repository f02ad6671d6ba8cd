package io.tandem.controller.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.curator.test.InstanceSpec;
import org.apache.curator.test.TestingCluster;
import org.netcrusher.core.reactor.NioReactor;
import org.netcrusher.tcp.TcpCrusher;
import org.netcrusher.tcp.TcpCrusherBuilder;

/**
 * One region's network link to every ZooKeeper server: a loopback TCP proxy (netcrusher) per server.
 * {@link #cut()} freezes them all (a partition: bytes stop, sockets stay open, as on a dead WAN
 * link); {@link #heal()} lets traffic through again. Build the region's client on {@link
 * #connectString()} with ensemble tracking off, or Curator would learn the servers' real addresses.
 */
public final class ZkLink implements AutoCloseable {

    private final NioReactor reactor;
    private final List<TcpCrusher> proxies = new ArrayList<>();

    private ZkLink(NioReactor reactor) {
        this.reactor = reactor;
    }

    public static ZkLink to(TestingCluster ensemble) {
        ZkLink link;
        try {
            link = new ZkLink(new NioReactor());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the proxy reactor", e);
        }
        for (InstanceSpec server : ensemble.getInstances()) {
            link.proxies.add(open(link.reactor, server.getPort()));
        }
        return link;
    }

    /** A proxy on a free loopback port; retried when another process takes the port first. */
    private static TcpCrusher open(NioReactor reactor, int serverPort) {
        RuntimeException last = null;
        for (int attempt = 1; attempt <= 5; attempt++) {
            try {
                return TcpCrusherBuilder.builder()
                        .withReactor(reactor)
                        .withBindAddress("127.0.0.1", freePort())
                        .withConnectAddress("127.0.0.1", serverPort)
                        .buildAndOpen();
            } catch (RuntimeException e) {
                last = e; // the port was taken between the choice and the bind
            }
        }
        throw new IllegalStateException("cannot open a proxy to ZooKeeper port " + serverPort + " in 5 attempts", last);
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot find a free loopback port", e);
        }
    }

    public String connectString() {
        return proxies.stream()
                .map(p -> "127.0.0.1:" + p.getBindAddress().getPort())
                .collect(Collectors.joining(","));
    }

    /** Partitions the region from ZooKeeper: no byte passes in either direction. */
    public void cut() {
        proxies.forEach(TcpCrusher::freeze);
    }

    public void heal() {
        proxies.forEach(TcpCrusher::unfreeze);
    }

    @Override
    public void close() {
        proxies.forEach(TcpCrusher::close);
        reactor.close();
    }
}
