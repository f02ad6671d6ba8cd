package io.tandem.terraform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Runs the variables' validation blocks with terraform itself, where terraform is installed:
 * {@code terraform console} evaluates variables (and provider-free locals) without any provider,
 * so the real Terraform checks good and bad inputs offline. Only variables.tf (and network-layout's
 * provider-free main.tf) are copied into a scratch directory; resources would need providers.
 */
class VariableValidationTest {
    private static final String SHA512 = "0".repeat(124) + "abcd";

    private static final String EXAMPLE_GOOD = """
            tandem_image       = "123456789012.dkr.ecr.us-east-1.amazonaws.com/tandem:0.1.0"
            router_domain_name = "router.tandem.example.com"
            route53_zone_id    = "Z0123456789ABCDEFGHIJ"
            admin_cidrs        = ["10.99.0.0/16"]
            zookeeper_sha512   = "%s"
            """.formatted(SHA512);

    private static final String REGION_GOOD = """
            cluster_name  = "tandem"
            tandem_region = "us-east"
            layout = {
              vpc_cidr     = "10.10.0.0/16"
              public_cidrs = ["10.10.0.0/24", "10.10.1.0/24", "10.10.2.0/24"]
              app_cidr     = "10.10.4.0/22"
              app_cidrs    = ["10.10.4.0/24", "10.10.5.0/24", "10.10.6.0/24"]
              data_cidrs   = ["10.10.8.0/24", "10.10.9.0/24", "10.10.10.0/24"]
              zookeeper_cidr = "10.10.12.0/24"
              zookeeper_ip = "10.10.12.10"
            }
            peers = {
              eu-west  = { kafka_bootstrap = "b-1.eu:9096", app_cidr = "10.20.4.0/22", data_cidrs = ["10.20.8.0/24"] }
              ap-south = { kafka_bootstrap = "b-1.ap:9096", app_cidr = "10.30.4.0/22", data_cidrs = ["10.30.8.0/24"] }
            }
            zookeeper_connect    = "10.10.12.10:2181,10.20.12.10:2181,10.30.12.10:2181"
            zookeeper_cidrs      = ["10.10.12.10/32", "10.20.12.10/32", "10.30.12.10/32"]
            admin_cidrs          = ["10.99.0.0/16"]
            tandem_image         = "example/tandem:0.1.0"
            router_domain_name   = "router.tandem.example.com"
            route53_zone_id      = "Z0123456789ABCDEFGHIJ"
            router_latency_table = { us-east = ["us-east", "eu-west"], eu-west = ["eu-west", "us-east"] }
            kafka_scram          = { username = "tandem", password = "0123456789abcdefXYZ" }
            """;

    private static final String ZOOKEEPER_GOOD = """
            cluster_name     = "tandem"
            tandem_region    = "us-east"
            node_id          = 1
            ensemble         = [{ id = 1, ip = "10.10.12.10" }, { id = 2, ip = "10.20.12.10" }, { id = 3, ip = "10.30.12.10" }]
            vpc_id           = "vpc-1"
            subnet_id        = "subnet-1"
            private_ip       = "10.10.12.10"
            client_cidrs     = ["10.10.4.0/22", "10.20.4.0/22", "10.30.4.0/22"]
            zookeeper_sha512 = "%s"
            """.formatted(SHA512);

    /** Skips the calling test, saying why, where terraform is not installed. */
    private static Path terraform() {
        Optional<Path> found = TerraformCli.find();
        assumeTrue(
                found.isPresent(),
                "terraform is not on PATH: skipping the variable validation checks run by terraform console");
        return found.get();
    }

    /** Copies {@code files} of {@code module} into {@code scratch}, evaluates {@code expression} with {@code tfvars}. */
    private static String console(Path module, List<String> files, Path scratch, String tfvars, String expression)
            throws Exception {
        Path binary = terraform();
        for (String f : files) {
            Files.copy(module.resolve(f), scratch.resolve(f));
        }
        Files.writeString(scratch.resolve("test.tfvars"), tfvars);
        var result =
                TerraformCli.run(binary, scratch, expression + "\n", "console", "-no-color", "-var-file=test.tfvars");
        return result.stdout() + result.stderr();
    }

    private static void assertAccepted(String output) {
        assertFalse(output.contains("Error:"), () -> "terraform rejected inputs that should be valid:\n" + output);
    }

    private static void assertRejected(String output, String message) {
        String flat = output.replaceAll("\\s+", " ");
        assertTrue(
                flat.contains("Invalid value for variable") && flat.contains(message),
                () -> "expected terraform to reject the input with '" + message + "', got:\n" + output);
    }

