package io.tandem.replicator.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JdbcOffsetStoreTest {
    private static ByteBuffer bytes(String text) {
        return ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void storedOffsetsDecodeToWhatWasEncoded() throws Exception {
        Map<ByteBuffer, ByteBuffer> offsets = new HashMap<>();
        offsets.put(bytes("[\"tandem-capture-us-east\",{\"server\":\"tandem_us_east\"}]"), bytes("{\"lsn\":123}"));
        offsets.put(bytes("removed"), null);
        assertEquals(offsets, JdbcOffsetStore.decode(JdbcOffsetStore.encode(offsets)));
    }
}
