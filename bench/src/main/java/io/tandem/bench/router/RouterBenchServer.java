package io.tandem.bench.router;

import io.grpc.Server;
import io.tandem.controller.MonotonicClock;
import io.tandem.controller.ZkPaths;
import io.tandem.router.RegionRouter;
import io.tandem.router.RouterConfig;
import io.tandem.router.grpc.GrpcTransport;
import io.tandem.router.map.FixedRoutingMap;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;

/**
 * The server process of {@code bench/run router}: a region router on loopback answering from an
 * in-memory map ({@link BenchMap}) and, next to it, the empty handler of the same service
 * ({@link EmptyRouterService}) built by the same {@link GrpcTransport#serverBuilder}. It writes
 * {@code router=PORT baseline=PORT transport=NAME pid=PID} to the file named by its one argument once both
 * listen, and serves until it is terminated (SIGTERM runs the shutdown hook that stops both).
 *
 * <p>The router runs as deployed, rate limits included: every client id gets
 * {@value #RATE_PER_CLIENT} routes/s, far above what the load generator sends, so the limiter is
 * consulted on every call but never refuses one.
 */
public final class RouterBenchServer {

    static final int RATE_PER_CLIENT = 10_000_000;

    private RouterBenchServer() {}

    public static void main(String[] args) throws IOException, InterruptedException {
        if (args.length != 1) {
            System.err.println("usage: RouterBenchServer PORT_FILE (gets 'router=N baseline=N transport=T pid=N')");
            System.exit(2);
        }
        RouterConfig config = new RouterConfig(
                "bench",
                "127.0.0.1",
                0,
                -1,
                1,
                RATE_PER_CLIENT,
                "127.0.0.1:1",
                ZkPaths.forCluster("bench"),
                Duration.ofSeconds(10),
                BenchMap.config());
        RegionRouter router = new RegionRouter(config, new FixedRoutingMap(BenchMap.map()), MonotonicClock.system());
        Server empty = GrpcTransport.serverBuilder(new InetSocketAddress("127.0.0.1", 0))
                .addService(new EmptyRouterService())
                .build();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            router.close();
            empty.shutdownNow();
            stopped.countDown();
        }));
        router.start();
        empty.start();
        Path file = Path.of(args[0]);
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(
                tmp,
                "router=" + router.grpcPort() + " baseline=" + empty.getPort() + " transport=" + GrpcTransport.name()
                        + " pid=" + ProcessHandle.current().pid() + "\n");
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
        stopped.await();
    }
}
