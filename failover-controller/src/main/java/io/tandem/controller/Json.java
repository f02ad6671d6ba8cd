package io.tandem.controller;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** The JSON codec for every node payload (records in, records out). */
public final class Json {

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private Json() {}

    public static byte[] write(Object value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode " + value.getClass().getSimpleName() + " as JSON", e);
        }
    }

    /**
     * @throws IllegalStateException naming the node path when the payload is not valid JSON for the type
     */
    public static <T> T read(byte[] bytes, Class<T> type, String path) {
        try {
            return MAPPER.readValue(bytes, type);
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalStateException(
                    "node " + path + " does not hold a valid " + type.getSimpleName() + ": "
                            + new String(bytes, StandardCharsets.UTF_8) + " (" + e.getMessage()
                            + "); fix or delete the node",
                    e);
        }
    }
}
