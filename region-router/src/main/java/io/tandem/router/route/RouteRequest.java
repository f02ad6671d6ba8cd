package io.tandem.router.route;

import java.nio.charset.StandardCharsets;

/**
 * One routing question. Exactly one of {@code group} and {@code table} is set; {@code key} is the
 * shard key's text form, required with a table. The constructor rejects bad input with a
 * {@link BadRequestException} naming the field.
 */
public record RouteRequest(
        String key, String group, String table, Intent intent, String clientRegion, Consistency consistency) {

    /** Longest key accepted, in UTF-8 bytes. */
    public static final int MAX_KEY_BYTES = 1024;

    public RouteRequest {
        key = key == null ? "" : key;
        group = blankToNull(group);
        table = blankToNull(table);
        if ((group == null) == (table == null)) {
            throw new BadRequestException(
                    "group", "give exactly one of group or table (got " + (group == null ? "neither" : "both") + ")");
        }
        if (table != null && key.isEmpty()) {
            throw new BadRequestException("key", "must not be empty when routing by table '" + table + "'");
        }
        // A char is at most 3 UTF-8 bytes (a surrogate pair, 2 chars, is 4): short keys need no encoding.
        if (key.length() > MAX_KEY_BYTES / 3) {
            int bytes = key.getBytes(StandardCharsets.UTF_8).length;
            if (bytes > MAX_KEY_BYTES) {
                throw new BadRequestException(
                        "key", "is " + bytes + " bytes; at most " + MAX_KEY_BYTES + " UTF-8 bytes are accepted");
            }
        }
        if (intent == null) {
            throw new BadRequestException("intent", "is required: READ or WRITE");
        }
        if (clientRegion == null || clientRegion.isBlank()) {
            throw new BadRequestException("client_region", "is required: the caller's region, e.g. us-east");
        }
        consistency = consistency == null ? Consistency.EVENTUAL : consistency;
    }

    public static RouteRequest forTable(String table, String key, Intent intent, String clientRegion) {
        return new RouteRequest(key, null, table, intent, clientRegion, Consistency.EVENTUAL);
    }

    public static RouteRequest forGroup(String group, Intent intent, String clientRegion) {
        return new RouteRequest("", group, null, intent, clientRegion, Consistency.EVENTUAL);
    }

    public RouteRequest withConsistency(Consistency value) {
        return new RouteRequest(key, group, table, intent, clientRegion, value);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
