package io.tandem.router.client;

import io.tandem.controller.MonotonicClock;
import io.tandem.controller.fence.ShardHash;
import io.tandem.router.route.Consistency;
import io.tandem.router.route.Intent;
import io.tandem.router.route.Route;
import io.tandem.router.route.RouteRequest;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Routes cached per (group, intent, consistency, client region) with the epoch they were made at,
 * plus what the client learned about tables (shard count, shard → group), so a key is mapped to its
 * group locally by {@link ShardHash}, as the router and the database do. An answer with a higher
 * epoch for a group drops every cached route of that group. Thread-safe.
 */
final class RouteCache {

    record Key(String group, Intent intent, Consistency consistency, String clientRegion) {}

    private record TableShard(String table, int shard) {}

    private record Entry(Route route, long fetchedAtNanos) {}

    private final ConcurrentHashMap<Key, Entry> routes = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Long> epochs = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Integer> tableShards = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<TableShard, String> shardGroups = new ConcurrentHashMap<>();
    private final MonotonicClock clock;
    private final long ttlNanos;

    RouteCache(MonotonicClock clock, Duration ttl) {
        this.clock = clock;
        this.ttlNanos = ttl.toNanos();
    }

    /** The cache key of {@code request}, if the client can tell its group without asking. */
    Optional<Key> keyOf(RouteRequest request) {
        String group = request.group();
        if (group == null) {
            Integer shards = tableShards.get(request.table());
            if (shards == null) {
                return Optional.empty();
            }
            group = shardGroups.get(new TableShard(request.table(), ShardHash.shardOf(request.key(), shards)));
            if (group == null) {
                return Optional.empty();
            }
        }
        return Optional.of(new Key(group, request.intent(), request.consistency(), request.clientRegion()));
    }

    /** A fresh cached route for the key, if any; {@code allowExpired} also returns one past its TTL. */
    Optional<Route> get(Key key, boolean allowExpired) {
        Entry e = routes.get(key);
        if (e == null) {
            return Optional.empty();
        }
        if (e.route().epoch() < epochs.getOrDefault(key.group(), 0L)) {
            routes.remove(key, e);
            return Optional.empty();
        }
        if (!allowExpired && clock.nanos() - e.fetchedAtNanos() > ttlNanos) {
            return Optional.empty();
        }
        return Optional.of(e.route());
    }

    /** Records what an answer teaches; caches it unless the router said to retry later. */
    void put(RouteRequest request, Route route) {
        if (request.table() != null && route.shards() > 0) {
            tableShards.put(request.table(), route.shards());
            shardGroups.put(new TableShard(request.table(), route.shard()), route.group());
        }
        observeEpoch(route.group(), route.epoch());
        Key key = new Key(route.group(), request.intent(), request.consistency(), request.clientRegion());
        if (route.retryLater()) {
            routes.remove(key);
        } else {
            routes.put(key, new Entry(route, clock.nanos()));
        }
    }

    /** Notes that {@code group} is at least at {@code epoch}; older cached routes of the group are dropped. */
    void observeEpoch(String group, long epoch) {
        Long before = epochs.get(group);
        epochs.merge(group, epoch, Math::max);
        if (before != null && epoch > before) {
            invalidate(group);
        }
    }

    /** Drops every cached route of {@code group}. */
    void invalidate(String group) {
        routes.keySet().removeIf(k -> k.group().equals(group));
    }
}
