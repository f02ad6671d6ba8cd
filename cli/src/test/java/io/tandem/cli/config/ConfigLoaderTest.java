package io.tandem.cli.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigLoaderTest {
    private static final String VALID = """
            region: us-east
            postgres:
              url: jdbc:postgresql://127.0.0.1:5432/app
            kafka:
              bootstrap: 127.0.0.1:9092
            peers:
              eu-west:
                kafka: 127.0.0.1:9093
              ap-south:
                kafka: 127.0.0.1:9094
            zookeeper:
              connect: 127.0.0.1:2181
            """;

    private static ConfigLoader loader(Map<String, String> env) {
        return new ConfigLoader(DaemonSettings.CATALOG, env::get);
    }

    private static ConfigException failure(String yaml) {
        return assertThrows(ConfigException.class, () -> loader(Map.of()).parse(yaml, "region.yaml"));
    }

    @Test
    void validFileGetsTypedValuesAndDefaults() {
        Config config = loader(Map.of()).parse(VALID, "region.yaml");
        assertEquals("us-east", config.get(DaemonSettings.REGION));
        assertEquals(Duration.ofSeconds(2), config.get(DaemonSettings.ZOOKEEPER_SESSION_TIMEOUT));
        assertEquals(
                Map.of("ap-south", "127.0.0.1:9094", "eu-west", "127.0.0.1:9093"),
                config.family(DaemonSettings.PEER_KAFKA));
    }

    @Test
    void typoInAKeyIsNamedWithASuggestion() {
        var e = failure(VALID.replace("zookeeper:\n  connect", "zookeper:\n  connect"));
        String message = e.getMessage();
        assertTrue(message.contains("zookeper.connect: unknown setting; did you mean 'zookeeper.connect'?"), message);
        assertTrue(message.contains("zookeeper.connect: required setting is missing"), message);
    }

    @Test
    void malformedDurationNamesKeyValueAndForm() {
        var e = failure(VALID + "  session-timeout: 2 seconds\n");
        assertTrue(
                e.getMessage()
                        .contains("region.yaml: zookeeper.session-timeout: '2 seconds' is not a duration;"
                                + " expected a duration such as 500ms, 2s, 5m or 1h"),
                e.getMessage());
    }

    @Test
    void valueOutsideItsRuleSaysWhichRule() {
        var e = failure(VALID + "  session-timeout: 500ms\n");
        assertTrue(e.getMessage().contains("500ms is not allowed: must be between 1s and 60s"), e.getMessage());
    }

    @Test
    void everyProblemIsReportedAtOnce() {
        var e = failure("region: US_EAST\nhttp:\n  port: 70000\n");
        assertTrue(e.problems().size() >= 4, e.getMessage());
    }

    @Test
    void environmentOverridesTheFile() {
        Config config = loader(Map.of("TANDEM_APPLY_BATCH_SIZE", "64")).parse(VALID, "region.yaml");
        assertEquals(64, config.get(DaemonSettings.APPLY_BATCH_SIZE));
    }

    @Test
    void badEnvironmentValueNamesTheVariable() {
        var e = assertThrows(ConfigException.class, () -> loader(Map.of("TANDEM_APPLY_BATCH_SIZE", "lots"))
                .parse(VALID, "region.yaml"));
        assertTrue(
                e.getMessage().contains("TANDEM_APPLY_BATCH_SIZE: apply.batch-size: 'lots' is not an integer"),
                e.getMessage());
    }

    @Test
    void invalidYamlSaysWhere() {
        var e = failure("region: [unclosed\n");
        assertTrue(e.getMessage().contains("not valid YAML"), e.getMessage());
    }

    @Test
    void emptyValueIsNamed() {
        var e = failure(VALID + "http:\n  port:\n");
        assertTrue(e.getMessage().contains("http.port: has no value"), e.getMessage());
    }
}
