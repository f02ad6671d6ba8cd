package io.tandem.bench;

import io.tandem.resolver.LocalWrite;
import io.tandem.resolver.LocalWrites;
import io.tandem.resolver.Resolution;
import io.tandem.resolver.Resolver;
import io.tandem.resolver.clock.Hlc;
import io.tandem.resolver.policy.ColumnMode;
import io.tandem.resolver.policy.TablePolicy;
import io.tandem.resolver.row.RowVersion;
import io.tandem.resolver.vector.Causality;
import io.tandem.resolver.vector.VersionVector;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The conflict resolver's hot paths on a realistic row (8 columns, 5 regions in the vector), with a
 * baseline in the same run: copying a HashMap of the row's size, the least an applier does per row.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class ResolverBenchmark {

    static final String[] REGIONS = {"ap-south", "eu-west", "sa-east", "us-east", "us-west"};
    static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");

    TablePolicy lww;
    TablePolicy merge;
    VersionVector left;
    VersionVector right;
    RowVersion lwwLocal;
    RowVersion lwwIncoming;
    RowVersion mergeLocal;
    RowVersion mergeIncoming;
    Map<String, Object> rowMap;

    @Setup
    public void setUp() {
        lww = TablePolicy.lastWriterWins().withColumn("stock", ColumnMode.COUNTER);
        merge = TablePolicy.columnMerge().withColumn("stock", ColumnMode.COUNTER);
        rowMap = new TreeMap<>();
        rowMap.put("name", "Ada Lovelace");
        rowMap.put("email", "ada@example.com");
        rowMap.put("city", "London");
        rowMap.put("status", "open");
        rowMap.put("price", new BigDecimal("129.90"));
        rowMap.put("quantity", 3L);
        rowMap.put("vip", Boolean.TRUE);
        rowMap.put("stock", 40L);

        RowVersion[] lwwPair = concurrentPair(lww);
        lwwLocal = lwwPair[0];
        lwwIncoming = lwwPair[1];
        RowVersion[] mergePair = concurrentPair(merge);
        mergeLocal = mergePair[0];
        mergeIncoming = mergePair[1];
        left = lwwLocal.vv();
        right = lwwIncoming.vv();
        if (left.compare(right) != Causality.CONCURRENT || left.size() != REGIONS.length) {
            throw new IllegalStateException("benchmark setup must produce concurrent 5-region vectors");
        }
    }

    /** A row written by all five regions in turn, then changed concurrently in us-east and eu-west. */
    private RowVersion[] concurrentPair(TablePolicy policy) {
        long t = Hlc.of(1_764_070_560_000L, 0);
        RowVersion row = LocalWrites.apply(Optional.empty(), LocalWrite.upsert(REGIONS[0], ++t, rowMap), policy);
        for (String region : REGIONS) {
            row = LocalWrites.apply(
                    Optional.of(row), LocalWrite.upsert(region, ++t, Map.of("quantity", t % 7)), policy);
        }
        RowVersion us = LocalWrites.apply(
                Optional.of(row),
                new LocalWrite("us-east", ++t, false, Map.of("name", "Ada King"), Map.of("stock", -3L)),
                policy);
        RowVersion eu = LocalWrites.apply(
                Optional.of(row),
                new LocalWrite("eu-west", ++t, false, Map.of("city", "Paris"), Map.of("stock", -3L)),
                policy);
        return new RowVersion[] {us, eu};
    }

    @Benchmark
    public Causality compare() {
        return left.compare(right);
    }

    @Benchmark
    public Resolution resolveLww() {
        return Resolver.resolve(Optional.of(lwwLocal), lwwIncoming, lww, NOW);
    }

    @Benchmark
    public Resolution resolveMerge() {
        return Resolver.resolve(Optional.of(mergeLocal), mergeIncoming, merge, NOW);
    }

    @Benchmark
    public Map<String, Object> baselineHashMapCopy() {
        return new HashMap<>(rowMap);
    }
}
