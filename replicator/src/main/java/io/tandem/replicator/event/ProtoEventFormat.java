package io.tandem.replicator.event;

import io.tandem.replicator.event.proto.ChangeEventMessage;
import io.tandem.replicator.event.proto.Column;
import io.tandem.replicator.event.proto.Op;
import io.tandem.replicator.event.proto.Value;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The binary form of a change event (format 2), what capture ships: the header bytes {@code 0x00
 * 'T' 0x02} followed by one protobuf {@code ChangeEventMessage} ({@code
 * src/main/proto/tandem/change_event.proto}). The header tells it from the JSON format 1, which
 * always starts with {@code '{'}, and carries the format version.
 *
 * <p>Values decode to the same Java types as the JSON form does: {@code Integer} or {@code Long}
 * for integers, {@code BigDecimal} for other numbers ({@code Float}/{@code Double} go as their
 * {@code toString} text, as JSON writes them; NaN and infinities as strings, as JSON quotes them),
 * {@code BigInteger}, {@code String}, {@code Boolean}. An event with a value of any other type is not
 * representable: {@link #encode} returns null and the codec writes JSON.
 */
final class ProtoEventFormat {
    static final int VERSION = 2;
    private static final byte[] HEADER = {0x00, 'T', VERSION};
    private static final Value NULL = Value.getDefaultInstance();

    private ProtoEventFormat() {}

    /** Whether the payload claims to be in this format (starts with the 0x00 byte). */
    static boolean claims(byte[] bytes) {
        return bytes.length > 0 && bytes[0] == 0x00;
    }

    /** The event's bytes, or null when a column value has a type this format does not carry. */
    static byte[] encode(ChangeEvent event) {
        ChangeEventMessage.Builder message = ChangeEventMessage.newBuilder()
                .setSourceRegion(event.sourceRegion())
                .setTable(event.table())
                .setOp(event.op() == ChangeOp.UPSERT ? Op.UPSERT : Op.DELETE)
                .setVersionVector(event.versionVector())
                .setHlc(event.hlc())
                .setOrigin(event.origin())
                .setTxId(event.tx().id())
                .setTxLsn(event.tx().lsn())
                .setTxIndex(event.tx().index())
                .setTxLast(event.tx().last())
                .setTxCommitTsMillis(event.tx().commitTsMillis());
        if (event.meta() != null) {
            message.setMeta(event.meta());
        }
        for (Map.Entry<String, Object> entry : event.key().entrySet()) {
            Value value = value(entry.getValue());
            if (value == null) {
                return null;
            }
            message.addKey(Column.newBuilder().setName(entry.getKey()).setValue(value));
        }
        for (Map.Entry<String, Object> entry : event.row().entrySet()) {
            Value value = value(entry.getValue());
            if (value == null) {
                return null;
            }
            message.addRow(Column.newBuilder().setName(entry.getKey()).setValue(value));
        }
        ChangeEventMessage built = message.build();
        byte[] bytes = new byte[HEADER.length + built.getSerializedSize()];
        System.arraycopy(HEADER, 0, bytes, 0, HEADER.length);
        com.google.protobuf.CodedOutputStream out =
                com.google.protobuf.CodedOutputStream.newInstance(bytes, HEADER.length, bytes.length - HEADER.length);
        try {
            built.writeTo(out);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot encode change event for " + event.table(), e);
        }
        out.checkNoSpaceLeft();
        return bytes;
    }

    private static Value value(Object value) {
        if (value == null) {
            return NULL;
        }
        if (value instanceof String text) {
            return Value.newBuilder().setStringValue(text).build();
        }
        if (value instanceof Boolean flag) {
            return Value.newBuilder().setBoolValue(flag).build();
        }
        if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return Value.newBuilder().setIntValue(((Number) value).longValue()).build();
        }
        if (value instanceof Double || value instanceof Float) {
            double d = ((Number) value).doubleValue();
            return Double.isNaN(d) || Double.isInfinite(d)
                    // JSON quotes non-numeric numbers; they decode as strings there too
                    ? Value.newBuilder().setStringValue(value.toString()).build()
                    : Value.newBuilder().setDecimalValue(value.toString()).build();
        }
        if (value instanceof BigDecimal decimal) {
            return Value.newBuilder().setDecimalValue(decimal.toString()).build();
        }
        if (value instanceof BigInteger integer) {
            return Value.newBuilder().setBigIntegerValue(integer.toString()).build();
        }
        return null;
    }

    /**
     * Decodes a payload that {@link #claims} this format.
     *
     * @throws MalformedChangeEventException naming what is wrong
     */
    static ChangeEvent decode(byte[] bytes) {
        if (bytes.length < HEADER.length || bytes[1] != 'T') {
            throw new MalformedChangeEventException("malformed change event (bad binary header)", null);
        }
        if (bytes[2] != VERSION) {
            throw new MalformedChangeEventException(
                    "change event format version " + bytes[2] + " is not supported (expected 1 or " + VERSION
                            + "); upgrade this region's Tandem",
                    null);
        }
        ChangeEventMessage message;
        try {
            message = ChangeEventMessage.parseFrom(com.google.protobuf.CodedInputStream.newInstance(
                    bytes, HEADER.length, bytes.length - HEADER.length));
        } catch (java.io.IOException | RuntimeException e) {
            throw new MalformedChangeEventException("malformed change event (" + e.getMessage() + ")", e);
        }
        if (message.getOp() != Op.UPSERT && message.getOp() != Op.DELETE) {
            throw new MalformedChangeEventException(
                    "malformed change event (unknown op " + message.getOpValue() + ")", null);
        }
        try {
            return new ChangeEvent(
                    message.getSourceRegion(),
                    message.getTable(),
                    message.getOp() == Op.UPSERT ? ChangeOp.UPSERT : ChangeOp.DELETE,
                    values(message.getKeyList(), "key"),
                    values(message.getRowList(), "row"),
                    message.getVersionVector(),
                    message.getHlc(),
                    message.getOrigin(),
                    message.hasMeta() ? message.getMeta() : null,
                    new SourceTx(
                            message.getTxId(),
                            message.getTxLsn(),
                            message.getTxIndex(),
                            message.getTxLast(),
                            message.getTxCommitTsMillis()));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new MalformedChangeEventException("malformed change event (" + e.getMessage() + ")", e);
        }
    }

    private static Map<String, Object> values(List<Column> columns, String field) {
        Map<String, Object> values = new LinkedHashMap<>(Math.max(4, columns.size() * 2));
        for (Column column : columns) {
            if (values.containsKey(column.getName())) {
                throw new IllegalArgumentException(field + " names column '" + column.getName() + "' twice");
            }
            values.put(column.getName(), value(column.getValue(), field + "." + column.getName()));
        }
        return values;
    }

    private static Object value(Value value, String field) {
        return switch (value.getKindCase()) {
            case KIND_NOT_SET -> null;
            case BOOL_VALUE -> value.getBoolValue();
            case INT_VALUE -> {
                long n = value.getIntValue();
                yield n == (int) n ? (Object) (int) n : (Object) n;
            }
            case STRING_VALUE -> value.getStringValue();
            case DECIMAL_VALUE -> number(value.getDecimalValue(), field, true);
            case BIG_INTEGER_VALUE -> number(value.getBigIntegerValue(), field, false);
        };
    }

    private static Object number(String text, String field, boolean decimal) {
        if (text.length() > 400) {
            throw new IllegalArgumentException("number in " + field + " longer than 400 characters");
        }
        try {
            if (decimal && (text.indexOf('.') >= 0 || text.indexOf('e') >= 0 || text.indexOf('E') >= 0)) {
                return new BigDecimal(text);
            }
            // Integer syntax: the types JSON decoding gives (int, long, else BigInteger).
            BigInteger integer = new BigInteger(text);
            if (integer.bitLength() < 32) {
                return integer.intValue();
            }
            return integer.bitLength() < 64 ? (Object) integer.longValue() : integer;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a number in " + field + ": " + text);
        }
    }
}
