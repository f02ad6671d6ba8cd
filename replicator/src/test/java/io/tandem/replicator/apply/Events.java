package io.tandem.replicator.apply;

import io.tandem.replicator.event.ChangeEvent;
import io.tandem.replicator.event.ChangeOp;
import io.tandem.replicator.event.SourceTx;
import java.util.LinkedHashMap;
import java.util.Map;

/** Builds change events for tests. */
final class Events {
    private Events() {}

    static long hlc(long millis, int logical) {
        return (millis << 16) | logical;
    }

    static ChangeEvent upsert(
            String source, String table, long id, Map<String, Object> columns, String vv, long hlc, SourceTx tx) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("id", id);
        row.putAll(columns);
        return new ChangeEvent(source, table, ChangeOp.UPSERT, Map.of("id", id), row, vv, hlc, source, null, tx);
    }

    static ChangeEvent delete(String source, String table, long id, String vv, long hlc, SourceTx tx) {
        return new ChangeEvent(source, table, ChangeOp.DELETE, Map.of("id", id), Map.of(), vv, hlc, source, null, tx);
    }

    static SourceTx tx(String id, int index, boolean last) {
        return new SourceTx(id, 1000 + Long.parseLong(id), index, last, System.currentTimeMillis());
    }

    static SourceTx single(String id) {
        return tx(id, 0, true);
    }
}
