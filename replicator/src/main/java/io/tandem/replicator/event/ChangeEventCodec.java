package io.tandem.replicator.event;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * Encodes change events as UTF-8 JSON for Kafka. The format carries a version field {@code v} so a
 * later format can be told apart; an event with an unknown version is rejected as malformed.
 * Thread-safe.
 */
public final class ChangeEventCodec {
    static final int FORMAT_VERSION = 1;

    private final ObjectMapper mapper = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private record Envelope(int v, ChangeEvent event) {}

    public byte[] encode(ChangeEvent event) {
        try {
            return mapper.writeValueAsBytes(new Envelope(FORMAT_VERSION, event));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("cannot encode change event for " + event.table(), e);
        }
    }

    /**
     * Decodes one event.
     *
     * @throws MalformedChangeEventException when the bytes are not a valid event of a known format
     *     version; the message names what was wrong
     */
    public ChangeEvent decode(byte[] bytes) {
        if (bytes == null || bytes.length == 0) {
            throw new MalformedChangeEventException("empty change event payload", null);
        }
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
        if (envelope.v() != FORMAT_VERSION) {
            throw new MalformedChangeEventException(
                    "change event format version " + envelope.v() + " is not supported (expected " + FORMAT_VERSION
                            + "); upgrade this region's Tandem",
                    null);
        }
        if (envelope.event() == null) {
            throw new MalformedChangeEventException("change event envelope has no event: " + preview(bytes), null);
        }
        return envelope.event();
    }

    private static String preview(byte[] bytes) {
        String text = new String(bytes, 0, Math.min(bytes.length, 200), StandardCharsets.UTF_8);
        return bytes.length > 200 ? text + "..." : text;
    }
}
