package io.tandem.replicator.apply;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tandem.replicator.event.ChangeEvent;
import java.io.UncheckedIOException;
import java.util.Map;

/** JSON renderings of keys and versions for {@code tandem.conflict_log} and {@code tandem.dead_letter}. */
final class VersionJson {
    private static final ObjectMapper MAPPER = JsonMapper.builder().build();

    private VersionJson() {}

    static String key(Map<String, Object> key) {
        return write(MAPPER.valueToTree(key));
    }

    /** The stored version, or JSON {@code null} when the key had none. */
    static String of(StoredVersion version) {
        if (version == null) {
            return "null";
        }
        ObjectNode node = MAPPER.createObjectNode();
        node.set("vv", embed(version.versionVector()));
        node.put("hlc", version.hlc());
        node.put("origin", version.origin());
        node.set("meta", embed(version.meta()));
        node.put("deleted", version.tombstone());
        if (!version.tombstone()) {
            node.set("row", MAPPER.valueToTree(version.row()));
        }
        return write(node);
    }

    static String of(ChangeEvent event) {
        ObjectNode node = MAPPER.createObjectNode();
        node.set("vv", embed(event.versionVector()));
        node.put("hlc", event.hlc());
        node.put("origin", event.origin());
        node.set("meta", embed(event.meta()));
        node.put("deleted", !event.op().carriesRow());
        if (event.op().carriesRow()) {
            node.set("row", MAPPER.valueToTree(event.row()));
        }
        node.put("source_tx", event.tx().id());
        return write(node);
    }

    /** Embeds a JSON text as JSON; a text that is not JSON is kept as a string, never lost. */
    private static JsonNode embed(String json) {
        if (json == null) {
            return MAPPER.nullNode();
        }
        try {
            return MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            return MAPPER.getNodeFactory().textNode(json);
        }
    }

    private static String write(JsonNode node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("cannot render JSON for the conflict log", e);
        }
    }
}
