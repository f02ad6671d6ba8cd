package io.tandem.resolver.row;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tandem.resolver.codec.MalformedEncodingException;
import io.tandem.resolver.vector.VersionVector;
import java.math.BigDecimal;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class RowMetaJsonTest {

    static final String EXAMPLE = "{\"cells\":{\"name\":{\"hlc\":100,\"origin\":\"us-east\",\"value\":\"Ada\"}},"
            + "\"counters\":{\"stock\":{\"eu-west\":{\"dec\":3,\"inc\":0},\"us-east\":{\"dec\":3,\"inc\":10}}},"
            + "\"siblings\":[{\"deleted\":true,\"hlc\":120,\"origin\":\"eu-west\",\"values\":{},"
            + "\"vv\":{\"eu-west\":1,\"us-east\":1}},{\"deleted\":false,\"hlc\":130,\"origin\":\"us-east\","
            + "\"values\":{\"note\":null,\"price\":2.50,\"vip\":true},\"vv\":{\"us-east\":2}}],"
            + "\"vv\":{\"eu-west\":1,\"us-east\":2}}";

    @Test
    void exampleRoundTripsExactly() {
        RowMeta meta = RowMeta.parseJson(EXAMPLE);
        assertEquals(EXAMPLE, meta.toJson());
        assertEquals(4, meta.counterValue("stock"));
        assertEquals(2, meta.siblings().size());
        assertEquals(new BigDecimal("2.50"), meta.siblings().get(1).values().get("price"));
        assertEquals(130, meta.maxHlc());
    }

    @Test
    void acceptsJsonbKeyOrderAndSpacing() {
        String jsonb = "{\"vv\": {\"us-east\": 1}, \"cells\": {}, \"counters\": {}, \"siblings\": [{\"vv\": "
                + "{\"us-east\": 1}, \"hlc\": 5, \"values\": {\"a\": 1}, \"origin\": \"us-east\", \"deleted\": false}]}";
        RowMeta meta = RowMeta.parseJson(jsonb);
        assertEquals(
                "{\"cells\":{},\"counters\":{},\"siblings\":[{\"deleted\":false,\"hlc\":5,\"origin\":\"us-east\","
                        + "\"values\":{\"a\":1},\"vv\":{\"us-east\":1}}],\"vv\":{\"us-east\":1}}",
                meta.toJson());
    }

    @Test
    void builtMetadataRoundTrips() {
        Sibling s = new Sibling(
                VersionVector.of("us-east", 3),
                new Stamp(42, "us-east"),
                false,
                new TreeMap<>(Map.of("q\"uote", "line\nbreak", "n", 5L)));
        RowMeta meta = RowMeta.of(
                List.of(s),
                Map.of("c", new Cell(null, new Stamp(1, "eu-west"))),
                Map.of("stock", PnCounter.EMPTY.add("us-east", 7).add("us-east", -2)));
        assertEquals(meta, RowMeta.parseJson(meta.toJson()));
        assertEquals(RowMeta.EMPTY, RowMeta.parseJson(RowMeta.EMPTY.toJson()));
    }

    @Test
    void malformedMetadataNamesTheFieldAndWhatWasExpected() {
        List<String[]> cases = Arrays.asList(
                new String[] {EXAMPLE.replace("\"cells\"", "\"cels\""), "exactly the keys"},
                new String[] {EXAMPLE.replace("\"hlc\":100", "\"hlc\":-1"), "cells.name.hlc"},
                new String[] {
                    EXAMPLE.replace("\"dec\":3,\"inc\":0", "\"dec\":3,\"inc\":\"x\""), "counters.stock.eu-west.inc"
                },
                new String[] {EXAMPLE.replace("\"deleted\":true", "\"deleted\":1"), "siblings[0].deleted"},
                new String[] {EXAMPLE.replace("\"vip\":true", "\"vip\":[1]"), "scalar column values"},
                new String[] {
                    EXAMPLE.replace("\"vv\":{\"eu-west\":1,\"us-east\":2}}", "\"vv\":{\"us-east\":2}}"),
                    "differs from the join"
                },
                new String[] {EXAMPLE.replace("{\"us-east\":2}", "{\"eu-west\":1,\"us-east\":2}"), "dominated"},
                new String[] {EXAMPLE.replace("\"origin\":\"eu-west\"", "\"origin\":\"EU\""), "siblings[0].origin"},
                new String[] {EXAMPLE.substring(0, 50), "truncated"},
                new String[] {EXAMPLE.replace("\"value\":\"Ada\"", "\"value\":{\"x\":1}"), "cells.name.value"},
                new String[] {"[]", "a JSON object"});
        for (String[] c : cases) {
            MalformedEncodingException e =
                    assertThrows(MalformedEncodingException.class, () -> RowMeta.parseJson(c[0]), c[0]);
            assertTrue(e.getMessage().contains(c[1]), c[1] + " not in: " + e.getMessage());
            assertTrue(e.getMessage().startsWith("row metadata"), e.getMessage());
        }
    }
}
