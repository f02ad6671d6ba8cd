package io.tandem.replicator.apply;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tandem.replicator.config.TableMode;
import io.tandem.replicator.config.TableSpec;
import io.tandem.replicator.event.ChangeEvent;
import io.tandem.replicator.event.ChangeEventCodec;
import io.tandem.replicator.metrics.ApplyMetrics;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Feeds records to a {@link BatchApplier} as the consumer would, with consecutive offsets. No Kafka. */
final class Feeder {
    final ChangeEventCodec codec = new ChangeEventCodec();
    final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    final String source;
    final TestDatabase db;
    final TransactionAssembler assembler;
    final BatchApplier applier;
    long nextOffset;
    /** Where the applier's connections come from; the test database's by default. */
    javax.sql.DataSource dataSource;

    Feeder(TestDatabase db, String source, Map<String, TableSpec> tables) {
        this.db = db;
        this.source = source;
        this.dataSource = db.dataSource();
        this.assembler = new TransactionAssembler(codec, source);
        this.applier = new BatchApplier(
                source,
                tables,
                new LibraryResolver(tables.values(), Clock.systemUTC()),
                new ApplyMetrics(registry, source, Clock.systemUTC()),
                Duration.ZERO);
    }

    static Map<String, TableSpec> tables(String policy, String... names) {
        Map<String, TableSpec> tables = new LinkedHashMap<>();
        for (String name : names) {
            tables.put(
                    name,
                    new TableSpec(name, List.of("id"), TableMode.MULTI_WRITER, policy, Set.of(), Optional.empty()));
        }
        return tables;
    }

    BatchResult feed(ChangeEvent... events) throws SQLException {
        List<byte[]> payloads = new ArrayList<>();
        for (ChangeEvent event : events) {
            payloads.add(codec.encode(event));
        }
        return feedRaw(payloads);
    }

    BatchResult feedRaw(List<byte[]> payloads) throws SQLException {
        List<PolledRecord> records = new ArrayList<>();
        for (byte[] payload : payloads) {
            records.add(new PolledRecord(nextOffset++, payload));
        }
        return applyRecords(records);
    }

    BatchResult applyRecords(List<PolledRecord> records) throws SQLException {
        List<SourceTransaction> transactions = assembler.add(records);
        try (Connection connection = dataSource.getConnection()) {
            return applier.apply(connection, transactions);
        }
    }

    double counter(String name, String table) {
        var counter = registry.find(name).tag("table", table).counter();
        return counter == null ? 0 : counter.count();
    }

    double gauge(String name, String table) {
        var gauge = registry.find(name).tag("table", table).gauge();
        return gauge == null ? Double.NaN : gauge.value();
    }
}
