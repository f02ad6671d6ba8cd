package io.tandem.chaos.harness;

import io.tandem.chaos.fault.ClockSkew;
import io.tandem.chaos.fault.FaultProxy;
import io.tandem.chaos.fault.LinkState;
import io.tandem.chaos.fault.Signal;
import io.tandem.chaos.schedule.Fault;
import io.tandem.chaos.schedule.FaultKind;
import io.tandem.chaos.schedule.History;
import io.tandem.controller.intent.Intent;
import io.tandem.controller.intent.IntentStore;
import io.tandem.controller.ownership.OwnershipStore;
import io.tandem.embedded.zookeeper.ZooKeeperNode;
import io.tandem.replicator.apply.Topics;
import io.tandem.replicator.event.ChangeEventCodec;
import io.tandem.replicator.event.MalformedChangeEventException;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.apache.curator.framework.CuratorFramework;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Carries out one {@link Fault} on a {@link ChaosCluster} and its regions' runtimes, and returns the
 * action that heals it. Every step is written to the schedule's {@link History}.
 */
public final class FaultInjector {
    private static final int REORDER_WINDOW = 40;
    private static final int REWIND_RECORDS = 30;
    private static final Duration SKEWED_READY_TIMEOUT = Duration.ofSeconds(45);

    private final ChaosCluster cluster;
    private final Map<String, RegionRuntime> runtimes;
    private final CuratorFramework zooKeeper;
    private final Map<String, AtomicLong> reproduced = new ConcurrentHashMap<>();

    public FaultInjector(ChaosCluster cluster, Map<String, RegionRuntime> runtimes, CuratorFramework zooKeeper) {
        this.cluster = cluster;
        this.runtimes = runtimes;
        this.zooKeeper = zooKeeper;
    }

    /** Injects {@code f} now; the returned action heals it (it may do nothing). */
    public Runnable inject(Fault f, Random rng, History history) {
        RegionRuntime runtime = runtimes.get(f.target());
        switch (f.kind()) {
            case KILL_DAEMON -> {
                runtime.kill();
                return runtime::start;
            }
            case PAUSE_DAEMON -> {
                runtime.pause();
                return runtime::resume;
            }
            case ISOLATE_REGION -> {
                List<FaultProxy> links = cluster.linksOf(f.target());
                links.forEach(p -> p.set(LinkState.partitioned()));
                return () -> links.forEach(FaultProxy::heal);
            }
            case ONE_WAY_PARTITION -> {
                FaultProxy link = cluster.link(ChaosCluster.kafkaLink(f.target(), f.peer()));
                link.set(LinkState.serverSilent());
                return link::heal;
            }
            case LATENCY -> {
                Duration delay = Duration.ofMillis(20 + rng.nextInt(180));
                List<FaultProxy> links = cluster.linksOf(f.target());
                links.forEach(p -> p.set(LinkState.delayed(delay)));
                history.add("  latency " + delay.toMillis() + " ms on " + links.size() + " links of " + f.target());
                return () -> links.forEach(FaultProxy::heal);
            }
            case ZOOKEEPER_NODE_LOSS, ZOOKEEPER_LEADER_LOSS -> {
                boolean leader = f.kind() == FaultKind.ZOOKEEPER_LEADER_LOSS;
                List<ZooKeeperNode> candidates = leader
                        ? cluster.zooKeeper().leader().map(List::of).orElse(List.of())
                        : cluster.zooKeeper().followers();
                if (candidates.isEmpty()) {
                    history.add("  no ZooKeeper " + (leader ? "leader" : "follower") + " to stop: skipped");
                    return () -> {};
                }
                ZooKeeperNode node = candidates.get(rng.nextInt(candidates.size()));
                history.add("  stopping ZooKeeper node " + node.id() + " (" + node.mode() + ")");
                node.stop();
                return node::start;
            }
            case KAFKA_RESTART -> {
                cluster.kafka(f.target()).stop();
                return () -> cluster.kafka(f.target()).start();
            }
            case POSTGRES_RESTART -> {
                cluster.postgres(f.target()).crash();
                return () -> {
                    cluster.postgres(f.target()).start();
                    adoptPostgres(f.target());
                    history.add("  " + f.target() + "'s daemon restarted after its database came back");
                    runtime.restart();
                };
            }
            case POSTGRES_PAUSE -> {
                List<Long> pids = cluster.processes()
                        .postgresProcesses(cluster.postgres(f.target()).dataDirectory());
                int sent = cluster.processes().send(Signal.STOP, pids);
                history.add("  SIGSTOP to " + sent + " PostgreSQL processes of " + f.target());
                return () -> cluster.processes().send(Signal.CONT, pids);
            }
            case CLOCK_SKEW -> {
                Duration skew = Duration.ofSeconds(rng.nextBoolean() ? 5 : -5);
                Consumer<Duration> skewer;
                if (runtime instanceof InProcessRegion inProcess) {
                    skewer = inProcess::skewClock;
                } else if (runtime instanceof DaemonProcessRegion daemon
                        && ClockSkew.unavailableReason().isEmpty()) {
                    skewer = daemon::skewClock;
                } else {
                    history.add("  " + ClockSkew.unavailableReason().orElse("no clock to skew") + "; skipped");
                    return () -> {};
                }
                history.add("  " + f.target() + " restarted with its wall clock " + skew.toSeconds() + " s off");
                skewer.accept(skew);
                runtime.restart();
                return () -> {
                    // A child JVM takes seconds to start: without this wait a short skew would end before the
                    // skewed daemon ever took part (joined ZooKeeper, captured, applied).
                    long waited = System.nanoTime();
                    boolean ready = runtime.awaitReady(SKEWED_READY_TIMEOUT);
                    history.add("  " + f.target() + "'s skewed daemon " + (ready ? "healthy" : "NOT healthy") + " "
                            + (System.nanoTime() - waited) / 1_000_000 + " ms after the skew's planned end");
                    skewer.accept(Duration.ZERO);
                    runtime.restart();
                };
            }
            case DUPLICATE_DELIVERY -> {
                runtime.kill();
                rewindApplyPositions(f.target());
                history.add("  " + f.target() + "'s apply positions rewound by " + REWIND_RECORDS + " records");
                runtime.start();
                return () -> {};
            }
            case REORDERED_DELIVERY -> {
                int n = reproduceShuffled(f.target(), rng);
                reproduced.computeIfAbsent(f.target(), r -> new AtomicLong()).addAndGet(n);
                history.add("  the last records of " + Topics.changes(f.target()) + " (" + n
                        + " row changes) produced again, shuffled");
                return () -> {};
            }
            case SWITCHOVER -> {
                OwnershipStore store = new OwnershipStore(zooKeeper, cluster.paths());
                List<String> owned = store.snapshot().groups().values().stream()
                        .filter(v -> v.value().owner().equals(f.target()))
                        .map(v -> v.value().group())
                        .sorted()
                        .toList();
                if (owned.isEmpty()) {
                    history.add("  " + f.target() + " owns no group: no switchover");
                    return () -> {};
                }
                String group = owned.get(rng.nextInt(owned.size()));
                try {
                    new IntentStore(zooKeeper, cluster.paths())
                            .submit(Intent.switchover(
                                    "chaos-" + UUID.randomUUID().toString().substring(0, 8),
                                    group,
                                    f.peer(),
                                    Duration.ofSeconds(10),
                                    System.currentTimeMillis(),
                                    "chaos"));
                    history.add("  switchover of " + group + " " + f.target() + " -> " + f.peer() + " requested");
                } catch (RuntimeException e) {
                    history.add("  switchover of " + group + " not submitted: " + e.getMessage());
                }
                return () -> {};
            }
        }
        throw new IllegalArgumentException("unknown fault kind " + f.kind());
    }

