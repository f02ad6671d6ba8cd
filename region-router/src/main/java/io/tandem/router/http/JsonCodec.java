package io.tandem.router.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tandem.router.route.BadRequestException;
import io.tandem.router.route.Consistency;
import io.tandem.router.route.Intent;
import io.tandem.router.route.Route;
import io.tandem.router.route.RouteRequest;
import io.tandem.router.route.Target;
import java.util.Iterator;
import java.util.Locale;
import java.util.Set;

/**
 * JSON requests and replies, with the proto's field names ({@code client_region}, {@code retry_later}).
 * Parsing is strict: unknown fields and wrong types are refused naming the field and the expected type.
 */
final class JsonCodec {

    static final ObjectMapper MAPPER = new ObjectMapper();

    private static final Set<String> REQUEST_FIELDS =
            Set.of("key", "group", "table", "intent", "client_region", "consistency");

    private JsonCodec() {}

    static RouteRequest request(JsonNode node, String where) {
        if (node == null || !node.isObject()) {
            throw new BadRequestException(where, "expected a JSON object, got " + kind(node));
        }
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!REQUEST_FIELDS.contains(f)) {
                throw new BadRequestException(
                        where + "." + f, "unknown field; expected some of " + new java.util.TreeSet<>(REQUEST_FIELDS));
            }
        }
        return new RouteRequest(
                text(node, "key", where),
                text(node, "group", where),
                text(node, "table", where),
                parseEnum(Intent.class, text(node, "intent", where), where + ".intent"),
                text(node, "client_region", where),
                parseEnum(Consistency.class, text(node, "consistency", where), where + ".consistency"));
    }

    private static String text(JsonNode node, String field, String where) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual()) {
            throw new BadRequestException(where + "." + field, "expected a string, got " + kind(v));
        }
        return v.textValue();
    }

    private static <E extends Enum<E>> E parseEnum(Class<E> type, String value, String field) {
        if (value == null) {
            return null;
        }
        try {
            return Enum.valueOf(type, value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new BadRequestException(
                    field,
                    "expected one of " + java.util.Arrays.toString(type.getEnumConstants()) + ", got '" + value + "'");
        }
    }

    static String kind(JsonNode node) {
        return node == null ? "nothing" : node.getNodeType().name().toLowerCase(Locale.ROOT);
    }

    static ObjectNode reply(Route r) {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("region", r.region());
        ArrayNode endpoints = o.putArray("endpoints");
        r.target().endpoints().forEach(endpoints::add);
        o.put("epoch", r.epoch());
        o.put("stale", r.stale());
        o.put("group", r.group());
        o.put("retry_later", r.retryLater());
        o.put("reason", r.reason());
        ArrayNode alternatives = o.putArray("alternatives");
        for (Target t : r.alternatives()) {
            ObjectNode a = alternatives.addObject();
            a.put("region", t.region());
            ArrayNode e = a.putArray("endpoints");
            t.endpoints().forEach(e::add);
        }
        o.put("shard", r.shard());
        o.put("shards", r.shards());
        o.put("map_version", r.mapVersion());
        return o;
    }

    static ObjectNode error(String code, String field, String message) {
        ObjectNode o = MAPPER.createObjectNode();
        ObjectNode e = o.putObject("error");
        e.put("code", code);
        if (field != null) {
            e.put("field", field);
        }
        e.put("message", message);
        return o;
    }
}
