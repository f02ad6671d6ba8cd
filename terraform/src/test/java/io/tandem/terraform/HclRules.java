package io.tandem.terraform;

import io.tandem.terraform.Hcl.Block;
import io.tandem.terraform.Hcl.TfFile;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The deployment's safety rules, checked on the parsed HCL. Each rule returns its violations; each
 * violation says what is wrong, where, and what to change.
 */
final class HclRules {
    private HclRules() {}

    static final String ZOOKEEPER_MODULE = "modules/zookeeper-node";
    private static final Set<String> WORLD = Set.of("0.0.0.0/0", "::/0");
    private static final Pattern REGION_OR_CIDR_NAME = Pattern.compile(".*(cidr|region).*");

    /** The only ingress that may be open to the world: the router's public TLS port. */
    static final int ROUTER_PUBLIC_PORT = 443;

    /** Exactly three ZooKeeper nodes, each through a provider in a different AWS region. */
    static List<String> zookeeperSpreadOverThreeRegions(List<TfFile> root) {
        List<String> violations = new ArrayList<>();
        List<Block> nodes = Hcl.labelled(root, "module").stream()
                .filter(m -> {
                    String source = Hcl.text(m.body().get("source"));
                    return source != null && source.replace('\\', '/').endsWith(ZOOKEEPER_MODULE);
                })
                .toList();
        if (nodes.size() != 3) {
            violations.add("the root declares " + nodes.size() + " ZooKeeper node(s) (module blocks with source .../"
                    + ZOOKEEPER_MODULE + "): declare exactly three, one per region, so the ensemble keeps a quorum"
                    + " when any one region is lost");
        }
        Map<String, String> regionByNode = new LinkedHashMap<>();
        Map<String, String> idByNode = new LinkedHashMap<>();
        for (Block node : nodes) {
            idByNode.put(node.name(), Hcl.text(node.body().get("node_id")));
            String provider = Hcl.text(Hcl.map(node.body().get("providers")).get("aws"));
            if (provider == null) {
                violations.add("module." + node.name() + " passes no aws provider: add providers = { aws = aws.<slot> }"
                        + " so the node is placed in a known region");
                continue;
            }
            String alias = provider.startsWith("aws.") ? provider.substring(4) : null;
            Map<String, Object> config = Hcl.providers(root, "aws").stream()
                    .filter(p -> alias != null && alias.equals(Hcl.text(p.get("alias"))))
                    .findFirst()
                    .orElse(null);
            if (config == null) {
                violations.add("module." + node.name() + " uses provider " + provider
                        + ", which the root does not declare: add provider \"aws\" { alias = \"" + alias + "\" ... }");
                continue;
            }
            Object region = Hcl.resolve(config.get("region"), root);
            if (!(region instanceof String r) || r.isBlank()) {
                violations.add("module." + node.name() + ": cannot tell which AWS region provider " + provider
                        + " is in (region = " + config.get("region")
                        + "): set it to a literal or to a variable with a default");
                continue;
            }
            regionByNode.put(node.name(), r);
        }
        Map<String, List<String>> nodesByRegion = regionByNode.entrySet().stream()
                .collect(Collectors.groupingBy(
                        Map.Entry::getValue,
                        LinkedHashMap::new,
                        Collectors.mapping(Map.Entry::getKey, Collectors.toList())));
        nodesByRegion.forEach((region, names) -> {
            if (names.size() > 1) {
                violations.add(
                        "ZooKeeper nodes " + names + " are all in " + region
                                + ": losing that region would lose the quorum; give each node a provider in a different region");
            }
        });
        if (idByNode.values().stream().filter(Objects::nonNull).distinct().count() != idByNode.size()) {
            violations.add("ZooKeeper node ids " + idByNode
                    + " must be distinct literals (1, 2, 3): they are the servers' myid");
        }
        return violations;
    }

