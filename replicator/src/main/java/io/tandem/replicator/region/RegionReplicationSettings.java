package io.tandem.replicator.region;

import io.tandem.replicator.config.TableSpec;
import io.tandem.replicator.event.EventFormat;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Everything one region's replication needs.
 *
 * @param region this region's name
 * @param database this region's database
 * @param kafkaBootstrap this region's Kafka cluster (where its changes are shipped)
 * @param peerKafkaBootstraps every other region's Kafka cluster by region name (one applier each)
 * @param tables the replicated tables (the same list in every region)
 * @param capturePollInterval capture's poll interval (null: capture's default, 5 ms)
 * @param captureMaxBatch capture's largest engine batch (0: capture's default, 2048)
 * @param applyPollTimeout how long an applier's poll waits (also bounds how fast close is noticed)
 * @param applyMaxBatch most records per applier poll and so per apply transaction
 * @param heartbeat how often this region writes its heartbeat row, or empty for none
 */
public record RegionReplicationSettings(
        String region,
        DatabaseSettings database,
        String kafkaBootstrap,
        Map<String, String> peerKafkaBootstraps,
        List<TableSpec> tables,
        Duration capturePollInterval,
        int captureMaxBatch,
        Duration applyPollTimeout,
        int applyMaxBatch,
        Optional<Duration> heartbeat,
        EventFormat eventFormat) {

    /** Settings that ship events in the default {@link EventFormat#PROTOBUF}. */
    public RegionReplicationSettings(
            String region,
            DatabaseSettings database,
            String kafkaBootstrap,
            Map<String, String> peerKafkaBootstraps,
            List<TableSpec> tables,
            Duration capturePollInterval,
            int captureMaxBatch,
            Duration applyPollTimeout,
            int applyMaxBatch,
            Optional<Duration> heartbeat) {
        this(
                region,
                database,
                kafkaBootstrap,
                peerKafkaBootstraps,
                tables,
                capturePollInterval,
                captureMaxBatch,
                applyPollTimeout,
                applyMaxBatch,
                heartbeat,
                EventFormat.PROTOBUF);
    }

    public RegionReplicationSettings {
        if (region == null || region.isBlank()) {
            throw new IllegalArgumentException("region replication needs a region name");
        }
        Objects.requireNonNull(database, "database of region " + region);
        Objects.requireNonNull(eventFormat, "event format of region " + region);
        if (kafkaBootstrap == null || kafkaBootstrap.isBlank()) {
            throw new IllegalArgumentException("region " + region + " needs its Kafka bootstrap servers");
        }
        peerKafkaBootstraps = Map.copyOf(Objects.requireNonNull(peerKafkaBootstraps, "peers of region " + region));
        if (peerKafkaBootstraps.containsKey(region)) {
            throw new IllegalArgumentException("region " + region + " lists itself among its peers");
        }
        tables = List.copyOf(Objects.requireNonNull(tables, "tables of region " + region));
        if (tables.isEmpty()) {
            throw new IllegalArgumentException("region " + region + " has no tables to replicate");
        }
        Set<String> names = new HashSet<>();
        for (TableSpec table : tables) {
            if (!names.add(table.name())) {
                throw new IllegalArgumentException("region " + region + ": table " + table.name() + " listed twice");
            }
        }
        applyPollTimeout = applyPollTimeout == null ? Duration.ofMillis(100) : applyPollTimeout;
        if (applyPollTimeout.isNegative() || applyPollTimeout.isZero()) {
            throw new IllegalArgumentException(
                    "region " + region + ": apply poll timeout must be positive, got " + applyPollTimeout);
        }
        applyMaxBatch = applyMaxBatch <= 0 ? 2_000 : applyMaxBatch;
        heartbeat = heartbeat == null ? Optional.empty() : heartbeat;
    }

    /** Settings with the defaults: capture 5 ms / 2048, apply 100 ms / 2000, heartbeat every second. */
    public static RegionReplicationSettings of(
            String region,
            DatabaseSettings database,
            String kafkaBootstrap,
            Map<String, String> peerKafkaBootstraps,
            List<TableSpec> tables) {
        return new RegionReplicationSettings(
                region,
                database,
                kafkaBootstrap,
                peerKafkaBootstraps,
                tables,
                null,
                0,
                null,
                0,
                Optional.of(Duration.ofSeconds(1)));
    }

    /** A copy with another heartbeat interval (empty: none). */
    public RegionReplicationSettings withHeartbeat(Optional<Duration> interval) {
        return new RegionReplicationSettings(
                region,
                database,
                kafkaBootstrap,
                peerKafkaBootstraps,
                tables,
                capturePollInterval,
                captureMaxBatch,
                applyPollTimeout,
                applyMaxBatch,
                interval,
                eventFormat);
    }

    /** A copy with other apply tuning. */
    public RegionReplicationSettings withApply(Duration pollTimeout, int maxBatch) {
        return new RegionReplicationSettings(
                region,
                database,
                kafkaBootstrap,
                peerKafkaBootstraps,
                tables,
                capturePollInterval,
                captureMaxBatch,
                pollTimeout,
                maxBatch,
                heartbeat,
                eventFormat);
    }

    /** A copy shipping events in {@code format}. */
    public RegionReplicationSettings withEventFormat(EventFormat format) {
        return new RegionReplicationSettings(
                region,
                database,
                kafkaBootstrap,
                peerKafkaBootstraps,
                tables,
                capturePollInterval,
                captureMaxBatch,
                applyPollTimeout,
                applyMaxBatch,
                heartbeat,
                format);
    }
}
