package io.tandem.router.http;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.tandem.embedded.fuzz.Fuzz;
import io.tandem.router.route.BadRequestException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Fuzzes the HTTP/JSON request parsing in process (many more inputs than over HTTP): the JSON
 * reader may only fail with a processing error (answered 400 "not valid JSON"), the request decoder
 * only with {@link BadRequestException} naming a field.
 */
class JsonRequestFuzzTest {

    @Test
    void requestParsingThrowsOnlyDocumentedErrors() {
        List<byte[]> seeds = List.of(
                        "{\"group\":\"orders-b\",\"intent\":\"WRITE\",\"client_region\":\"us-east\"}",
                        "{\"table\":\"orders\",\"key\":\"o-1\",\"intent\":\"read\",\"client_region\":\"eu-west\","
                                + "\"consistency\":\"READ_YOUR_WRITES\"}",
                        "{\"requests\":[{\"table\":\"orders\",\"key\":\"o-1\",\"intent\":\"read\"}]}")
                .stream()
                .map(s -> s.getBytes(StandardCharsets.UTF_8))
                .toList();
        Fuzz.Result result = Fuzz.run("http-json-request", Duration.ofSeconds(10), seeds, input -> {
            JsonNode json;
            try {
                json = JsonCodec.MAPPER.readTree(input);
            } catch (JsonProcessingException e) {
                return; // answered 400: not valid JSON
            }
            JsonNode requests = json == null ? null : json.get("requests");
            List<JsonNode> each = requests != null && requests.isArray()
                    ? java.util.stream.StreamSupport.stream(requests.spliterator(), false)
                            .toList()
                    : java.util.Collections.singletonList(json);
            for (JsonNode node : each) {
                try {
                    JsonCodec.request(node, "body");
                } catch (BadRequestException e) {
                    if (e.field() == null || e.getMessage() == null) {
                        throw new AssertionError("a bad request must name its field: " + e);
                    }
                }
            }
        });
        assertTrue(result.inputs() > 100, result.toString());
    }
}