    /** Records this injector produced into {@code region}'s topic itself (reordered delivery). */
    public long reproducedRecords(String region) {
        return reproduced.getOrDefault(region, new AtomicLong()).get();
    }

    public void adoptPostgres(String region) {
        cluster.processes()
                .adopt(cluster.processes()
                        .postgresProcesses(cluster.postgres(region).dataDirectory())
                        .get(0));
    }

    private void rewindApplyPositions(String region) {
        try (Connection c = cluster.db(region).getConnection();
                Statement s = c.createStatement()) {
            s.executeUpdate(
                    "UPDATE tandem.apply_position SET next_offset = greatest(0, next_offset - " + REWIND_RECORDS + ")");
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException("cannot rewind " + region + "'s apply positions: " + e.getMessage(), e);
        }
    }

    /**
     * Reads the last records of the region's topic and produces them again in a shuffled order; returns
     * how many of them were row changes (what {@code TopicCounts} counts), heartbeats left out.
     */
    private int reproduceShuffled(String region, Random rng) {
        String topic = Topics.changes(region);
        TopicPartition tp = new TopicPartition(topic, Topics.PARTITION);
        Properties consumer = new Properties();
        consumer.put("bootstrap.servers", cluster.kafka(region).bootstrapServers());
        consumer.put("key.deserializer", ByteArrayDeserializer.class.getName());
        consumer.put("value.deserializer", ByteArrayDeserializer.class.getName());
        consumer.put("enable.auto.commit", "false");
        List<ConsumerRecord<byte[], byte[]>> window = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(consumer)) {
            c.assign(List.of(tp));
            long end = c.endOffsets(List.of(tp), Duration.ofSeconds(5)).get(tp);
            long from = Math.max(0, end - REORDER_WINDOW);
            c.seek(tp, from);
            long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (window.size() < end - from && System.nanoTime() < deadline) {
                c.poll(Duration.ofMillis(200)).forEach(window::add);
            }
        }
        Collections.shuffle(window, rng);
        Properties producer = new Properties();
        producer.put("bootstrap.servers", cluster.kafka(region).bootstrapServers());
        producer.put("key.serializer", ByteArraySerializer.class.getName());
        producer.put("value.serializer", ByteArraySerializer.class.getName());
        producer.put("acks", "all");
        int rowChanges = 0;
        ChangeEventCodec codec = new ChangeEventCodec();
        try (KafkaProducer<byte[], byte[]> p = new KafkaProducer<>(producer)) {
            for (ConsumerRecord<byte[], byte[]> r : window) {
                p.send(new ProducerRecord<>(topic, Topics.PARTITION, r.key(), r.value(), r.headers()));
                try {
                    rowChanges += codec.decode(r.value()).table().startsWith("tandem.") ? 0 : 1;
                } catch (MalformedChangeEventException e) {
                    // not a row change: not counted as shipped either
                }
            }
            p.flush();
        }
        return rowChanges;
    }
}