    /** Every parameter group turns logical replication on, and every database instance uses one of those groups. */
    static List<String> logicalReplicationOnEveryDatabase(List<TfFile> files) {
        List<String> violations = new ArrayList<>();
        Set<String> goodGroups = new HashSet<>();
        for (String type : List.of("aws_db_parameter_group", "aws_rds_cluster_parameter_group")) {
            for (Block group : Hcl.resources(files, type)) {
                boolean on = Hcl.blocks(group.body().get("parameter")).stream()
                        .anyMatch(p -> "rds.logical_replication".equals(Hcl.text(p.get("name")))
                                && "1".equals(Hcl.text(p.get("value"))));
                if (on) {
                    goodGroups.add(group.file().dir() + "|" + group.address());
                } else {
                    violations.add(group.where() + " does not set rds.logical_replication = 1, so capture cannot"
                            + " decode the WAL: add parameter { name = \"rds.logical_replication\" value = \"1\""
                            + " apply_method = \"pending-reboot\" }");
                }
            }
        }
        for (Block db : Hcl.resources(files, "aws_db_instance")) {
            String group = Hcl.text(db.body().get("parameter_group_name"));
            String groupAddress = group == null || !group.endsWith(".name")
                    ? null
                    : group.substring(0, group.length() - ".name".length());
            if (groupAddress == null || !goodGroups.contains(db.file().dir() + "|" + groupAddress)) {
                violations.add(db.where() + " uses parameter group " + (group == null ? "(the RDS default)" : group)
                        + ", which is not a group in this module with rds.logical_replication = 1: set"
                        + " parameter_group_name = aws_db_parameter_group.<name>.name");
            }
        }
        return violations;
    }

    /** No ingress from 0.0.0.0/0 or ::/0, except the router load balancer's port 443. */
    static List<String> noWorldOpenIngressExceptRouter(List<TfFile> files) {
        List<String> violations = new ArrayList<>();
        Map<Path, List<TfFile>> byDir = files.stream().collect(Collectors.groupingBy(TfFile::dir));
        for (Block rule : Hcl.resources(files, "aws_vpc_security_group_ingress_rule")) {
            List<TfFile> module = byDir.get(rule.file().dir());
            List<String> cidrs = new ArrayList<>();
            cidrs.addAll(resolvedTexts(rule.body().get("cidr_ipv4"), module));
            cidrs.addAll(resolvedTexts(rule.body().get("cidr_ipv6"), module));
            check(rule.where(), rule.name(), rule.body(), cidrs, violations);
        }
        for (Block rule : Hcl.resources(files, "aws_security_group_rule")) {
            if (!"ingress".equals(Hcl.text(rule.body().get("type")))) {
                continue;
            }
            List<TfFile> module = byDir.get(rule.file().dir());
            List<String> cidrs = new ArrayList<>(resolvedTexts(rule.body().get("cidr_blocks"), module));
            cidrs.addAll(resolvedTexts(rule.body().get("ipv6_cidr_blocks"), module));
            check(rule.where(), rule.name(), rule.body(), cidrs, violations);
        }
        for (Block group : Hcl.resources(files, "aws_security_group")) {
            List<TfFile> module = byDir.get(group.file().dir());
            List<Map<String, Object>> ingress =
                    new ArrayList<>(Hcl.blocks(group.body().get("ingress")));
            Hcl.map(group.body().get("dynamic")).forEach((label, body) -> {
                if (label.equals("ingress")) {
                    Hcl.blocks(body).forEach(d -> ingress.addAll(Hcl.blocks(d.get("content"))));
                }
            });
            for (Map<String, Object> block : ingress) {
                List<String> cidrs = new ArrayList<>(resolvedTexts(block.get("cidr_blocks"), module));
                cidrs.addAll(resolvedTexts(block.get("ipv6_cidr_blocks"), module));
                check(
                        group.address() + " ingress block (" + group.file().path() + ")",
                        group.name(),
                        block,
                        cidrs,
                        violations);
            }
        }
        for (Block variable : Hcl.labelled(files, "variable")) {
            List<String> defaults = Hcl.texts(variable.body().get("default"));
            if (REGION_OR_CIDR_NAME.matcher(variable.name()).matches()
                    && defaults.stream().anyMatch(WORLD::contains)) {
                violations.add("variable \"" + variable.name() + "\" ("
                        + variable.file().path()
                        + ") defaults to a world-open CIDR: remove 0.0.0.0/0 and ::/0 from its default");
            }
        }
        return violations;
    }

