package io.tandem.replicator.event;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The compact binary form of a change event (format version 2), what capture ships. Layout, all
 * integers as unsigned LEB128 varints ({@code long}s zig-zag encoded), strings as a varint byte
 * length and UTF-8:
 *
 * <pre>
 * 0x00 'T' 0x02                         header (a JSON record never starts with 0x00)
 * sourceRegion table op(0 upsert, 1 delete)
 * key: count, then (name, value)*       row: count, then (name, value)*
 * versionVector hlc(zig-zag) origin meta(0 = null | 1 string)
 * tx: id lsn index last(0|1) commitTsMillis(zig-zag)
 * value: 0 null | 1 false | 2 true | 3 integer(zig-zag) | 4 string | 5 decimal text | 6 big integer text
 * </pre>
 *
 * Values decode to the same Java types as the JSON form (format 1) does: {@code Integer} or
 * {@code Long} for integers, {@code BigDecimal} for other numbers ({@code Float}/{@code Double} go
 * as their {@code toString} text, as JSON writes them; NaN and infinities as strings, as JSON
 * quotes them), {@code BigInteger}, {@code String}, {@code Boolean}. An event with a value of any
 * other type is not representable: {@link #encode} returns null and the codec writes JSON.
 * Decoding checks every length against the bytes left and rejects trailing bytes.
 */
final class BinaryEventFormat {
    static final int VERSION = 2;
    private static final byte[] HEADER = {0x00, 'T', VERSION};

    private static final int NULL = 0;
    private static final int FALSE = 1;
    private static final int TRUE = 2;
    private static final int INTEGER = 3;
    private static final int STRING = 4;
    private static final int DECIMAL = 5;
    private static final int BIG_INTEGER = 6;

    private BinaryEventFormat() {}

    /** Whether the payload claims to be in this format (starts with the 0x00 byte). */
    static boolean claims(byte[] bytes) {
        return bytes.length > 0 && bytes[0] == 0x00;
    }

    /** The event's bytes, or null when a column value has a type this format does not carry. */
    static byte[] encode(ChangeEvent event) {
        Writer out = new Writer(96 + 24 * (event.key().size() + event.row().size()));
        out.raw(HEADER);
        out.string(event.sourceRegion());
        out.string(event.table());
        out.varint(event.op() == ChangeOp.UPSERT ? 0 : 1);
        if (!out.values(event.key()) || !out.values(event.row())) {
            return null;
        }
        out.string(event.versionVector());
        out.zigzag(event.hlc());
        out.string(event.origin());
        if (event.meta() == null) {
            out.varint(0);
        } else {
            out.varint(1);
            out.string(event.meta());
        }
        SourceTx tx = event.tx();
        out.string(tx.id());
        out.zigzag(tx.lsn());
        out.varint(tx.index());
        out.varint(tx.last() ? 1 : 0);
        out.zigzag(tx.commitTsMillis());
        return out.bytes();
    }

    /**
     * Decodes a payload that {@link #claims} this format.
     *
     * @throws MalformedChangeEventException naming what is wrong
     */
    static ChangeEvent decode(byte[] bytes) {
        Reader in = new Reader(bytes);
        if (bytes.length < HEADER.length || bytes[1] != 'T') {
            throw new MalformedChangeEventException("malformed change event (bad binary header)", null);
        }
        if (bytes[2] != VERSION) {
            throw new MalformedChangeEventException(
                    "change event format version " + bytes[2] + " is not supported (expected 1 or " + VERSION
                            + "); upgrade this region's Tandem",
                    null);
        }
        in.position = HEADER.length;
        String sourceRegion = in.string("sourceRegion");
        String table = in.string("table");
        int opCode = in.smallInt("op");
        if (opCode > 1) {
            throw in.malformed("unknown op code " + opCode);
        }
        ChangeOp op = opCode == 0 ? ChangeOp.UPSERT : ChangeOp.DELETE;
        Map<String, Object> key = in.values("key");
        Map<String, Object> row = in.values("row");
        String vector = in.string("versionVector");
        long hlc = in.zigzag("hlc");
        String origin = in.string("origin");
        int hasMeta = in.smallInt("meta");
        if (hasMeta > 1) {
            throw in.malformed("bad meta marker " + hasMeta);
        }
        String meta = hasMeta == 1 ? in.string("meta") : null;
        String txId = in.string("tx.id");
        long lsn = in.zigzag("tx.lsn");
        int index = in.smallInt("tx.index");
        int last = in.smallInt("tx.last");
        if (last > 1) {
            throw in.malformed("bad tx.last marker " + last);
        }
        long commitTs = in.zigzag("tx.commitTsMillis");
        if (in.position != bytes.length) {
            throw in.malformed((bytes.length - in.position) + " trailing byte(s)");
        }
        try {
            return new ChangeEvent(
                    sourceRegion,
                    table,
                    op,
                    key,
                    row,
                    vector,
                    hlc,
                    origin,
                    meta,
                    new SourceTx(txId, lsn, index, last == 1, commitTs));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new MalformedChangeEventException("malformed change event (" + e.getMessage() + ")", e);
        }
    }

    private static final class Writer {
        private byte[] buffer;
        private int size;

        Writer(int capacity) {
            buffer = new byte[capacity];
        }

        private void ensure(int more) {
            if (size + more > buffer.length) {
                buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, size + more));
            }
        }

        void raw(byte[] bytes) {
            ensure(bytes.length);
            System.arraycopy(bytes, 0, buffer, size, bytes.length);
            size += bytes.length;
        }

        void varint(long value) {
            ensure(10);
            while ((value & ~0x7FL) != 0) {
                buffer[size++] = (byte) ((value & 0x7F) | 0x80);
                value >>>= 7;
            }
            buffer[size++] = (byte) value;
        }

        void zigzag(long value) {
            varint((value << 1) ^ (value >> 63));
        }

        void string(String value) {
            byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
            varint(utf8.length);
            raw(utf8);
        }

        /** False when a value has a type this format does not carry. */
        boolean values(Map<String, Object> values) {
            varint(values.size());
            for (Map.Entry<String, Object> entry : values.entrySet()) {
                string(entry.getKey());
                if (!value(entry.getValue())) {
                    return false;
                }
            }
            return true;
        }

        private boolean value(Object value) {
            if (value == null) {
                varint(NULL);
            } else if (value instanceof String text) {
                varint(STRING);
                string(text);
            } else if (value instanceof Boolean flag) {
                varint(flag ? TRUE : FALSE);
            } else if (value instanceof Long
                    || value instanceof Integer
                    || value instanceof Short
                    || value instanceof Byte) {
                varint(INTEGER);
                zigzag(((Number) value).longValue());
            } else if (value instanceof Double || value instanceof Float) {
                double d = ((Number) value).doubleValue();
                if (Double.isNaN(d) || Double.isInfinite(d)) {
                    varint(STRING); // JSON quotes non-numeric numbers; they decode as strings there too
                    string(value.toString());
                } else {
                    varint(DECIMAL);
                    string(value.toString());
                }
            } else if (value instanceof BigDecimal decimal) {
                varint(DECIMAL);
                string(decimal.toString());
            } else if (value instanceof BigInteger integer) {
                varint(BIG_INTEGER);
                string(integer.toString());
            } else {
                return false;
            }
            return true;
        }

        byte[] bytes() {
            return Arrays.copyOf(buffer, size);
        }
    }

    private static final class Reader {
        private final byte[] bytes;
        int position;

        Reader(byte[] bytes) {
            this.bytes = bytes;
        }

        MalformedChangeEventException malformed(String why) {
            return new MalformedChangeEventException(
                    "malformed change event (" + why + " at byte " + position + " of " + bytes.length + ")", null);
        }

        long varint(String field) {
            long result = 0;
            for (int shift = 0; shift < 64; shift += 7) {
                if (position >= bytes.length) {
                    throw malformed("truncated in " + field);
                }
                byte b = bytes[position++];
                result |= (long) (b & 0x7F) << shift;
                if ((b & 0x80) == 0) {
                    return result;
                }
            }
            throw malformed("varint too long in " + field);
        }

        long zigzag(String field) {
            long raw = varint(field);
            return (raw >>> 1) ^ -(raw & 1);
        }

        int smallInt(String field) {
            long value = varint(field);
            if (value < 0 || value > Integer.MAX_VALUE) {
                throw malformed(field + " out of range: " + value);
            }
            return (int) value;
        }

        String string(String field) {
            int length = smallInt(field + " length");
            if (length > bytes.length - position) {
                throw malformed(field + " length " + length + " exceeds the bytes left");
            }
            String text = new String(bytes, position, length, StandardCharsets.UTF_8);
            position += length;
            return text;
        }

        Map<String, Object> values(String field) {
            int count = smallInt(field + " count");
            if (count > bytes.length - position) { // each entry takes at least two bytes
                throw malformed(field + " count " + count + " exceeds the bytes left");
            }
            Map<String, Object> values = new LinkedHashMap<>(Math.max(4, count * 2));
            for (int i = 0; i < count; i++) {
                String name = string(field + " column name");
                if (values.containsKey(name)) {
                    throw malformed(field + " names column '" + name + "' twice");
                }
                values.put(name, value(field + "." + name));
            }
            return values;
        }

        private Object value(String field) {
            int tag = smallInt(field + " type");
            switch (tag) {
                case NULL:
                    return null;
                case FALSE:
                    return Boolean.FALSE;
                case TRUE:
                    return Boolean.TRUE;
                case INTEGER: {
                    long value = zigzag(field);
                    return value == (int) value ? (Object) (int) value : (Object) value;
                }
                case STRING:
                    return string(field);
                case DECIMAL:
                    return number(field, true);
                case BIG_INTEGER:
                    return number(field, false);
                default:
                    throw malformed("unknown value type " + tag + " in " + field);
            }
        }

        private Object number(String field, boolean decimal) {
            String text = string(field);
            if (text.length() > 400) {
                throw malformed("number in " + field + " longer than 400 characters");
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
                throw malformed("not a number in " + field + ": " + text);
            }
        }
    }
}
