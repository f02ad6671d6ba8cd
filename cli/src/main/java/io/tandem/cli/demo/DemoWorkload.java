package io.tandem.cli.demo;

import io.tandem.cli.cluster.ClusterConfig;
import io.tandem.controller.fence.ShardHash;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;
import javax.sql.DataSource;

/**
 * The demo's clients: a paced mix of writes straight into the regions' databases, and a log of
 * every write a database acknowledged. Orders go to the region that owns the customer's shard group
 * (as the router would say); the database refuses (SQLSTATE TD001) a write for a group it does not
 * own, and such a write is counted as refused, never as acknowledged. Carts are multi-writer: any
 * region increments their {@code items} counter, concurrently, and relabels them.
 */
final class DemoWorkload implements AutoCloseable {
    /** A write a database acknowledged. */
    record Ack(String table, long id, String group, String region, long atNanos) {}

    private final Map<String, DataSource> databases;
    private final List<String> regions;
    private final ClusterConfig config;
    private final Function<String, Optional<String>> ownerOf;
    private final int opsPerSecond;
    private final long seed;
    private final AtomicBoolean running = new AtomicBoolean();
    private final List<Thread> threads = new ArrayList<>();
    private final AtomicLong nextOrder = new AtomicLong(1);
    private final Map<Long, Ack> orders = new ConcurrentHashMap<>();
    private final Queue<Ack> orderAcks = new ConcurrentLinkedQueue<>();
    private final AtomicLong cartIncrements = new AtomicLong();
    private final AtomicLong acked = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();

    DemoWorkload(
            Map<String, DataSource> databases,
            ClusterConfig config,
            Function<String, Optional<String>> ownerOf,
            int opsPerSecond,
            long seed) {
        this.databases = databases;
        this.regions = List.copyOf(databases.keySet());
        this.config = config;
        this.ownerOf = ownerOf;
        this.opsPerSecond = opsPerSecond;
        this.seed = seed;
    }

    void start(int threadCount) {
        if (!running.compareAndSet(false, true)) {
            throw new IllegalStateException("the workload is already running");
        }
        long intervalNanos = TimeUnit.SECONDS.toNanos(1) * threadCount / Math.max(1, opsPerSecond);
        for (int i = 0; i < threadCount; i++) {
            SplittableRandom random = new SplittableRandom(seed + i);
            Thread t = new Thread(() -> run(random, intervalNanos), "demo-client-" + i);
            t.setDaemon(true);
            threads.add(t);
            t.start();
        }
    }

    private void run(SplittableRandom random, long intervalNanos) {
        Map<String, Connection> connections = new HashMap<>();
        long next = System.nanoTime();
        try {
            while (running.get()) {
                step(random, connections);
                next += intervalNanos;
                long wait = next - System.nanoTime();
                if (wait > 0) {
                    LockSupport.parkNanos(wait);
                } else if (wait < -TimeUnit.SECONDS.toNanos(1)) {
                    next = System.nanoTime(); // fell behind (a region was down): do not burst to catch up
                }
            }
        } finally {
            connections.values().forEach(DemoWorkload::closeQuietly);
        }
    }

    private void step(SplittableRandom random, Map<String, Connection> connections) {
        int dice = random.nextInt(100);
        if (dice < 55) {
            String customer = "customer-" + random.nextInt(500);
            String group = config.groupOfShard(ShardHash.shardOf(customer, config.shards()));
            Optional<String> owner = ownerOf.apply(group);
            if (owner.isEmpty()) {
                refused.incrementAndGet();
                return;
            }
            long id = nextOrder.getAndIncrement();
            write(connections, owner.get(), "INSERT INTO public.orders VALUES (?, ?, ?, 'new')", p -> {
                        p.setLong(1, id);
                        p.setString(2, customer);
                        p.setLong(3, 100 + random.nextInt(100_000));
                    })
                    .ifPresent(at -> {
                        Ack ack = new Ack("orders", id, group, owner.get(), at);
                        orders.put(id, ack);
                        orderAcks.add(ack);
                    });
        } else if (dice < 90) {
            long cart = 1 + random.nextInt(DemoTopology.CARTS);
            anyRegion(
                            random,
                            region -> write(
                                    connections,
                                    region,
                                    "UPDATE public.carts SET items = items + 1 WHERE id = ?",
                                    p -> p.setLong(1, cart)))
                    .ifPresent(at -> cartIncrements.incrementAndGet());
        } else {
            long cart = 1 + random.nextInt(DemoTopology.CARTS);
            anyRegion(
                    random,
                    region -> write(connections, region, "UPDATE public.carts SET label = ? WHERE id = ?", p -> {
                        p.setString(1, "edited in " + region);
                        p.setLong(2, cart);
                    }));
        }
    }

    /**
     * A multi-writer write at a random region, and when that region does not answer, at the next one
     * (as the router's client retries on the next healthy region).
     */
    private Optional<Long> anyRegion(SplittableRandom random, Function<String, Optional<Long>> write) {
        int first = random.nextInt(regions.size());
        for (int i = 0; i < regions.size(); i++) {
            String region = regions.get((first + i) % regions.size());
            long failures = failed.get();
            Optional<Long> at = write.apply(region);
            if (at.isPresent() || failed.get() == failures) {
                return at; // acknowledged, or answered without writing: do not retry elsewhere
            }
        }
        return Optional.empty();
    }

    /** Runs one autocommit statement; the acknowledgement time when exactly one row was written. */
    private Optional<Long> write(Map<String, Connection> connections, String region, String sql, Binder binder) {
        try {
            Connection c = connections.get(region);
            if (c == null || c.isClosed()) {
                c = databases.get(region).getConnection();
                connections.put(region, c);
            }
            try (PreparedStatement p = c.prepareStatement(sql)) {
                binder.bind(p);
                if (p.executeUpdate() == 1) {
                    acked.incrementAndGet();
                    return Optional.of(System.nanoTime());
                }
                return Optional.empty();
            }
        } catch (SQLException e) {
            if ("TD001".equals(e.getSQLState())) {
                refused.incrementAndGet();
            } else {
                failed.incrementAndGet();
                Optional.ofNullable(connections.remove(region)).ifPresent(DemoWorkload::closeQuietly);
            }
            return Optional.empty();
        }
    }

    @FunctionalInterface
    private interface Binder {
        void bind(PreparedStatement p) throws SQLException;
    }

    long acked() {
        return acked.get();
    }

    long refused() {
        return refused.get();
    }

    long failed() {
        return failed.get();
    }

    long cartIncrements() {
        return cartIncrements.get();
    }

    /** Every acknowledged order. */
    Map<Long, Ack> orders() {
        return Map.copyOf(orders);
    }

    /** Acknowledged order writes of {@code group}, in acknowledgement order. */
    List<Ack> orderAcks(String group) {
        return orderAcks.stream()
                .filter(a -> a.group().equals(group))
                .sorted(java.util.Comparator.comparingLong(Ack::atNanos))
                .toList();
    }

    @Override
    public void close() {
        running.set(false);
        for (Thread t : threads) {
            try {
                t.join(TimeUnit.SECONDS.toMillis(10));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static void closeQuietly(Connection c) {
        try {
            c.close();
        } catch (SQLException e) {
            // the region may be down; nothing to release
        }
    }
}