    private static List<String> resolvedTexts(Object value, List<TfFile> module) {
        return Hcl.texts(Hcl.resolve(value, module));
    }

    private static void check(
            String where, String name, Map<String, Object> body, List<String> cidrs, List<String> violations) {
        List<String> world = cidrs.stream().filter(WORLD::contains).toList();
        if (world.isEmpty()) {
            return;
        }
        String from = Hcl.text(body.get("from_port"));
        String to = Hcl.text(body.get("to_port"));
        boolean routerPublicPort = name.contains("router")
                && String.valueOf(ROUTER_PUBLIC_PORT).equals(from)
                && String.valueOf(ROUTER_PUBLIC_PORT).equals(to);
        if (!routerPublicPort) {
            violations.add(where + " opens port " + (Objects.equals(from, to) ? from : from + "-" + to) + " to "
                    + String.join(", ", world) + ": only the router's public port " + ROUTER_PUBLIC_PORT
                    + " may be open to the world; allow just the CIDRs or security group this link needs");
        }
    }

    /** MSK encrypts client traffic with TLS and authenticates clients with SASL/SCRAM only. */
    static List<String> kafkaUsesTlsAndScram(List<TfFile> files) {
        List<String> violations = new ArrayList<>();
        for (Block msk : Hcl.resources(files, "aws_msk_cluster")) {
            String clientBroker = Hcl.text(Hcl.at(msk.body(), "encryption_info.encryption_in_transit.client_broker"));
            if (!"TLS".equals(clientBroker)) {
                violations.add(
                        msk.where() + " has client_broker = " + clientBroker
                                + ": set encryption_info { encryption_in_transit { client_broker = \"TLS\" } } so change events never cross the network in clear");
            }
            Object inCluster = Hcl.at(msk.body(), "encryption_info.encryption_in_transit.in_cluster");
            if (Boolean.FALSE.equals(inCluster)) {
                violations.add(
                        msk.where() + " has in_cluster = false: remove it or set it to true (TLS between brokers)");
            }
            if (!Boolean.TRUE.equals(Hcl.at(msk.body(), "client_authentication.sasl.scram"))) {
                violations.add(msk.where()
                        + " does not enable SASL/SCRAM: set client_authentication { sasl { scram = true } }");
            }
            if (Boolean.TRUE.equals(Hcl.at(msk.body(), "client_authentication.unauthenticated"))) {
                violations.add(msk.where()
                        + " allows unauthenticated clients: set client_authentication { unauthenticated = false }");
            }
        }
        return violations;
    }

    /** Every variable is described; every variable named for regions or CIDRs is validated. */
    static List<String> variablesDescribedAndValidated(List<TfFile> files) {
        List<String> violations = new ArrayList<>();
        for (Block variable : Hcl.labelled(files, "variable")) {
            String description = Hcl.text(variable.body().get("description"));
            String where =
                    "variable \"" + variable.name() + "\" (" + variable.file().path() + ")";
            if (description == null || description.isBlank()) {
                violations.add(
                        where + " has no description: add description = \"what it is, its units and an example\"");
            }
            if (REGION_OR_CIDR_NAME.matcher(variable.name()).matches()
                    && Hcl.blocks(variable.body().get("validation")).isEmpty()) {
                violations.add(where + " names regions or CIDRs but has no validation block: add validation { condition"
                        + " = ... error_message = \"...\" } that rejects malformed values (e.g. can(cidrhost(c, 0)))");
            }
        }
        return violations;
    }

    static boolean sourceEndsWith(Block module, String suffix) {
        String source = Hcl.text(module.body().get("source"));
        return source != null && source.replace('\\', '/').endsWith(suffix);
    }
}
