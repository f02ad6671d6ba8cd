package io.tandem.replicator.apply;

import io.tandem.replicator.config.TableSpec;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * Settings of one source region's applier.
 *
 * @param sourceRegion the region whose changes to apply
 * @param tables the replicated tables by schema-qualified name
 * @param pollTimeout how long one poll waits for records (also bounds how fast close is noticed)
 * @param maxBatchRecords most records per poll, and so per database transaction
 * @param maxAttempts attempts of one batch on retriable errors before the applier fails
 * @param retryBackoff wait before the first retry; doubles per attempt up to 30 s
 * @param driftRecheck how often a paused table's schema is re-checked
 */
public record ApplierSettings(
        String sourceRegion,
        Map<String, TableSpec> tables,
        Duration pollTimeout,
        int maxBatchRecords,
        int maxAttempts,
        Duration retryBackoff,
        Duration driftRecheck) {

    public ApplierSettings {
        if (sourceRegion == null || sourceRegion.isBlank()) {
            throw new IllegalArgumentException("applier needs a source region");
        }
        tables = Map.copyOf(Objects.requireNonNull(tables, "tables"));
        requirePositive(pollTimeout, "pollTimeout");
        requirePositive(retryBackoff, "retryBackoff");
        Objects.requireNonNull(driftRecheck, "driftRecheck");
        if (maxBatchRecords < 1) {
            throw new IllegalArgumentException("maxBatchRecords must be >= 1, got " + maxBatchRecords);
        }
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be >= 1, got " + maxAttempts);
        }
    }

    /** Defaults: 100 ms poll, 2,000 records per batch, 6 attempts from 200 ms backoff, drift re-check 5 s. */
    public static ApplierSettings defaults(String sourceRegion, Map<String, TableSpec> tables) {
        return new ApplierSettings(
                sourceRegion, tables, Duration.ofMillis(100), 2_000, 6, Duration.ofMillis(200), Duration.ofSeconds(5));
    }

    private static void requirePositive(Duration duration, String name) {
        if (duration == null || duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException(name + " must be a positive duration, got " + duration);
        }
    }
}
