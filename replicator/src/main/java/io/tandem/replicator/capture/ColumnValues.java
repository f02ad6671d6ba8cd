package io.tandem.replicator.capture;

import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;

/**
 * Turns Debezium's Connect values into the JSON scalars a {@code ChangeEvent} carries: strings,
 * numbers, booleans or null. Types JSON lacks become PostgreSQL's text input form, which the applier
 * casts to the column type: timestamps ISO-8601, dates {@code yyyy-mm-dd}, times {@code hh:mm:ss.ffffff},
 * bytea {@code \x...} hex. Numerics already arrive as strings ({@code decimal.handling.mode=string}),
 * json/jsonb, uuid, intervals and time zones as text.
 */
final class ColumnValues {
    private ColumnValues() {}

    /** All fields of a row struct, in column order. */
    static Map<String, Object> row(Struct struct) {
        Map<String, Object> values = new LinkedHashMap<>();
        for (Field field : struct.schema().fields()) {
            values.put(field.name(), scalar(field.schema(), struct.get(field)));
        }
        return values;
    }

    static Object scalar(Schema schema, Object value) {
        if (value == null) {
            return null;
        }
        String logical = schema.name();
        if (logical != null) {
            switch (logical) {
                case "io.debezium.time.Date":
                    return LocalDate.ofEpochDay(((Number) value).longValue()).toString();
                case "io.debezium.time.Time":
                    return LocalTime.ofNanoOfDay(((Number) value).longValue() * 1_000_000L)
                            .toString();
                case "io.debezium.time.MicroTime":
                    return LocalTime.ofNanoOfDay(((Number) value).longValue() * 1_000L)
                            .toString();
                case "io.debezium.time.NanoTime":
                    return LocalTime.ofNanoOfDay(((Number) value).longValue()).toString();
                case "io.debezium.time.Timestamp":
                    return localDateTime(((Number) value).longValue() * 1_000_000L);
                case "io.debezium.time.MicroTimestamp":
                    return localDateTime(((Number) value).longValue() * 1_000L);
                case "io.debezium.time.NanoTimestamp":
                    return localDateTime(((Number) value).longValue());
                case "org.apache.kafka.connect.data.Date":
                    return ((java.util.Date) value)
                            .toInstant()
                            .atOffset(ZoneOffset.UTC)
                            .toLocalDate()
                            .toString();
                case "org.apache.kafka.connect.data.Time":
                    return ((java.util.Date) value)
                            .toInstant()
                            .atOffset(ZoneOffset.UTC)
                            .toLocalTime()
                            .toString();
                case "org.apache.kafka.connect.data.Timestamp":
                    return ((java.util.Date) value)
                            .toInstant()
                            .atOffset(ZoneOffset.UTC)
                            .toLocalDateTime()
                            .toString();
                case "org.apache.kafka.connect.data.Decimal":
                    return ((BigDecimal) value).toPlainString();
                default:
                    break;
            }
        }
        if (value instanceof ByteBuffer buffer) {
            ByteBuffer copy = buffer.duplicate();
            byte[] bytes = new byte[copy.remaining()];
            copy.get(bytes);
            return "\\x" + HexFormat.of().formatHex(bytes);
        }
        if (value instanceof byte[] bytes) {
            return "\\x" + HexFormat.of().formatHex(bytes);
        }
        if (value instanceof Struct struct) {
            return row(struct).toString();
        }
        if (value instanceof List<?> list) {
            return arrayLiteral(schema.valueSchema(), list);
        }
        if (value instanceof Map<?, ?>) {
            return value.toString();
        }
        return value;
    }

    /** A PostgreSQL array literal, e.g. {@code {"a","b",NULL}}. */
    private static String arrayLiteral(Schema elementSchema, List<?> list) {
        StringBuilder text = new StringBuilder("{");
        for (int i = 0; i < list.size(); i++) {
            if (i > 0) {
                text.append(',');
            }
            Object element = scalar(elementSchema, list.get(i));
            if (element == null) {
                text.append("NULL");
            } else {
                text.append('"')
                        .append(element.toString().replace("\\", "\\\\").replace("\"", "\\\""))
                        .append('"');
            }
        }
        return text.append('}').toString();
    }

    private static String localDateTime(long nanosSinceEpoch) {
        Instant instant = Instant.ofEpochSecond(
                Math.floorDiv(nanosSinceEpoch, 1_000_000_000L), Math.floorMod(nanosSinceEpoch, 1_000_000_000L));
        return instant.atOffset(ZoneOffset.UTC).toLocalDateTime().toString();
    }
}
