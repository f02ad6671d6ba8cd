package io.tandem.cli.cluster;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.tandem.cli.config.ConfigException;
import io.tandem.cli.config.ConfigException.Problem;
import io.tandem.replicator.config.PolicyMapping;
import io.tandem.replicator.config.TableMode;
import io.tandem.replicator.config.TableSpec;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Reads a cluster configuration from YAML (or JSON, which is YAML) and writes it as JSON. Every
 * problem is reported at once, each naming its place in the document (e.g. {@code tables[1].policy}).
 *
 * <pre>
 * regions: [us-east, eu-west, ap-south]
 * shards: 12
 * groups:
 *   - {name: orders-a, owner: us-east}
 *   - {name: orders-b, owner: eu-west}
 * tables:
 *   - {name: public.orders, key: [id], mode: owned, shard-key: customer_id, policy: lww}
 *   - {name: public.carts, key: [id], mode: multi-writer, policy: lww, counters: [items]}
 * </pre>
 */
public final class ClusterConfigCodec {
    private static final Set<String> TOP = Set.of("regions", "shards", "groups", "tables");
    private static final Set<String> TABLE_FIELDS = Set.of("name", "key", "mode", "policy", "counters", "shard-key");
    private static final Set<String> GROUP_FIELDS = Set.of("name", "owner");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final ObjectMapper JSON = new ObjectMapper();

    private ClusterConfigCodec() {}

    /**
     * @param source where the text came from, named in every problem (a file name or a ZooKeeper path)
     * @throws ConfigException listing every problem found
     */
    public static ClusterConfig parse(String text, String source) {
        JsonNode root;
        try {
            root = YAML.readTree(text == null || text.isBlank() ? "{}" : text);
        } catch (JsonProcessingException e) {
            String where =
                    e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr();
            throw new ConfigException(List.of(new Problem(
                    "(document)", source, "not valid YAML or JSON" + where + ": " + e.getOriginalMessage())));
        }
        List<Problem> problems = new ArrayList<>();
        if (root == null || !root.isObject()) {
            throw new ConfigException(List.of(
                    new Problem("(document)", source, "expected a mapping with regions, shards, groups and tables")));
        }
        unknownFields(root, "", TOP, source, problems);
        List<String> regions = names(root.get("regions"), "regions", source, problems);
        int shards = 1;
        JsonNode shardsNode = root.get("shards");
        if (shardsNode != null && !shardsNode.canConvertToInt()) {
            problems.add(new Problem("shards", source, "expected a whole number, got '" + shardsNode.asText() + "'"));
        } else if (shardsNode != null) {
            shards = shardsNode.asInt();
        }
        List<GroupSpec> groups = groups(root.get("groups"), source, problems);
        List<TableSpec> tables = tables(root.get("tables"), source, problems);
        if (problems.isEmpty()) {
            try {
                return new ClusterConfig(regions, tables, shards, groups);
            } catch (IllegalArgumentException e) {
                problems.add(new Problem("(document)", source, e.getMessage()));
            }
        }
        throw new ConfigException(problems);
    }

    /** The canonical JSON form stored in ZooKeeper. */
    public static String toJson(ClusterConfig config) {
        ObjectNode root = JSON.createObjectNode();
        ArrayNode regions = root.putArray("regions");
        config.regions().forEach(regions::add);
        root.put("shards", config.shards());
        ArrayNode groups = root.putArray("groups");
        config.groups().forEach(g -> groups.addObject().put("name", g.name()).put("owner", g.initialOwner()));
        ArrayNode tables = root.putArray("tables");
        for (TableSpec t : config.tables()) {
            ObjectNode n = tables.addObject();
            n.put("name", t.name());
            ArrayNode key = n.putArray("key");
            t.primaryKey().forEach(key::add);
            n.put("mode", t.mode().configName());
            n.put("policy", t.policy());
            if (!t.counterColumns().isEmpty()) {
                ArrayNode counters = n.putArray("counters");
                t.counterColumns().stream().sorted().forEach(counters::add);
            }
            t.shardKey().ifPresent(k -> n.put("shard-key", k));
        }
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the cluster configuration as JSON", e);
        }
    }

    private static List<GroupSpec> groups(JsonNode node, String source, List<Problem> problems) {
        List<GroupSpec> groups = new ArrayList<>();
        if (node == null || node.isNull()) {
            return groups;
        }
        if (!node.isArray()) {
            problems.add(new Problem("groups", source, "expected a list of {name, owner}"));
            return groups;
        }
        for (int i = 0; i < node.size(); i++) {
            String at = "groups[" + i + "]";
            JsonNode g = node.get(i);
            if (!g.isObject()) {
                problems.add(new Problem(at, source, "expected {name, owner}"));
                continue;
            }
            unknownFields(g, at + ".", GROUP_FIELDS, source, problems);
            try {
                groups.add(new GroupSpec(text(g, "name"), text(g, "owner")));
            } catch (IllegalArgumentException e) {
                problems.add(new Problem(at, source, e.getMessage()));
            }
        }
        return groups;
    }

    private static List<TableSpec> tables(JsonNode node, String source, List<Problem> problems) {
        List<TableSpec> tables = new ArrayList<>();
        if (node == null || !node.isArray()) {
            problems.add(new Problem("tables", source, "expected a list of tables {name, key, mode, policy}"));
            return tables;
        }
        for (int i = 0; i < node.size(); i++) {
            String at = "tables[" + i + "]";
            JsonNode t = node.get(i);
            if (!t.isObject()) {
                problems.add(new Problem(at, source, "expected {name, key, mode, policy, counters, shard-key}"));
                continue;
            }
            unknownFields(t, at + ".", TABLE_FIELDS, source, problems);
            try {
                TableMode mode =
                        TableMode.parse(Optional.ofNullable(text(t, "mode")).orElse("multi-writer"));
                TableSpec spec = new TableSpec(
                        text(t, "name"),
                        names(t.get("key"), at + ".key", source, problems),
                        mode,
                        text(t, "policy"),
                        new LinkedHashSet<>(names(t.get("counters"), at + ".counters", source, problems)),
                        Optional.ofNullable(text(t, "shard-key")));
                PolicyMapping.of(spec); // refuses an unknown policy now, not in every daemon later
                tables.add(spec);
            } catch (IllegalArgumentException e) {
                problems.add(new Problem(at, source, e.getMessage()));
            }
        }
        return tables;
    }

    private static List<String> names(JsonNode node, String at, String source, List<Problem> problems) {
        List<String> out = new ArrayList<>();
        if (node == null || node.isNull()) {
            return out;
        }
        if (!node.isArray()) {
            problems.add(new Problem(at, source, "expected a list, e.g. [a, b]"));
            return out;
        }
        node.forEach(n -> out.add(n.asText()));
        return out;
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    private static void unknownFields(
            JsonNode node, String prefix, Set<String> known, String source, List<Problem> problems) {
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (!known.contains(name)) {
                problems.add(new Problem(
                        prefix + name,
                        source,
                        "unknown field; expected one of "
                                + known.stream().sorted().toList()));
            }
        }
    }
}
