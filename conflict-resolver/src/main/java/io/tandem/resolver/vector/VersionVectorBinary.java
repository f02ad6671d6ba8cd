package io.tandem.resolver.vector;

import io.tandem.resolver.codec.MalformedEncodingException;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Compact binary encoding of a {@link VersionVector}, for Kafka payloads:
 *
 * <pre>
 *   byte     format version (1)
 *   varint   number of entries n
 *   n times: varint length of the region id, its ASCII bytes, varint counter (&gt; 0)
 * </pre>
 *
 * Varints are unsigned LEB128. Entries are in ascending region order; the decoder rejects anything
 * else, so every vector has exactly one encoding. {@code {"eu-west":1,"us-east":3}} takes 20 bytes.
 */
public final class VersionVectorBinary {

    static final int FORMAT = 1;

    private VersionVectorBinary() {}

    public static byte[] encode(VersionVector v) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(2 + v.size() * 12);
        out.write(FORMAT);
        writeVarint(out, v.size());
        for (int i = 0; i < v.size(); i++) {
            byte[] name = v.regionAt(i).getBytes(StandardCharsets.US_ASCII);
            writeVarint(out, name.length);
            out.write(name, 0, name.length);
            writeVarint(out, v.counterAt(i));
        }
        return out.toByteArray();
    }

    public static VersionVector decode(byte[] bytes) {
        if (bytes == null || bytes.length == 0) {
            throw error(bytes, 0, "a format byte (1); the payload is empty");
        }
        if (bytes[0] != FORMAT) {
            throw error(
                    bytes,
                    0,
                    "format version 1, got " + bytes[0] + " (written by a newer Tandem? upgrade this" + " region)");
        }
        int[] pos = {1};
        long n = readVarint(bytes, pos);
        if (n > 4096) {
            throw error(bytes, 1, "at most 4096 regions, got " + n);
        }
        String[] regions = new String[(int) n];
        long[] counters = new long[(int) n];
        for (int i = 0; i < n; i++) {
            int at = pos[0];
            long len = readVarint(bytes, pos);
            if (len < 1 || len > 63 || pos[0] + len > bytes.length) {
                throw error(bytes, at, "a region id length 1..63 within the payload, got " + len);
            }
            String region = new String(bytes, pos[0], (int) len, StandardCharsets.US_ASCII);
            if (!Regions.isValid(region)) {
                throw error(bytes, pos[0], "a region id [a-z0-9][a-z0-9-_.]{0,62}, got '" + region + "'");
            }
            if (i > 0 && regions[i - 1].compareTo(region) >= 0) {
                throw error(
                        bytes,
                        pos[0],
                        "region ids in strictly ascending order ('" + regions[i - 1] + "' then '" + region + "')");
            }
            pos[0] += (int) len;
            at = pos[0];
            long counter = readVarint(bytes, pos);
            if (counter <= 0) {
                throw error(bytes, at, "a positive counter for '" + region + "'");
            }
            regions[i] = region;
            counters[i] = counter;
        }
        if (pos[0] != bytes.length) {
            throw error(bytes, pos[0], "end of payload; " + (bytes.length - pos[0]) + " trailing bytes");
        }
        return VersionVector.ofSorted(regions, counters);
    }

    private static void writeVarint(ByteArrayOutputStream out, long value) {
        while ((value & ~0x7FL) != 0) {
            out.write((int) ((value & 0x7F) | 0x80));
            value >>>= 7;
        }
        out.write((int) value);
    }

    private static long readVarint(byte[] bytes, int[] pos) {
        long result = 0;
        int start = pos[0];
        for (int shift = 0; shift < 64; shift += 7) {
            if (pos[0] >= bytes.length) {
                throw error(bytes, start, "a complete varint; the payload is truncated");
            }
            byte b = bytes[pos[0]++];
            result |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                if (result < 0) {
                    throw error(bytes, start, "a varint below 2^63");
                }
                return result;
            }
        }
        throw error(bytes, start, "a varint of at most 10 bytes");
    }

    private static MalformedEncodingException error(byte[] bytes, int position, String expected) {
        StringBuilder hex = new StringBuilder();
        if (bytes != null) {
            for (int i = Math.max(0, position - 4); i < Math.min(bytes.length, position + 8); i++) {
                hex.append(String.format("%02x", bytes[i] & 0xFF));
            }
        }
        return new MalformedEncodingException("binary version vector: malformed input at byte " + position
                + " (bytes near it: " + hex + "): expected " + expected
                + ". The payload was not written by VersionVector.toBytes(); check the producer.");
    }
}
