package io.tandem.bench.replication;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * With {@code -Dprogress=true}: prints, every {@code interval}, how far each stage of the Tandem
 * pipeline has got — events shipped to the source topic (its end offset) and records applied on the
 * receiving side (its stored apply position) — so a run shows which stage bounds the catch-up.
 */
final class StageProgress implements AutoCloseable {
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Thread thread;

    private StageProgress(String kafka, String topic, DataSource receiver, String sourceRegion, Duration interval) {
        this.thread = new Thread(() -> run(kafka, topic, receiver, sourceRegion, interval), "bench-progress");
        this.thread.setDaemon(true);
    }

    static AutoCloseable startIfAsked(String kafka, String topic, DataSource receiver, String sourceRegion) {
        if (!Boolean.getBoolean("progress")) {
            return () -> {};
        }
        StageProgress progress = new StageProgress(kafka, topic, receiver, sourceRegion, Duration.ofMillis(500));
        progress.thread.start();
        return progress;
    }

    private void run(String kafka, String topic, DataSource receiver, String sourceRegion, Duration interval) {
        long start = System.nanoTime();
        TopicPartition partition = new TopicPartition(topic, 0);
        try (var consumer = new KafkaConsumer<byte[], byte[]>(Map.of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka,
                        ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class,
                        ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class));
                Connection c = receiver.getConnection();
                PreparedStatement applied = c.prepareStatement(
                        "SELECT coalesce(max(next_offset), 0) FROM tandem.apply_position WHERE source_region = ?")) {
            applied.setString(1, sourceRegion);
            while (running.get()) {
                long shipped;
                try {
                    shipped = consumer.endOffsets(List.of(partition), Duration.ofSeconds(2))
                            .getOrDefault(partition, 0L);
                } catch (RuntimeException e) {
                    shipped = -1;
                }
                long done = 0;
                try (ResultSet rs = applied.executeQuery()) {
                    if (rs.next()) {
                        done = rs.getLong(1);
                    }
                }
                System.err.printf(
                        Locale.ROOT,
                        "progress t=%.1fs shipped=%d applied=%d%n",
                        (System.nanoTime() - start) / 1e9,
                        shipped,
                        done);
                Thread.sleep(interval.toMillis());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            System.err.println("progress: stopped: " + e);
        }
    }

    @Override
    public void close() throws InterruptedException {
        running.set(false);
        thread.interrupt();
        thread.join(5000);
    }
}
