package io.tandem.replicator.event;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/**
 * Encodes change events for Kafka. {@link #encode} writes the compact binary format 2
 * ({@link ProtoEventFormat}); {@link #decode} reads it and the UTF-8 JSON format 1 (an object with
 * a version field {@code v}) that earlier releases wrote, so a topic holding both after an upgrade
 * is read in order. An event with a column value the binary format cannot carry is written as JSON.
 * A payload of an unknown version is rejected as malformed. Thread-safe.
 */
public final class ChangeEventCodec {
    static final int JSON_FORMAT_VERSION = 1;

    private final ObjectMapper mapper = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private record Envelope(int v, ChangeEvent event) {}

    /** The event in the binary format 2, or in JSON (format 1) when a value has no binary form. */
    public byte[] encode(ChangeEvent event) {
        byte[] binary = ProtoEventFormat.encode(event);
        return binary != null ? binary : encodeJson(event);
    }

    /** The event in {@code format} ({@link EventFormat#PROTOBUF} falls back to JSON as {@link #encode} does). */
    public byte[] encode(ChangeEvent event, EventFormat format) {
        return format.encode(this, event);
    }

    /** The event in the JSON format 1 that releases before the binary format wrote. */
    public byte[] encodeJson(ChangeEvent event) {
        try {
            return mapper.writeValueAsBytes(new Envelope(JSON_FORMAT_VERSION, event));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("cannot encode change event for " + event.table(), e);
        }
    }

    /**
     * Decodes one event, in either format.
     *
     * @throws MalformedChangeEventException when the bytes are not a valid event of a known format
     *     version; the message names what was wrong
     */
    public ChangeEvent decode(byte[] bytes) {
        if (bytes == null || bytes.length == 0) {
            throw new MalformedChangeEventException("empty change event payload", null);
        }
        if (ProtoEventFormat.claims(bytes)) {
            try {
                return ProtoEventFormat.decode(bytes);
            } catch (MalformedChangeEventException e) {
                throw new MalformedChangeEventException(e.getMessage() + ": " + preview(bytes), e.getCause());
            }
        }
        return decodeJson(bytes);
    }

    private ChangeEvent decodeJson(byte[] bytes) {
        Envelope envelope;
        try {
            envelope = mapper.readValue(bytes, Envelope.class);
        } catch (IOException | IllegalArgumentException e) {
            String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            throw new MalformedChangeEventException(
                    "malformed change event (" + why.lines().findFirst().orElse("") + "): " + preview(bytes), e);
        }
        if (envelope == null) { // the payload was the JSON literal null
            throw new MalformedChangeEventException("change event payload is JSON null: " + preview(bytes), null);
        }
        if (envelope.v() != JSON_FORMAT_VERSION) {
            throw new MalformedChangeEventException(
                    "change event format version " + envelope.v() + " is not supported (expected " + JSON_FORMAT_VERSION
                            + " or " + ProtoEventFormat.VERSION + "); upgrade this region's Tandem",
                    null);
        }
        if (envelope.event() == null) {
            throw new MalformedChangeEventException("change event envelope has no event: " + preview(bytes), null);
        }
        return envelope.event();
    }

    /** The start of a payload for an error message: text for JSON, hex for the binary format. */
    private static String preview(byte[] bytes) {
        if (ProtoEventFormat.claims(bytes)) {
            int shown = Math.min(bytes.length, 64);
            return "0x" + HexFormat.of().formatHex(bytes, 0, shown) + (bytes.length > shown ? "..." : "");
        }
        String text = new String(bytes, 0, Math.min(bytes.length, 200), StandardCharsets.UTF_8);
        return bytes.length > 200 ? text + "..." : text;
    }
}
