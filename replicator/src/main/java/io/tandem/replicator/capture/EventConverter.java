package io.tandem.replicator.capture;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.tandem.replicator.config.TableSpec;
import io.tandem.replicator.event.ChangeOp;
import io.tandem.replicator.schema.MetadataColumn;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.connect.data.Struct;

/**
 * Converts one Debezium data record (envelope struct) into a change to ship or a drop, applying the
 * loop-prevention rule: only after-images with {@code tandem_applied_from IS NULL} (local client
 * writes) are shipped; a local delete ships as its tombstone's insert/update, as a DELETE.
 * Thread-safe.
 */
public final class EventConverter {
    static final String TOMBSTONES = "tandem.tombstones";
    static final String HEARTBEAT = "tandem.heartbeat";

    /**
     * TEST ONLY, never set in production: when the system property {@value} is {@code true}, rows and
     * tombstones written by Tandem's applier are shipped like local writes, i.e. loop prevention is off.
     * The chaos tests set it to show that their no-loops checker catches a loop. It also leaves the
     * publication without its row filters (PostgreSQL 15+), which would otherwise keep applied rows
     * from capture on the server.
     */
    public static final String TEST_SHIP_APPLIED_ROWS = "tandem.test.shipAppliedRows";

    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .build();

    private final String region;
    private final Map<String, TableSpec> tables;

    public EventConverter(String region, List<TableSpec> tables) {
        this.region = region;
        this.tables = tables.stream().collect(Collectors.toUnmodifiableMap(TableSpec::name, Function.identity()));
    }

    /** The region whose local changes this converter ships. */
    public String region() {
        return region;
    }

    public Conversion convert(Struct envelope) {
        Struct source = envelope.getStruct("source");
        String table = source.getString("schema") + "." + source.getString("table");
        Struct after = envelope.getStruct("after");
        if ("d".equals(envelope.getString("op")) || after == null) {
            return new Conversion.Drop(table, DropReason.RAW_DELETE);
        }
        Position at =
                new Position(String.valueOf(source.getInt64("txId")), source.getInt64("lsn"), source.getInt64("ts_ms"));
        Map<String, Object> image = ColumnValues.row(after);
        return switch (table) {
            case TOMBSTONES -> tombstone(image, at);
            case HEARTBEAT -> heartbeat(image, at);
            default -> row(table, image, at);
        };
    }

    private record Position(String txId, long lsn, long commitTsMillis) {}

    private Conversion row(String table, Map<String, Object> image, Position at) {
        TableSpec spec = tables.get(table);
        if (spec == null) {
            return new Conversion.Drop(table, DropReason.UNCONFIGURED_TABLE);
        }
        if (image.get(MetadataColumn.APPLIED_FROM.column()) != null && !Boolean.getBoolean(TEST_SHIP_APPLIED_ROWS)) {
            return new Conversion.Drop(table, DropReason.APPLIED_BY_TANDEM);
        }
        Map<String, Object> key = new LinkedHashMap<>();
        spec.primaryKey().forEach(column -> key.put(column, image.get(column)));
        Map<String, Object> row = new LinkedHashMap<>(image);
        row.keySet().removeIf(MetadataColumn::isMetadata);
        return new Conversion.Ship(new CapturedChange(
                region,
                table,
                ChangeOp.UPSERT,
                key,
                row,
                canonicalVector((String) image.get(MetadataColumn.VV.column())),
                ((Number) image.get(MetadataColumn.HLC.column())).longValue(),
                (String) image.get(MetadataColumn.ORIGIN.column()),
                (String) image.get(MetadataColumn.META.column()),
                at.txId(),
                at.lsn(),
                at.commitTsMillis()));
    }

    private Conversion tombstone(Map<String, Object> image, Position at) {
        String table = (String) image.get("table_name");
        TableSpec spec = tables.get(table);
        if (spec == null) {
            return new Conversion.Drop(table, DropReason.UNCONFIGURED_TABLE);
        }
        if (image.get("tandem_applied_from") != null && !Boolean.getBoolean(TEST_SHIP_APPLIED_ROWS)) {
            return new Conversion.Drop(table, DropReason.APPLIED_BY_TANDEM);
        }
        Map<String, Object> stored = parseObject((String) image.get("pk"), table);
        Map<String, Object> key = new LinkedHashMap<>();
        spec.primaryKey().forEach(column -> key.put(column, stored.get(column)));
        return new Conversion.Ship(new CapturedChange(
                region,
                table,
                ChangeOp.DELETE,
                key,
                Map.of(),
                canonicalVector((String) image.get("tandem_vv")),
                ((Number) image.get("tandem_hlc")).longValue(),
                (String) image.get("tandem_origin"),
                (String) image.get("tandem_meta"),
                at.txId(),
                at.lsn(),
                at.commitTsMillis()));
    }

    private Conversion heartbeat(Map<String, Object> image, Position at) {
        Object beatRegion = image.get("region");
        if (!region.equals(beatRegion)) {
            return new Conversion.Drop(HEARTBEAT, DropReason.REMOTE_HEARTBEAT);
        }
        Object beat = image.get("beat");
        return new Conversion.Ship(new CapturedChange(
                region,
                HEARTBEAT,
                ChangeOp.UPSERT,
                Map.of("region", region),
                image,
                "{\"" + region + "\":" + (beat == null ? 0 : beat) + "}",
                at.commitTsMillis() << 16,
                region,
                null,
                at.txId(),
                at.lsn(),
                at.commitTsMillis()));
    }

    /** The version vector as compact JSON with keys sorted, e.g. {@code {"eu-west":2,"us-east":5}}. */
    static String canonicalVector(String jsonb) {
        Map<String, Object> sorted = new TreeMap<>(parseObject(jsonb, "tandem_vv"));
        try {
            return JSON.writeValueAsString(sorted);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot re-encode version vector " + jsonb, e);
        }
    }

    private static Map<String, Object> parseObject(String json, String what) {
        if (json == null) {
            return Map.of();
        }
        try {
            return JSON.readValue(json, new TypeReference<LinkedHashMap<String, Object>>() {});
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("captured " + what + " is not a JSON object: " + json, e);
        }
    }
}
