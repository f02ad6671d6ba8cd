package io.tandem.controller.fence;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The shard of a key: the first 4 bytes of {@code md5(utf8(key))} as an unsigned 32-bit integer,
 * modulo the shard count. Computes exactly what SQL {@code tandem.shard_of(key, shards)} computes,
 * so a router and the database's fence agree on every key. The key is the shard key column's text
 * form as PostgreSQL's {@code to_jsonb(row) ->> column} prints it (for text, integer and uuid keys,
 * the same as {@code ::text}).
 */
public final class ShardHash {

    /** One digest per thread, reused: saves a provider lookup and a digest object per key on the routing path. */
    private static final ThreadLocal<MessageDigest> MD5 = ThreadLocal.withInitial(ShardHash::md5);

    private ShardHash() {}

    public static int shardOf(String key, int shards) {
        if (key == null) {
            throw new IllegalArgumentException("shard key is null: every row of an owned table needs one");
        }
        if (shards < 1) {
            throw new IllegalArgumentException("shards must be >= 1, got " + shards);
        }
        byte[] d = MD5.get().digest(key.getBytes(StandardCharsets.UTF_8)); // digest() resets it for the next key
        long first4 = ((d[0] & 0xFFL) << 24) | ((d[1] & 0xFFL) << 16) | ((d[2] & 0xFFL) << 8) | (d[3] & 0xFFL);
        return (int) (first4 % shards);
    }

    /**
     * Which of {@code groups} groups shard {@code shard} of {@code shards} belongs to: contiguous, equal
     * ranges in list order (with 8 shards and 2 groups, shards 0-3 are in the first group and 4-7 in
     * the second). The cluster configuration maps the database's shards with it and the router maps
     * keys with it, so both always agree.
     */
    public static int groupIndex(int shard, int shards, int groups) {
        if (shards < 1 || groups < 1 || groups > shards) {
            throw new IllegalArgumentException(
                    "need 1 <= groups <= shards, got " + groups + " groups for " + shards + " shards");
        }
        if (shard < 0 || shard >= shards) {
            throw new IllegalArgumentException("shard " + shard + " is outside 0.." + (shards - 1));
        }
        return (int) ((long) shard * groups / shards);
    }

    private static MessageDigest md5() {
        try {
            return MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(
                    "this JVM has no MD5 MessageDigest, which every Java SE platform must provide", e);
        }
    }
}
