package io.tandem.cli.daemon;

import io.tandem.cli.cluster.ClusterConfig;
import io.tandem.controller.MonotonicClock;
import io.tandem.controller.ZkPaths;
import io.tandem.controller.access.TlsSettings;
import io.tandem.router.RegionRouter;
import io.tandem.router.RouterConfig;
import io.tandem.router.log.LogContext;
import io.tandem.router.map.ZkRoutingMap;
import io.tandem.router.route.LatencyTable;
import io.tandem.router.route.RoutingConfig;
import io.tandem.router.route.TableSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.curator.framework.CuratorFramework;

/**
 * The region router served by a daemon ({@code router.enabled: true}): the same gRPC and HTTP/JSON
 * endpoints as a standalone router, fed by a routing map on the daemon's own ZooKeeper session, with
 * its tables and groups taken from the cluster configuration. A changed cluster configuration
 * restarts the endpoints with the new tables (the map is kept). Reads go to the client's own region
 * first, then the others in the cluster configuration's order: a daemon knows no measured latencies,
 * so deployments that need a latency table run the standalone router.
 */
final class DaemonRouter implements AutoCloseable {

    private final String region;
    private final String bind;
    private final int grpcPort;
    private final int httpPort;
    private final int ratePerClient;
    private final ZkPaths paths;
    private final Duration sessionTimeout;
    private final Optional<TlsSettings> tls;
    private final ZkRoutingMap maps;
    private RegionRouter router;
    private RoutingConfig serving;

    DaemonRouter(
            CuratorFramework zooKeeper,
            ZkPaths paths,
            String region,
            String bind,
            int grpcPort,
            int httpPort,
            int ratePerClient,
            Duration sessionTimeout,
            Optional<TlsSettings> tls) {
        this.region = region;
        this.bind = bind;
        this.grpcPort = grpcPort;
        this.httpPort = httpPort;
        this.ratePerClient = ratePerClient;
        this.paths = paths;
        this.sessionTimeout = sessionTimeout;
        this.tls = tls;
        this.maps = new ZkRoutingMap(zooKeeper, paths, MonotonicClock.system(), new LogContext(region, "routing-map"));
        maps.start();
    }

    /** Serves routes for {@code config}; restarts the endpoints when its tables or groups changed. */
    synchronized void serve(ClusterConfig config, String zkConnect) {
        RoutingConfig routing = routing(config);
        if (router != null && routing.equals(serving)) {
            return;
        }
        if (router != null) {
            router.close();
            router = null;
        }
        RouterConfig settings = new RouterConfig(
                region,
                bind,
                grpcPort,
                httpPort,
                RouterConfig.DEFAULT_HTTP_THREADS,
                ratePerClient,
                zkConnect,
                paths,
                sessionTimeout,
                routing,
                tls,
                Optional.empty(),
                Optional.empty()); // the map reads through the daemon's own ZooKeeper session
        RegionRouter next = new RegionRouter(settings, maps, MonotonicClock.system());
        next.start();
        router = next;
        serving = routing;
    }

    /** What the router knows from the cluster configuration: owned tables, groups, nearest regions. */
    static RoutingConfig routing(ClusterConfig config) {
        List<String> groups = config.groups().stream().map(g -> g.name()).toList();
        List<TableSpec> tables = new ArrayList<>();
        for (io.tandem.replicator.config.TableSpec t : config.tables()) {
            if (t.mode().fenced()) {
                tables.add(new TableSpec(t.name(), config.shards(), groups));
            }
        }
        Map<String, List<String>> nearest = new LinkedHashMap<>();
        for (String client : config.regions()) {
            List<String> order = new ArrayList<>();
            order.add(client);
            config.regions().stream().filter(r -> !r.equals(client)).forEach(order::add);
            nearest.put(client, order);
        }
        return new RoutingConfig(tables, groups, new LatencyTable(nearest));
    }

    /** The bound gRPC port, or -1 before the first cluster configuration. */
    synchronized int grpcPort() {
        return router == null ? -1 : router.grpcPort();
    }

    /** The bound HTTP port, or -1 before the first cluster configuration or without HTTP. */
    synchronized int httpPort() {
        return router == null || httpPort < 0 ? -1 : router.httpPort();
    }

    @Override
    public synchronized void close() {
        try {
            if (router != null) {
                router.close();
                router = null;
            }
        } finally {
            maps.close();
        }
    }
}