    @Test
    void exampleRootAcceptsItsDefaults(@TempDir Path scratch) throws Exception {
        assertAccepted(console(
                TerraformTree.exampleRoot(), List.of("variables.tf"), scratch, EXAMPLE_GOOD, "var.region_c.name"));
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "region_b = { name = \"eu-west\", aws_region = \"us-east-1\", vpc_cidr = \"10.20.0.0/16\" }|must be three different AWS regions",
                "region_b = { name = \"us-east\", aws_region = \"eu-west-1\", vpc_cidr = \"10.20.0.0/16\" }|three different Tandem names",
                "region_b = { name = \"eu-west\", aws_region = \"eu-west-1\", vpc_cidr = \"10.10.0.0/16\" }|three different /16 VPC CIDRs",
                "region_a = { name = \"US-East\", aws_region = \"us-east-1\", vpc_cidr = \"10.10.0.0/16\" }|must be a Tandem region name",
                "region_a = { name = \"us-east\", aws_region = \"us-east-1\", vpc_cidr = \"10.10.0.0/20\" }|must be a /16 IPv4 CIDR",
                "admin_cidrs = [\"0.0.0.0/0\"]|must not contain 0.0.0.0/0",
                "db_instance_class = \"db.m5.24xlarge\"|db_instance_class must be one of",
                "tandem_image = \"example/tandem:latest\"|not :latest",
                "nat_gateways_per_region = 2|must be 1 or 3",
            })
    void exampleRootRejects(String override, String message, @TempDir Path scratch) throws Exception {
        String tfvars = EXAMPLE_GOOD
                        .lines()
                        .filter(l -> !l.startsWith(
                                override.substring(0, override.indexOf('=')).trim() + " "))
                        .reduce("", (a, b) -> a + b + "\n")
                + override + "\n";
        assertRejected(
                console(TerraformTree.exampleRoot(), List.of("variables.tf"), scratch, tfvars, "var.region_a"),
                message);
    }

    @Test
    void regionModuleAcceptsExampleInputs(@TempDir Path scratch) throws Exception {
        assertAccepted(
                console(TerraformTree.regionModule(), List.of("variables.tf"), scratch, REGION_GOOD, "var.peers"));
    }

    @Test
    void regionModuleRejectsAWorldOpenAdminCidrAndNonHostZooKeeperCidrs(@TempDir Path scratch) throws Exception {
        String tfvars = REGION_GOOD
                .replace("admin_cidrs          = [\"10.99.0.0/16\"]", "admin_cidrs          = [\"0.0.0.0/0\"]")
                .replace("\"10.30.12.10/32\"]", "\"10.30.8.0/24\"]");
        String output = console(TerraformTree.regionModule(), List.of("variables.tf"), scratch, tfvars, "var.peers");
        assertRejected(output, "must not include 0.0.0.0/0");
        assertRejected(output, "zookeeper_cidrs must list at least three /32 CIDRs");
    }

    @Test
    void zookeeperNodeNeedsAnEnsembleOfThree(@TempDir Path scratch) throws Exception {
        Path module = TerraformTree.root().resolve("modules/zookeeper-node");
        assertAccepted(console(module, List.of("variables.tf"), scratch, ZOOKEEPER_GOOD, "var.ensemble"));
        Path again = Files.createDirectory(scratch.resolve("two"));
        String two = ZOOKEEPER_GOOD.replace(", { id = 3, ip = \"10.30.12.10\" }", "");
        assertRejected(
                console(module, List.of("variables.tf"), again, two, "var.ensemble"),
                "ensemble must list exactly three nodes");
    }

    @Test
    void networkLayoutPutsZooKeeperAloneWhereTheRenderedConfigExpectsIt(@TempDir Path scratch) throws Exception {
        String output = console(
                TerraformTree.root().resolve("modules/network-layout"),
                List.of("main.tf", "variables.tf"),
                scratch,
                "vpc_cidr = \"10.20.0.0/16\"\n",
                "jsonencode({ app_cidr = local.app_cidr, app = local.app_cidrs, data = local.data_cidrs, public = local.public_cidrs, zk_cidr = local.zookeeper_cidr, zk = local.zookeeper_ip })");
        ObjectMapper json = new ObjectMapper();
        JsonNode layout = json.readTree(json.readValue(output.trim(), String.class));
        assertEquals(
                "10.20.12.10",
                layout.get("zk").asText(),
                "RenderedConfigTest's ZooKeeper connect string assumes host .12.10");
        assertEquals(
                "10.20.12.0/24", layout.get("zk_cidr").asText(), "ZooKeeper's subnet, apart from the data subnets");
        assertEquals("10.20.4.0/22", layout.get("app_cidr").asText());
        assertEquals(
                "[\"10.20.4.0/24\",\"10.20.5.0/24\",\"10.20.6.0/24\"]",
                layout.get("app").toString());
        assertEquals(
                "[\"10.20.8.0/24\",\"10.20.9.0/24\",\"10.20.10.0/24\"]",
                layout.get("data").toString());
        assertEquals(
                "[\"10.20.0.0/24\",\"10.20.1.0/24\",\"10.20.2.0/24\"]",
                layout.get("public").toString());
    }
}
