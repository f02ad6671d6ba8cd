package io.tandem.terraform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tandem.terraform.Hcl.TfFile;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * terraform validate needs the AWS provider, which cannot be downloaded here; these rules check the
 * HCL itself, parsed by hcl4j, on the real tree, and each one is shown to fail on a bad fixture.
 */
class HclRulesTest {
    private static final List<TfFile> TREE = Hcl.parseTree(TerraformTree.root());
    private static final List<TfFile> EXAMPLE = Hcl.parseTree(TerraformTree.exampleRoot());

    private static void assertNone(List<String> violations) {
        assertTrue(violations.isEmpty(), () -> "Terraform rule violations:\n  " + String.join("\n  ", violations));
    }

    private static void assertReported(List<String> violations, String... fragments) {
        for (String fragment : fragments) {
            assertTrue(
                    violations.stream().anyMatch(v -> v.contains(fragment)),
                    () -> "expected a violation mentioning '" + fragment + "', got:\n  "
                            + String.join("\n  ", violations));
        }
    }

    @Test
    void everyTerraformFileParses() {
        assertTrue(TREE.size() >= 20, () -> "expected the whole tree, parsed only " + TREE.size() + " files");
        assertFalse(EXAMPLE.isEmpty());
    }

    @Nested
    class OnTheRealTree {
        @Test
        void zookeeperHasThreeNodesInThreeRegions() {
            assertNone(HclRules.zookeeperSpreadOverThreeRegions(EXAMPLE));
        }

        @Test
        void everyDatabaseHasLogicalReplication() {
            assertNone(HclRules.logicalReplicationOnEveryDatabase(TREE));
            assertFalse(Hcl.resources(TREE, "aws_db_instance").isEmpty(), "the tree should create RDS instances");
        }

        @Test
        void onlyTheRouterPublicPortIsOpenToTheWorld() {
            assertNone(HclRules.noWorldOpenIngressExceptRouter(TREE));
        }

        @Test
        void theRouterPublicPortIsTheOneWorldOpenRule() {
            long worldOpen = Hcl.resources(TREE, "aws_vpc_security_group_ingress_rule").stream()
                    .filter(r -> "0.0.0.0/0".equals(Hcl.text(r.body().get("cidr_ipv4"))))
                    .map(Hcl.Block::name)
                    .peek(name -> assertEquals("router_lb_public_https", name))
                    .count();
            assertEquals(1, worldOpen, "exactly one world-open ingress rule: the router NLB on 443");
        }

        @Test
        void kafkaUsesTlsAndScram() {
            assertNone(HclRules.kafkaUsesTlsAndScram(TREE));
            assertFalse(Hcl.resources(TREE, "aws_msk_cluster").isEmpty(), "the tree should create MSK clusters");
        }

        @Test
        void theExampleSlotsAreWiredConsistently() {
            assertNone(ExampleWiring.check(Hcl.parseTree(TerraformTree.exampleRoot(), Hcl.capturing("zipmap"))));
        }

        @Test
        void variablesAreDescribedAndValidated() {
            assertNone(HclRules.variablesDescribedAndValidated(TREE));
        }
    }

    @Nested
    class EachRuleCanFail {
        @Test
        void zookeeperNodesSharingARegion() {
            var violations = HclRules.zookeeperSpreadOverThreeRegions(
                    Hcl.parseTree(TerraformTree.fixture("zookeeper-same-region")));
            assertReported(violations, "are all in us-east-1", "give each node a provider in a different region");
        }

        @Test
        void twoZookeeperNodesOnly() {
            var violations = HclRules.zookeeperSpreadOverThreeRegions(
                    Hcl.parseTree(TerraformTree.fixture("zookeeper-two-nodes")));
            assertReported(violations, "declares 2 ZooKeeper node(s)", "declare exactly three");
        }

        @Test
        void databaseWithoutLogicalReplication() {
            var violations = HclRules.logicalReplicationOnEveryDatabase(
                    Hcl.parseTree(TerraformTree.fixture("no-logical-replication")));
            assertReported(
                    violations,
                    "aws_db_parameter_group.plain",
                    "does not set rds.logical_replication = 1",
                    "aws_db_instance.default_group",
                    "(the RDS default)",
                    "aws_db_instance.plain_group");
        }

        @Test
        void postgresOpenToTheWorld() {
            var violations =
                    HclRules.noWorldOpenIngressExceptRouter(Hcl.parseTree(TerraformTree.fixture("world-open")));
            assertReported(
                    violations,
                    "aws_vpc_security_group_ingress_rule.postgres_from_anywhere",
                    "opens port 5432 to 0.0.0.0/0",
                    "aws_security_group.ssh ingress block",
                    "opens port 22 to ::/0",
                    "aws_security_group_rule.zookeeper_from_var",
                    "variable \"open_cidrs\"");
            assertFalse(
                    violations.stream().anyMatch(v -> v.contains("router_public")),
                    () -> "the router's 443 is allowed, yet reported: " + violations);
        }

        @Test
        void kafkaInPlaintextWithoutScram() {
            var violations = HclRules.kafkaUsesTlsAndScram(Hcl.parseTree(TerraformTree.fixture("msk-plaintext")));
            assertReported(
                    violations,
                    "client_broker = TLS_PLAINTEXT",
                    "does not enable SASL/SCRAM",
                    "allows unauthenticated clients",
                    "in_cluster = false");
        }

        @Test
        void miswiredSlots() {
            var violations = ExampleWiring.check(
                    Hcl.parseTree(TerraformTree.fixture("miswired-slots"), Hcl.capturing("zipmap")));
            assertReported(
                    violations,
                    "module.region_a peers with slots [b]",
                    "module.region_b uses provider aws.c",
                    "no VPC peering between aws.a and aws.c",
                    "no VPC peering between aws.b and aws.c",
                    "module.global_router has 2 region(s)");
        }

        @Test
        void undocumentedAndUnvalidatedVariables() {
            var violations = HclRules.variablesDescribedAndValidated(Hcl.parseTree(TerraformTree.fixture("variables")));
            assertReported(
                    violations,
                    "variable \"instance_size\"",
                    "has no description",
                    "variable \"peer_cidrs\"",
                    "has no validation block");
            assertEquals(2, violations.size(), () -> "only the two bad variables: " + violations);
        }
    }
}
