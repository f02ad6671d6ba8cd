package io.tandem.terraform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.tandem.cli.config.Config;
import io.tandem.cli.config.ConfigException;
import io.tandem.cli.config.ConfigLoader;
import io.tandem.cli.config.DaemonSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Renders modules/region/templates/region.yaml.tftpl with the values the three-region example
 * passes (Terraform's templatefile semantics) and runs the daemon's own config validation on it.
 */
class RenderedConfigTest {
    private static final List<String> REGIONS = List.of("us-east", "eu-west", "ap-south");
    private static final Map<String, String> VPC = Map.of("us-east", "10.10", "eu-west", "10.20", "ap-south", "10.30");
    private static final Map<String, String> AWS =
            Map.of("us-east", "us-east-1", "eu-west", "eu-west-1", "ap-south", "ap-southeast-1");
    private static final String ZOOKEEPER = "10.10.12.10:2181,10.20.12.10:2181,10.30.12.10:2181";

    private static Path template() {
        return TerraformTree.regionModule().resolve("templates/region.yaml.tftpl");
    }

    private static String msk(String region) {
        String host = "tandem-" + region + "-tandem.a1b2c3.c2.kafka." + AWS.get(region) + ".amazonaws.com";
        return "b-1." + host + ":9096,b-2." + host + ":9096,b-3." + host + ":9096";
    }

    /** The variables modules/region/main.tf passes to templatefile(), with example values. */
    private static Map<String, Object> vars(String region) {
        Map<String, Object> peers = new TreeMap<>();
        REGIONS.stream().filter(r -> !r.equals(region)).forEach(r -> peers.put(r, msk(r)));
        Map<String, Object> vars = new LinkedHashMap<>();
        vars.put("cluster", "tandem");
        vars.put("region", region);
        vars.put("postgres_host", "tandem-" + region + "-2024.c9akciq32.rds." + AWS.get(region) + ".amazonaws.com");
        vars.put("postgres_port", 5432);
        vars.put("database", "app");
        vars.put("postgres_ssl_mode", "require");
        vars.put("postgres_user", "tandem");
        vars.put("kafka_bootstrap", msk(region));
        vars.put("peers", peers);
        vars.put("zookeeper_connect", ZOOKEEPER);
        vars.put("http_port", 8080);
        return vars;
    }

    private static String render(String region) throws IOException {
        return TemplateRenderer.render(Files.readString(template()), vars(region));
    }

    private static Config validate(String yaml, String source) {
        return new ConfigLoader(DaemonSettings.CATALOG, name -> null).parse(yaml, source);
    }

    @ParameterizedTest
    @ValueSource(strings = {"us-east", "eu-west", "ap-south"})
    void renderedConfigPassesTheDaemonsValidation(String region) throws IOException {
        String yaml = render(region);
        Config config;
        try {
            config = validate(yaml, "region.yaml for " + region);
        } catch (ConfigException e) {
            throw new AssertionError(
                    "the daemon rejects the rendered config:\n" + e.getMessage() + "\n--- rendered ---\n" + yaml, e);
        }
        assertEquals(region, config.get(DaemonSettings.REGION));
        assertEquals("tandem", config.get(DaemonSettings.CLUSTER));
        assertEquals(msk(region), config.get(DaemonSettings.KAFKA_BOOTSTRAP));
        assertEquals(ZOOKEEPER, config.get(DaemonSettings.ZOOKEEPER_CONNECT));
        assertEquals(8080, config.get(DaemonSettings.HTTP_PORT));
        assertEquals(
                "0.0.0.0", config.get(DaemonSettings.HTTP_BIND), "the status port must be reachable from admin CIDRs");
        assertEquals(false, config.get(DaemonSettings.ROUTER_ENABLED), "the router runs as its own service");
        assertTrue(config.get(DaemonSettings.POSTGRES_URL).startsWith("jdbc:postgresql://tandem-" + region + "-"));

        Map<String, String> peers = config.family(DaemonSettings.PEER_KAFKA);
        Set<String> others = REGIONS.stream().filter(r -> !r.equals(region)).collect(Collectors.toSet());
        assertEquals(others, peers.keySet(), "peers.<region>.kafka must name exactly the other two regions");
        others.forEach(r -> assertEquals(msk(r), peers.get(r), "peers." + r + ".kafka"));
    }

    /** What modules/region/main.tf passes to templatefile(), captured by parsing it with hcl4j. */
    @SuppressWarnings("unchecked")
    private static List<Object> templatefileCall() {
        Hcl.TfFile main = Hcl.parse(
                TerraformTree.regionModule().resolve("main.tf"),
                Map.of("templatefile", args -> Map.of("templatefile", List.copyOf(args))));
        Object rendered = Hcl.blocks(main.body().get("locals")).stream()
                .map(l -> l.get("region_yaml"))
                .filter(Objects::nonNull)
                .findFirst()
                .orElseThrow(() -> new AssertionError("modules/region/main.tf has no local region_yaml"));
        return (List<Object>) Hcl.map(rendered).get("templatefile");
    }

    @Test
    void terraformPassesExactlyTheVariablesThisTestRenders() {
        List<Object> call = templatefileCall();
        assertTrue(
                String.valueOf(call.get(0)).endsWith("/templates/region.yaml.tftpl"),
                () -> "region_yaml should render templates/region.yaml.tftpl, renders " + call.get(0));
        Map<String, Object> passed = Hcl.map(call.get(1));
        assertEquals(
                new TreeMap<>(vars("us-east")).keySet(),
                new TreeMap<>(passed).keySet(),
                "the test must render with the same variables modules/region passes to templatefile()");
    }

    @Test
    void terraformWiresTheSaslScramBootstrapAndTheRdsAddress() {
        Map<String, Object> passed = Hcl.map(templatefileCall().get(1));
        assertEquals(
                "aws_msk_cluster.this.bootstrap_brokers_sasl_scram",
                Hcl.text(passed.get("kafka_bootstrap")),
                "the daemon must use the SASL/SCRAM listener (9096), the only one MSK and the security groups open");
        assertEquals("aws_db_instance.this.address", Hcl.text(passed.get("postgres_host")));
        assertEquals("aws_db_instance.this.port", Hcl.text(passed.get("postgres_port")));
        assertEquals("var.zookeeper_connect", Hcl.text(passed.get("zookeeper_connect")));
    }

    @Test
    void renderedConfigHoldsNoCredentials() throws IOException {
        for (String region : REGIONS) {
            String yaml = render(region).toLowerCase(java.util.Locale.ROOT);
            assertFalse(
                    yaml.contains("password:") || yaml.contains("password="),
                    "credentials reach the daemon as TANDEM_POSTGRES_PASSWORD from Secrets Manager, never in the file");
        }
    }

    @Test
    void aTypoInTheTemplateIsRejectedNamingTheKey() throws IOException {
        String broken = Files.readString(template())
                .replace("  bootstrap: ${kafka_bootstrap}", "  bootstap: ${kafka_bootstrap}");
        assertTrue(broken.contains("bootstap"), "the fixture edit must apply: the template changed shape");
        String yaml = TemplateRenderer.render(broken, vars("us-east"));

        ConfigException e = assertThrows(ConfigException.class, () -> validate(yaml, "broken region.yaml"));
        List<String> keys =
                e.problems().stream().map(ConfigException.Problem::key).toList();
        assertTrue(keys.contains("kafka.bootstap"), () -> "the typo'd key should be named: " + e.getMessage());
        assertTrue(
                keys.contains("kafka.bootstrap"), () -> "the missing required key should be named: " + e.getMessage());
        assertTrue(e.getMessage().contains("did you mean 'kafka.bootstrap'"), e::getMessage);
    }

    @Test
    void javaRenderingMatchesTerraformTemplatefile(@TempDir Path emptyDir) throws Exception {
        Optional<Path> terraform = TerraformCli.find();
        assumeTrue(
                terraform.isPresent(),
                "terraform is not on PATH: skipping the cross-check of the Java rendering against templatefile()");
        for (String region : REGIONS) {
            String expression =
                    "jsonencode(templatefile(" + hclString(template().toString()) + ", " + hcl(vars(region)) + "))\n";
            // An empty directory has no provider requirements, so console runs without any registry.
            var result = TerraformCli.run(terraform.get(), emptyDir, expression, "console");
            assertEquals(0, result.exitCode(), () -> "terraform console failed:\n" + result.stderr());
            ObjectMapper json = new ObjectMapper();
            String byTerraform = json.readValue(json.readValue(result.stdout().trim(), String.class), String.class);
            assertEquals(
                    byTerraform, render(region), "TemplateRenderer must render exactly as terraform's templatefile()");
        }
    }

    @Test
    void rendererFollowsTemplatefileOnStripMarkersAndMapOrder() {
        String template = "a: ${x}\n%{ for k, v in m ~}\n  ${k}:\n    kafka: ${v}\n%{ endfor ~}\nend $${literal}\n";
        // Output of terraform 1.11 templatefile() for the same input (keys come out in lexical order).
        String expected = "a: 1\n  a:\n    kafka: h:2\n  b:\n    kafka: h:1\nend ${literal}\n";
        assertEquals(
                expected, TemplateRenderer.render(template, Map.of("x", "1", "m", Map.of("b", "h:1", "a", "h:2"))));
    }

    @ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource(
            delimiter = '|',
            value = {
                // template (\\n = line break) | terraform 1.11 templatefile() output
                "A%{ for k, v in m ~}   \\n  x%{ endfor }|A  x",
                "A%{ for k, v in m ~}\\n\\n  x%{ endfor }|A\\n  x",
                "A%{ for k, v in m ~}  x%{ endfor }|Ax",
                "x \\n  %{~ for k, v in m }y%{ endfor }|x \\ny",
                "x\\n%{~ for k, v in m }y%{ endfor }|xy",
                "x  \\n\\n%{~ for k, v in m }y%{ endfor }|x  \\ny",
            })
    void stripMarkersRemoveWhatTerraformRemoves(String template, String expected) {
        Map<String, Object> oneEntry = Map.of("m", Map.of("k", "v"));
        assertEquals(expected.replace("\\n", "\n"), TemplateRenderer.render(template.replace("\\n", "\n"), oneEntry));
    }

    @Test
    void rendererRefusesWhatItCannotReproduce() {
        var e = assertThrows(
                UnsupportedOperationException.class, () -> TemplateRenderer.render("${upper(x)}", Map.of("x", "a")));
        assertTrue(e.getMessage().contains("${upper(x)}"), e::getMessage);
        var missing = assertThrows(IllegalArgumentException.class, () -> TemplateRenderer.render("${y}", Map.of()));
        assertTrue(missing.getMessage().contains("\"y\""), missing::getMessage);
    }

    private static String hcl(Object value) {
        if (value instanceof Map<?, ?> map) {
            return map.entrySet().stream()
                    .map(e -> hclString(e.getKey().toString()) + " = " + hcl(e.getValue()))
                    .collect(Collectors.joining(", ", "{ ", " }"));
        }
        if (value instanceof Number n) {
            return n.toString();
        }
        return hclString(value.toString());
    }

    private static String hclString(String s) {
        return "\""
                + s.replace("\\", "\\\\")
                        .replace("\"", "\\\"")
                        .replace("${", "$${")
                        .replace("%{", "%%{") + "\"";
    }
}
