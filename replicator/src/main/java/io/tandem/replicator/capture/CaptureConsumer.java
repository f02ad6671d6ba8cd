package io.tandem.replicator.capture;

import io.debezium.engine.DebeziumEngine;
import io.debezium.engine.RecordChangeEvent;
import io.tandem.replicator.metrics.ReplicationMetrics;
import java.util.List;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The engine's batch handler: converts records, assembles whole transactions, hands them to the
 * sink, and only then marks the records processed so the engine commits their offsets. A sink
 * failure propagates (the engine stops, nothing of the batch is committed) — it is deliberately not
 * a Connect {@code RetriableException}, on which the engine would poll on and skip the batch.
 */
final class CaptureConsumer implements DebeziumEngine.ChangeConsumer<RecordChangeEvent<SourceRecord>> {
    private static final Logger log = LoggerFactory.getLogger(CaptureConsumer.class);

    private final String transactionTopic;
    private final String region;
    private final EventConverter converter;
    private final ChangeSink sink;
    private final ReplicationMetrics metrics;
    private final TransactionAssembler<RecordChangeEvent<SourceRecord>> assembler;

    CaptureConsumer(
            String topicPrefix, EventConverter converter, ChangeSink sink, ReplicationMetrics metrics, int chunkSize) {
        this.transactionTopic = topicPrefix + ".transaction";
        this.region = converter.region();
        this.assembler = new TransactionAssembler<>(chunkSize);
        this.converter = converter;
        this.sink = sink;
        this.metrics = metrics;
    }

    @Override
    public void handleBatch(
            List<RecordChangeEvent<SourceRecord>> records,
            DebeziumEngine.RecordCommitter<RecordChangeEvent<SourceRecord>> committer)
            throws InterruptedException {
        MDC.put("region", region);
        MDC.put("component", "capture");
        var drained = assemble(records);
        try {
            if (!drained.transactions().isEmpty()) {
                sink.ship(drained.transactions());
            }
        } catch (InterruptedException | RuntimeException e) {
            assembler.reset();
            log.error(
                    "shipping {} transaction(s) failed; capture stops without committing its position, so they"
                            + " are sent again on restart: {}",
                    drained.transactions().size(),
                    e.toString());
            throw e;
        }
        for (var handle : drained.releasable()) {
            committer.markProcessed(handle);
        }
        committer.markBatchFinished();
    }

    private TransactionAssembler.Drained<RecordChangeEvent<SourceRecord>> assemble(
            List<RecordChangeEvent<SourceRecord>> records) {
        for (var handle : records) {
            SourceRecord record = handle.record();
            if (!(record.value() instanceof Struct value)) {
                assembler.accept(handle, new TransactionAssembler.Other());
            } else if (transactionTopic.equals(record.topic())) {
                String id = xid(value.getString("id"));
                assembler.accept(
                        handle,
                        "BEGIN".equals(value.getString("status"))
                                ? new TransactionAssembler.Begin(id)
                                : new TransactionAssembler.End(id));
            } else if (value.schema().field("source") != null && value.schema().field("op") != null) {
                data(handle, value);
            } else {
                assembler.accept(handle, new TransactionAssembler.Other());
            }
        }
        return assembler.drain();
    }

    /**
     * The PostgreSQL transaction id from Debezium's transaction id {@code "<xid>:<lsn>"}, whose LSN
     * part differs between the BEGIN, data and END records of one transaction.
     */
    static String xid(String debeziumTransactionId) {
        int colon = debeziumTransactionId.indexOf(':');
        return colon < 0 ? debeziumTransactionId : debeziumTransactionId.substring(0, colon);
    }

    private void data(RecordChangeEvent<SourceRecord> handle, Struct value) {
        Conversion conversion = converter.convert(value);
        CapturedChange change = null;
        if (conversion instanceof Conversion.Ship ship) {
            change = ship.change();
            metrics.captured(conversion.table());
        } else if (conversion instanceof Conversion.Drop drop) {
            metrics.dropped(drop.table(), drop.reason().tag());
        }
        Struct transaction = value.schema().field("transaction") == null ? null : value.getStruct("transaction");
        if (transaction != null) {
            assembler.accept(handle, new TransactionAssembler.Data(xid(transaction.getString("id")), change));
        } else {
            // Without transaction metadata each change is its own transaction.
            String id = "event:" + value.getStruct("source").getInt64("lsn");
            assembler.accept(handle, new TransactionAssembler.Data(id, change));
            assembler.accept(handle, new TransactionAssembler.End(id));
        }
    }
}
