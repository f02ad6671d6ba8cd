package io.tandem.router;

import io.tandem.controller.Lifecycle;
import io.tandem.controller.MonotonicClock;
import io.tandem.controller.access.ClusterAcls;
import io.tandem.controller.access.Credential;
import io.tandem.controller.access.ZkClients;
import io.tandem.router.log.LogContext;
import io.tandem.router.map.ZkRoutingMap;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.retry.ExponentialBackoffRetry;

/**
 * A router as {@link RouterMain} runs it: its own Curator client, the ZooKeeper-fed routing map and
 * the gRPC/HTTP servers, started together and stopped together. {@link #close()} is idempotent and
 * stops the servers, then the map, then the client.
 */
public final class StandaloneRouter implements AutoCloseable {

    private final Lifecycle lifecycle = new Lifecycle("standalone router");
    private final CuratorFramework client;
    private final ZkRoutingMap maps;
    private final RegionRouter router;

    private StandaloneRouter(CuratorFramework client, ZkRoutingMap maps, RegionRouter router) {
        this.client = client;
        this.maps = maps;
        this.router = router;
    }

    /** Starts everything {@code config} describes; on failure stops what it had started and rethrows. */
    public static StandaloneRouter start(RouterConfig config) {
        // the router only reads: an identity with role reader suffices on a cluster with ACLs
        CuratorFramework client = ZkClients.builder(
                        config.zkConnect(),
                        config.zkCredentialFile().map(Credential::fromFile),
                        ClusterAcls.unknown(config.zkPaths()),
                        config.zkTls())
                .sessionTimeoutMs((int) config.zkSessionTimeout().toMillis())
                .retryPolicy(new ExponentialBackoffRetry(200, 10, 5_000))
                .build();
        ZkRoutingMap maps = null;
        RegionRouter router = null;
        try {
            client.start();
            maps = new ZkRoutingMap(
                    client, config.zkPaths(), MonotonicClock.system(), new LogContext(config.region(), "routing-map"));
            maps.start();
            router = new RegionRouter(config, maps, MonotonicClock.system());
            router.start();
            StandaloneRouter started = new StandaloneRouter(client, maps, router);
            started.lifecycle.start();
            return started;
        } catch (RuntimeException e) {
            closeAll(router, maps, client, e);
            throw e;
        }
    }

    public RegionRouter router() {
        return router;
    }

    public ZkRoutingMap maps() {
        return maps;
    }

    @Override
    public void close() {
        if (lifecycle.close()) {
            closeAll(router, maps, client, null);
        }
    }

    /** Closes in order; the first failure is thrown (or added to {@code pending}) after all were tried. */
    private static void closeAll(
            RegionRouter router, ZkRoutingMap maps, CuratorFramework client, RuntimeException pending) {
        RuntimeException failure = pending;
        for (Runnable step : new Runnable[] {
            () -> {
                if (router != null) {
                    router.close();
                }
            },
            () -> {
                if (maps != null) {
                    maps.close();
                }
            },
            client::close
        }) {
            try {
                step.run();
            } catch (RuntimeException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (pending == null && failure != null) {
            throw failure;
        }
    }
}
