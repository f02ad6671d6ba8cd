package io.tandem.router.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.tandem.controller.fence.FenceSchema;
import io.tandem.controller.fence.FenceStore;
import io.tandem.controller.ownership.Ownership;
import io.tandem.controller.ownership.OwnershipState;
import io.tandem.embedded.postgres.PostgresServer;
import io.tandem.embedded.postgres.PostgresSettings;
import io.tandem.router.map.FixedRoutingMap;
import io.tandem.router.route.Intent;
import io.tandem.router.route.Route;
import io.tandem.router.route.RouteRequest;
import io.tandem.router.route.Router;
import io.tandem.router.route.RoutingMap;
import io.tandem.router.route.TableSpec;
import io.tandem.router.support.Fixtures;
import io.tandem.router.support.Integration;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The router and the real fencing trigger (the controller's bootstrap in a real PostgreSQL, region
 * us-east) agree on every key: same shard, same group, and a write is accepted exactly where the
 * router sends it. A real TD001 from the trigger makes the client refresh and land on the new owner.
 */
class RouterAgreesWithFenceIntegrationTest {

    private static PostgresServer postgres;
    private static DataSource usEast;
    private static FenceStore fence;
    private static final AtomicLong EPOCHS = new AtomicLong();

    private final FixedRoutingMap map = new FixedRoutingMap(Fixtures.map());
    private final Router router = new Router(Fixtures.config());

    @BeforeAll
    static void startPostgres() throws Exception {
        Integration.assumeEnabled();
        postgres = PostgresServer.start(PostgresSettings.of("router-fence"));
        usEast = postgres.dataSource();
        FenceSchema schema = new FenceSchema(usEast);
        schema.bootstrap("us-east");
        try (Connection c = usEast.getConnection()) {
            c.createStatement().execute("CREATE TABLE orders (id text PRIMARY KEY, amount int)");
        }
        TableSpec orders = Fixtures.config().tablesByName().get("orders");
        schema.fenceTable("orders", "id", orders.shards());
        schema.mapShards("orders", orders.shardToGroup());
        fence = new FenceStore(usEast);
    }

    /** Each test starts from orders-a on us-east, orders-b on eu-west, at epochs above any earlier test's. */
    @BeforeEach
    void ownership() {
        long epoch = EPOCHS.addAndGet(10);
        RoutingMap m = map.current();
        var groups = new HashMap<>(m.groups());
        for (Ownership o : List.of(
                new Ownership("orders-a", "us-east", epoch, OwnershipState.ACTIVE),
                new Ownership("orders-b", "eu-west", epoch, OwnershipState.ACTIVE))) {
            fence.apply(o);
            groups.put(o.group(), o);
        }
        map.set(m.withContent(groups, m.regions()));
    }

    @AfterAll
    static void stopPostgres() throws Exception {
        if (postgres != null) {
            postgres.close();
        }
    }

    private static void insert(String id) throws SQLException {
        try (Connection c = usEast.getConnection()) {
            insert(c, id);
        }
    }

    private static void insert(Connection c, String id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO orders (id, amount) VALUES (?, 1)")) {
            ps.setString(1, id);
            ps.executeUpdate();
        }
    }

    private static int sqlShardOf(Connection c, String key) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT tandem.shard_of(?, 8)")) {
            ps.setString(1, key);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    @Test
    void aWriteIsAcceptedExactlyWhereTheRouterSendsIt() throws SQLException {
        List<String> disagreements = new ArrayList<>();
        int accepted = 0;
        try (Connection c = usEast.getConnection()) {
            for (int i = 0; i < 300; i++) {
                String key = "agree-" + EPOCHS.get() + "-" + i;
                Route route =
                        router.route(map.current(), RouteRequest.forTable("orders", key, Intent.WRITE, "us-east"));
                int sqlShard = sqlShardOf(c, key);
                if (route.shard() != sqlShard) {
                    disagreements.add(key + ": router shard " + route.shard() + ", SQL shard " + sqlShard);
                }
                try {
                    insert(c, key);
                    accepted++;
                    if (!route.region().equals("us-east")) {
                        disagreements.add(key + ": us-east accepted a write the router sent to " + route.region());
                    }
                } catch (SQLException e) {
                    if (!Failures.isFencing(e) || route.region().equals("us-east")) {
                        disagreements.add(
                                key + ": routed to " + route.region() + " but us-east said " + e.getMessage());
                    }
                }
            }
        }
        assertEquals(List.of(), disagreements);
        assertTrue(accepted > 50 && accepted < 250, "both groups got keys: " + accepted + " of 300 in orders-a");
    }

    @Test
    void aRealTd001MakesTheClientRefreshAndFollowTheNewOwner() throws SQLException {
        RouterClient client =
                new RouterClient(request -> router.route(map.current(), request), ClientOptions.defaults(), () -> 0L);
        String key = null;
        for (int i = 0; key == null; i++) {
            Route r = client.route(RouteRequest.forTable("orders", "move-" + i, Intent.WRITE, "us-east"));
            if (r.group().equals("orders-a")) {
                key = "move-" + i;
            }
        }
        RouteRequest write = RouteRequest.forTable("orders", key, Intent.WRITE, "us-east");
        assertEquals("us-east", client.route(write).region(), "cached: orders-a is owned by us-east");

        // orders-a moves to eu-west: the database fence and the router's map follow, the client's cache does not.
        long epoch = map.current().groups().get("orders-a").epoch() + 1;
        Ownership moved = new Ownership("orders-a", "eu-west", epoch, OwnershipState.ACTIVE);
        fence.apply(moved);
        RoutingMap m = map.current();
        var groups = new HashMap<>(m.groups());
        groups.put("orders-a", moved);
        map.set(m.withContent(groups, m.regions()));

        List<String> tried = new ArrayList<>();
        String finalKey = key;
        String landed = client.call(write, (target, route) -> {
            tried.add(target.region());
            if (target.region().equals("us-east")) {
                insert(finalKey); // the real trigger refuses: TD001
                fail("us-east accepted a write for a group it no longer owns");
            }
            return target.region() + "@" + route.epoch();
        });
        assertEquals("eu-west@" + epoch, landed);
        assertEquals(List.of("us-east", "eu-west"), tried);
        assertEquals(1, client.fencings());
    }
}
