package io.tandem.router;

import io.tandem.controller.MonotonicClock;
import io.tandem.router.map.ZkRoutingMap;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.ExponentialBackoffRetry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@code java io.tandem.router.RouterMain router.json}: runs a router until the JVM is stopped. */
public final class RouterMain {

    private static final Logger log = LoggerFactory.getLogger(RouterMain.class);

    private RouterMain() {}

    public static void main(String[] args) throws InterruptedException {
        if (args.length != 1) {
            System.err.println("usage: RouterMain CONFIG.json (format: region-router/README.md)");
            System.exit(2);
        }
        RouterConfig config = RouterConfig.load(Path.of(args[0]));
        CuratorFramework client = CuratorFrameworkFactory.builder()
                .connectString(config.zkConnect())
                .sessionTimeoutMs((int) config.zkSessionTimeout().toMillis())
                .retryPolicy(new ExponentialBackoffRetry(200, 10, 5_000))
                .build();
        client.start();
        ZkRoutingMap maps = new ZkRoutingMap(client, config.zkPaths(), MonotonicClock.system());
        maps.start();
        RegionRouter router = new RegionRouter(config, maps, MonotonicClock.system());
        router.start();
        log.info(
                "router serving gRPC on {}:{} and HTTP on port {}",
                config.bind(),
                router.grpcPort(),
                config.httpPort() < 0 ? "none" : router.httpPort());
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            router.close();
                            maps.close();
                            client.close();
                            stopped.countDown();
                        },
                        "router-shutdown"));
        stopped.await();
    }
}
