package io.tandem.terraform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.tandem.router.RouterConfig;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.junit.jupiter.api.Test;

/**
 * The router's config is built in modules/region/ecs.tf with jsonencode(). The test captures that
 * object by parsing the file with hcl4j, fills the variable references with the example's values,
 * encodes it as jsonencode() would, and runs region-router's own parser and validation on it.
 */
class RouterConfigTest {
    private static final String ZOOKEEPER = "10.10.12.10:2181,10.20.12.10:2181,10.30.12.10:2181";

    /** The example root's latency table: each client region's own region first, then the others in slot order. */
    private static final Map<String, Object> LATENCY = Map.of(
            "us-east", List.of("us-east", "eu-west", "ap-south"),
            "eu-west", List.of("eu-west", "us-east", "ap-south"),
            "ap-south", List.of("ap-south", "us-east", "eu-west"));

    /** Values for the references the jsonencode() argument holds. */
    private static final Map<String, Object> SAMPLE = Map.of(
            "var.zookeeper_connect",
            ZOOKEEPER,
            "var.cluster_name",
            "tandem",
            "var.router_tables",
            List.of(Map.of("name", "orders", "shards", 64, "groups", List.of("orders-a", "orders-b"))),
            "var.router_latency_table",
            LATENCY);

    private static Map<String, Object> captured(String file, String local) {
        Hcl.TfFile parsed = Hcl.parse(TerraformTree.regionModule().resolve(file), Hcl.capturing("jsonencode"));
        Object value = Hcl.blocks(parsed.body().get("locals")).stream()
                .map(l -> l.get(local))
                .filter(Objects::nonNull)
                .findFirst()
                .orElseThrow(() -> new AssertionError("modules/region/" + file + " has no local " + local));
        List<Object> args = Hcl.captured(value, "jsonencode");
        assertEquals(1, args.size(), () -> "local." + local + " should be jsonencode({...}), is " + value);
        return Hcl.map(args.get(0));
    }

    /** Replaces references with sample values and whole-number doubles with ints, as jsonencode() prints them. */
    private static Object substitute(Object value, String path) {
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> out = new LinkedHashMap<>();
            map.forEach((k, v) -> out.put(k.toString(), substitute(v, path + "." + k)));
            return out;
        }
        if (value instanceof List<?> list) {
            List<Object> out = new ArrayList<>();
            list.forEach(v -> out.add(substitute(v, path + "[]")));
            return out;
        }
        if (value instanceof Double d && d == Math.rint(d)) {
            return d.intValue();
        }
        if (value instanceof String || value instanceof Boolean || value instanceof Number) {
            return value;
        }
        String reference = String.valueOf(value);
        if (!SAMPLE.containsKey(reference)) {
            throw new AssertionError("router_json" + path + " = " + reference
                    + ": RouterConfigTest has no sample value for it; add one to SAMPLE");
        }
        return SAMPLE.get(reference);
    }

    @Test
    void theRenderedRouterConfigPassesTheRoutersValidation() throws Exception {
        Object filled = substitute(captured("ecs.tf", "router_json"), "");
        String json = new ObjectMapper().writeValueAsString(filled);

        RouterConfig config;
        try {
            config = RouterConfig.parse(json);
        } catch (IllegalArgumentException e) {
            throw new AssertionError(
                    "region-router rejects the config Terraform renders: " + e.getMessage() + "\n" + json, e);
        }
        assertEquals("0.0.0.0", config.bind(), "the NLB reaches the tasks on their VPC address");
        assertEquals(ZOOKEEPER, config.zkConnect());
        assertEquals("/tandem/tandem", config.zkPaths().root(), "the same cluster root as the daemons");
        for (String client : LATENCY.keySet()) {
            assertEquals(LATENCY.get(client), config.routing().latency().order(client), "latency row for " + client);
        }
        assertTrue(config.routing().tablesByName().containsKey("orders"));
    }

    @Test
    void thePortsMatchTheLoadBalancerAndSecurityGroups() throws Exception {
        RouterConfig config = RouterConfig.parse(
                new ObjectMapper().writeValueAsString(substitute(captured("ecs.tf", "router_json"), "")));
        List<Hcl.TfFile> region = Hcl.parseTree(TerraformTree.regionModule());

        Hcl.Block target = Hcl.resources(region, "aws_lb_target_group").stream()
                .filter(b -> b.name().equals("router"))
                .findFirst()
                .orElseThrow(() -> new AssertionError("modules/region has no aws_lb_target_group.router"));
        assertEquals(
                String.valueOf(config.grpcPort()),
                Hcl.text(target.body().get("port")),
                "the NLB forwards to the router's gRPC port");
        assertEquals(
                String.valueOf(config.httpPort()),
                Hcl.text(Hcl.at(target.body(), "health_check.port")),
                "the NLB health check hits the router's HTTP /healthz");
        assertEquals("/healthz", Hcl.text(Hcl.at(target.body(), "health_check.path")));

        // for_each = toset(["7070", "7080"]) on both sides of the NLB → router link.
        List<Hcl.TfFile> withToset = Hcl.parseTree(TerraformTree.regionModule(), Hcl.capturing("toset"));
        for (String[] rule : new String[][] {
            {"aws_vpc_security_group_ingress_rule", "router_from_lb"},
            {"aws_vpc_security_group_egress_rule", "router_lb_to_router"}
        }) {
            List<String> ports = Hcl.resources(withToset, rule[0]).stream()
                    .filter(b -> b.name().equals(rule[1]))
                    .flatMap(b -> Hcl.captured(b.body().get("for_each"), "toset").stream())
                    .flatMap(arg -> Hcl.texts(arg).stream())
                    .sorted()
                    .toList();
            assertEquals(
                    List.of(String.valueOf(config.grpcPort()), String.valueOf(config.httpPort())),
                    ports,
                    rule[0] + "." + rule[1] + " must open exactly the router's gRPC and HTTP ports");
        }
    }
}
