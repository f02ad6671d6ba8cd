package io.tandem.terraform;

import io.tandem.terraform.Hcl.Block;
import io.tandem.terraform.Hcl.TfFile;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A part of what {@code terraform validate} would check, done on the parsed HCL because validate
 * needs providers: module calls pass only declared variables and every required one; references to
 * {@code var.}, {@code local.}, {@code module.}, {@code data.} and resources name things that exist.
 * References inside string interpolations are not visible to hcl4j and are not checked.
 */
final class References {
    private References() {}

    /** Terraform functions used in the tree; parsed as "capture the arguments" so references inside stay visible. */
    static final String[] FUNCTIONS = {
        "length",
        "can",
        "regex",
        "merge",
        "cidrhost",
        "contains",
        "toset",
        "zipmap",
        "endswith",
        "distinct",
        "jsonencode",
        "cidrsubnet",
        "alltrue",
        "tonumber",
        "range",
        "values",
        "templatefile",
        "substr",
        "replace",
        "min",
        "format",
        "split",
        "slice",
        "join",
        "floor",
        "flatten",
        "concat"
    };

    private static final Set<String> META_ARGUMENTS =
            Set.of("source", "version", "providers", "count", "for_each", "depends_on");
    private static final List<String> RESOURCE_PREFIXES = List.of("aws_", "random_", "local_");

    static List<TfFile> parse(Path dir) {
        return Hcl.parseTree(dir, Hcl.capturing(FUNCTIONS)).stream()
                .filter(f -> f.dir().equals(dir))
                .toList();
    }

    /** Every module call in {@code dir} matches the called module's variables. */
    static List<String> moduleCallsMatchInterfaces(Path dir) {
        List<String> violations = new ArrayList<>();
        for (Block call : Hcl.labelled(parse(dir), "module")) {
            String source = Hcl.text(call.body().get("source"));
            Path moduleDir = dir.resolve(source).normalize();
            List<Block> variables = Hcl.labelled(parse(moduleDir), "variable");
            Set<String> declared = new TreeSet<>();
            variables.forEach(v -> declared.add(v.name()));
            for (String argument : call.body().keySet()) {
                if (!META_ARGUMENTS.contains(argument) && !declared.contains(argument)) {
                    violations.add("module." + call.name() + " passes \"" + argument + "\", which " + source
                            + " does not declare (it has " + declared + "): fix the name or add the variable");
                }
            }
            for (Block v : variables) {
                if (!v.body().containsKey("default") && !call.body().containsKey(v.name())) {
                    violations.add("module." + call.name() + " does not pass \"" + v.name() + "\", which " + source
                            + " requires (no default): pass it");
                }
            }
        }
        return violations;
    }

    /** Every reference in {@code dir}'s files names a declared variable, local, module output, data source or resource. */
    static List<String> referencesResolve(Path dir) {
        List<TfFile> files = parse(dir);
        Set<String> variables = names(Hcl.labelled(files, "variable"));
        Set<String> locals = new HashSet<>();
        files.forEach(f -> Hcl.blocks(f.body().get("locals")).forEach(l -> locals.addAll(l.keySet())));
        Set<String> resources = new HashSet<>();
        Set<String> data = new HashSet<>();
        for (TfFile f : files) {
            Hcl.map(f.body().get("resource"))
                    .forEach((type, byName) -> Hcl.map(byName).keySet().forEach(n -> resources.add(type + "." + n)));
            Hcl.map(f.body().get("data"))
                    .forEach((type, byName) -> Hcl.map(byName).keySet().forEach(n -> data.add(type + "." + n)));
        }
        Map<String, Set<String>> moduleOutputs = new java.util.HashMap<>();
        for (Block call : Hcl.labelled(files, "module")) {
            Path moduleDir = dir.resolve(Hcl.text(call.body().get("source"))).normalize();
            moduleOutputs.put(call.name(), names(Hcl.labelled(parse(moduleDir), "output")));
        }

        List<String> violations = new ArrayList<>();
        for (TfFile f : files) {
            Set<String> seen = new TreeSet<>();
            collect(f.body(), seen);
            for (String ref : seen) {
                String[] p = ref.split("\\.");
                String problem = null;
                if (p[0].equals("var") && p.length > 1 && !variables.contains(p[1])) {
                    problem = "variable \"" + p[1] + "\" is not declared in " + dir.getFileName();
                } else if (p[0].equals("local") && p.length > 1 && !locals.contains(p[1])) {
                    problem = "local \"" + p[1] + "\" is not defined in " + dir.getFileName();
                } else if (p[0].equals("module") && p.length > 2) {
                    Set<String> outputs = moduleOutputs.get(p[1]);
                    if (outputs == null) {
                        problem = "there is no module \"" + p[1] + "\"";
                    } else if (!outputs.contains(p[2])) {
                        problem = "module \"" + p[1] + "\" has no output \"" + p[2] + "\" (it has "
                                + new TreeSet<>(outputs) + ")";
                    }
                } else if (p[0].equals("data") && p.length > 2 && !data.contains(p[1] + "." + p[2])) {
                    problem = "data source " + p[1] + "." + p[2] + " is not declared";
                } else if (RESOURCE_PREFIXES.stream().anyMatch(p[0]::startsWith)
                        && p.length > 1
                        && !resources.contains(p[0] + "." + p[1])) {
                    problem = "resource " + p[0] + "." + p[1] + " is not declared";
                }
                if (problem != null) {
                    violations.add(f.path() + " refers to " + ref + ", but " + problem);
                }
            }
        }
        return violations;
    }

    private static Set<String> names(List<Block> blocks) {
        Set<String> out = new HashSet<>();
        blocks.forEach(b -> out.add(b.name()));
        return out;
    }

    /** Collects the dotted names of every reference (hcl4j's VariableTree) in a parsed value. */
    private static void collect(Object value, Set<String> out) {
        if (value instanceof Map<?, ?> map) {
            map.values().forEach(v -> collect(v, out));
        } else if (value instanceof List<?> list) {
            list.forEach(v -> collect(v, out));
        } else if (value != null && value.getClass().getSimpleName().equals("VariableTree")) {
            out.add(value.toString());
        }
    }
}
