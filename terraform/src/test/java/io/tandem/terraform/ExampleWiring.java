package io.tandem.terraform;

import io.tandem.terraform.Hcl.Block;
import io.tandem.terraform.Hcl.TfFile;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/** The three-region example's slot wiring, checked on the parsed HCL (see {@link #check}). */
final class ExampleWiring {
    private ExampleWiring() {}

    /**
     * The example's fixed slots are wired consistently: region_<s> and zookeeper_<s> use provider
     * aws.<s>, each region peers with every other region (and not itself), every pair of slots has a
     * VPC peering, and the global router has a record for every region. Parse with
     * {@code Hcl.capturing("zipmap")} so the peers' keys are visible.
     */
    static List<String> check(List<TfFile> root) {
        List<String> violations = new ArrayList<>();
        List<String> slots = Hcl.providers(root, "aws").stream()
                .map(p -> Hcl.text(p.get("alias")))
                .filter(Objects::nonNull)
                .sorted()
                .toList();
        List<Block> modules = Hcl.labelled(root, "module");
        List<Block> regions = modules.stream()
                .filter(m -> HclRules.sourceEndsWith(m, "modules/region"))
                .toList();
        if (regions.size() != slots.size()) {
            violations.add("the root has " + slots.size() + " provider slots " + slots + " but " + regions.size()
                    + " region modules: declare one module \"region_<slot>\" per provider alias");
        }
        for (Block region : regions) {
            String slot =
                    region.name().startsWith("region_") ? region.name().substring("region_".length()) : region.name();
            expectProvider(region, slot, violations);
            List<Object> zipmap = Hcl.captured(region.body().get("peers"), "zipmap");
            List<String> peerSlots = zipmap.isEmpty() ? List.of() : slotsOf(zipmap.get(0));
            List<String> others = slots.stream().filter(s -> !s.equals(slot)).toList();
            if (!peerSlots.stream().sorted().toList().equals(others)) {
                violations.add(
                        "module." + region.name() + " peers with slots " + peerSlots + ": it must consume every other"
                                + " region and not itself, i.e. peers = zipmap([local.names.<s>...], [local.peer.<s>...]) for "
                                + others);
            }
            List<String> peerValues = zipmap.size() < 2 ? List.of() : slotsOf(zipmap.get(1));
            if (!peerValues.equals(peerSlots)) {
                violations.add("module." + region.name() + " pairs peer names " + peerSlots + " with peer values "
                        + peerValues + ": list local.peer.<s> in the same order as local.names.<s>");
            }
        }
        for (Block zk : modules.stream()
                .filter(m -> HclRules.sourceEndsWith(m, HclRules.ZOOKEEPER_MODULE))
                .toList()) {
            String slot = zk.name().startsWith("zookeeper_") ? zk.name().substring("zookeeper_".length()) : zk.name();
            expectProvider(zk, slot, violations);
        }
        Set<String> peered = new TreeSet<>();
        for (Block peering : modules.stream()
                .filter(m -> HclRules.sourceEndsWith(m, "modules/peering"))
                .toList()) {
            Map<String, Object> providers = Hcl.map(peering.body().get("providers"));
            Object requester = providers.containsKey("aws.requester")
                    ? providers.get("aws.requester")
                    : Hcl.map(providers.get("aws")).get("requester");
            Object accepter = providers.containsKey("aws.accepter")
                    ? providers.get("aws.accepter")
                    : Hcl.map(providers.get("aws")).get("accepter");
            List<String> pair =
                    new ArrayList<>(List.of(lastSegment(Hcl.text(requester)), lastSegment(Hcl.text(accepter))));
            pair.sort(null);
            peered.add(pair.get(0) + "-" + pair.get(1));
        }
        for (int i = 0; i < slots.size(); i++) {
            for (int j = i + 1; j < slots.size(); j++) {
                String pair = slots.get(i) + "-" + slots.get(j);
                if (!peered.contains(pair)) {
                    violations.add("no VPC peering between aws." + slots.get(i) + " and aws." + slots.get(j)
                            + ": add module \"peering_" + slots.get(i) + slots.get(j)
                            + "\" (source modules/peering) so their"
                            + " daemons can reach each other's Kafka and ZooKeeper");
                }
            }
        }
        for (Block global : modules.stream()
                .filter(m -> HclRules.sourceEndsWith(m, "modules/global-router"))
                .toList()) {
            int records = Hcl.texts(Hcl.captured(global.body().get("regions"), "zipmap").stream()
                            .findFirst()
                            .orElse(null))
                    .size();
            if (records != regions.size()) {
                violations.add("module." + global.name() + " has " + records + " region(s) but the root has "
                        + regions.size() + ": give every region's router a latency record");
            }
        }
        return violations;
    }

    private static void expectProvider(Block module, String slot, List<String> violations) {
        String provider = Hcl.text(Hcl.map(module.body().get("providers")).get("aws"));
        if (!("aws." + slot).equals(provider)) {
            violations.add("module." + module.name() + " uses provider " + provider
                    + ": by its name it belongs to slot " + slot + ", so pass providers = { aws = aws." + slot + " }");
        }
    }

    private static final Pattern SLOT_REFERENCE =
            Pattern.compile("(?:local\\.(?:names|peer)\\.|var\\.region_|module\\.region_)([a-z0-9]+)\\b.*");

    /**
     * The slots a list of peer names or values refers to. hcl4j resolves locals of the same file, so
     * {@code local.names.b} may arrive as {@code var.region_b.name} and {@code local.peer.b} as the
     * object whose kafka_bootstrap is {@code module.region_b.kafka_bootstrap}.
     */
    private static List<String> slotsOf(Object list) {
        List<String> out = new ArrayList<>();
        if (list instanceof List<?> items) {
            for (Object item : items) {
                Object ref = item instanceof Map<?, ?> m ? m.get("kafka_bootstrap") : item;
                var matcher = SLOT_REFERENCE.matcher(String.valueOf(Hcl.text(ref)));
                out.add(matcher.matches() ? matcher.group(1) : "?(" + Hcl.text(ref) + ")");
            }
        }
        return out;
    }

    private static String lastSegment(String reference) {
        return reference == null ? "?" : reference.substring(reference.lastIndexOf('.') + 1);
    }
}
