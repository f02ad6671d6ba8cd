package io.tandem.terraform;

import com.bertramlabs.plugins.hcl4j.HCLFunction;
import com.bertramlabs.plugins.hcl4j.HCLParser;
import com.bertramlabs.plugins.hcl4j.HCLParserException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Terraform files parsed with hcl4j. hcl4j evaluates expressions as it parses; variables and
 * resource attributes are unknown here, so function calls on them are evaluated leniently (a call
 * that throws yields {@code null}) and references come back as their dotted name
 * ({@code var.region_a.aws_region}). The rules only rely on block structure, literals and those names.
 */
final class Hcl {
    private Hcl() {}

    /** One parsed .tf file. */
    record TfFile(Path path, Map<String, Object> body) {
        Path dir() {
            return path.getParent();
        }
    }

    /** A block such as {@code resource "aws_msk_cluster" "this"}: its type, name and body. */
    record Block(TfFile file, String type, String name, Map<String, Object> body) {
        String address() {
            return type + "." + name;
        }

        String where() {
            return address() + " (" + file.path() + ")";
        }
    }

    static TfFile parse(Path file) {
        return parse(file, Map.of());
    }

    /** Parses with some Terraform functions replaced, e.g. to capture the arguments of templatefile(). */
    static TfFile parse(Path file, Map<String, HCLFunction> functions) {
        try {
            String text = Files.readString(file, StandardCharsets.UTF_8);
            LenientParser parser = new LenientParser();
            functions.forEach(parser::registerFunction);
            Map<String, Object> body = parser.parse(text, false);
            return new TfFile(file, body == null ? Map.of() : body);
        } catch (IOException | HCLParserException | RuntimeException e) {
            throw new AssertionError(
                    "hcl4j cannot parse " + file + ": " + e.getMessage() + " (check the file with `terraform fmt "
                            + file + "`)",
                    e);
        }
    }

    /** Every .tf file under {@code root}, skipping .terraform caches, build output and test sources. */
    static List<TfFile> parseTree(Path root) {
        return parseTree(root, Map.of());
    }

    static List<TfFile> parseTree(Path root, Map<String, HCLFunction> functions) {
        try (Stream<Path> paths = Files.walk(root)) {
            return paths.filter(p -> p.toString().endsWith(".tf"))
                    .filter(p -> {
                        Path rel = root.relativize(p);
                        for (Path part : rel) {
                            String s = part.toString();
                            if (s.equals(".terraform") || s.equals("target") || s.equals("src")) {
                                return false;
                            }
                        }
                        return true;
                    })
                    .sorted()
                    .map(p -> parse(p, functions))
                    .toList();
        } catch (IOException e) {
            throw new AssertionError("cannot list " + root + ": " + e.getMessage(), e);
        }
    }

    /** All {@code resource "<type>" "<name>"} blocks of the given type. */
    static List<Block> resources(List<TfFile> files, String type) {
        List<Block> out = new ArrayList<>();
        for (TfFile f : files) {
            Map<String, Object> byType = map(f.body().get("resource"));
            Map<String, Object> byName = map(byType.get(type));
            byName.forEach((name, body) -> blocks(body).forEach(b -> out.add(new Block(f, type, name, b))));
        }
        return out;
    }

    /** Top-level labelled blocks such as {@code module "x"} or {@code variable "x"}. */
    static List<Block> labelled(List<TfFile> files, String kind) {
        List<Block> out = new ArrayList<>();
        for (TfFile f : files) {
            map(f.body().get(kind))
                    .forEach((name, body) -> blocks(body).forEach(b -> out.add(new Block(f, kind, name, b))));
        }
        return out;
    }

    /** {@code provider "aws"} blocks (hcl4j gives one map, or a list when the provider is declared more than once). */
    static List<Map<String, Object>> providers(List<TfFile> files, String name) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (TfFile f : files) {
            out.addAll(blocks(map(f.body().get("provider")).get(name)));
        }
        return out;
    }

    /** A nested block appears as a map when it occurs once and as a list of maps when repeated. */
    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> blocks(Object value) {
        if (value instanceof Map<?, ?> m) {
            return List.of((Map<String, Object>) m);
        }
        if (value instanceof List<?> l) {
            List<Map<String, Object>> out = new ArrayList<>();
            for (Object o : l) {
                if (o instanceof Map<?, ?> m) {
                    out.add((Map<String, Object>) m);
                }
            }
            return out;
        }
        return List.of();
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object value) {
        return value instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    /** Follows a dotted path through nested blocks ({@code encryption_info.encryption_in_transit.client_broker}). */
    static Object at(Map<String, Object> body, String dottedPath) {
        Object current = body;
        for (String part : dottedPath.split("\\.")) {
            List<Map<String, Object>> level = blocks(current);
            if (level.isEmpty()) {
                return null;
            }
            current = level.get(0).get(part);
        }
        return current;
    }

    /** A literal as text (numbers without a trailing .0), a reference as its dotted name, or null. */
    static String text(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof Double d && d == Math.rint(d)) {
            return Long.toString(d.longValue());
        }
        return value.toString();
    }

    static List<String> texts(Object value) {
        List<String> out = new ArrayList<>();
        if (value instanceof List<?> l) {
            l.forEach(v -> out.add(text(v)));
        } else if (value != null) {
            out.add(text(value));
        }
        return out;
    }

    /**
     * Resolves {@code var.x.y} to the default of variable {@code x} in the same directory, following
     * {@code y} into an object default; literals resolve to themselves; anything else to null.
     */
    static Object resolve(Object value, List<TfFile> sameModule) {
        if (value == null
                || value instanceof Map
                || value instanceof List
                || value instanceof Number
                || value instanceof Boolean) {
            return value;
        }
        String s = value.toString();
        if (value instanceof String) {
            return s;
        }
        if (!s.startsWith("var.")) {
            return null;
        }
        String[] parts = s.substring(4).split("\\.");
        Object current = null;
        for (Block v : labelled(sameModule, "variable")) {
            if (v.name().equals(parts[0])) {
                current = v.body().get("default");
            }
        }
        for (int i = 1; i < parts.length && current != null; i++) {
            current = map(current).get(parts[i]);
        }
        return current;
    }

    /** Functions that return their arguments instead of a value, so rules can see what was passed. */
    static Map<String, HCLFunction> capturing(String... names) {
        Map<String, HCLFunction> out = new LinkedHashMap<>();
        for (String name : names) {
            out.put(name, args -> Map.of(name, new ArrayList<>(args)));
        }
        return out;
    }

    /** The arguments of a call captured by {@link #capturing}, or an empty list. */
    @SuppressWarnings("unchecked")
    static List<Object> captured(Object value, String function) {
        Object args = map(value).get(function);
        return args instanceof List<?> l ? (List<Object>) l : List.of();
    }

    /** hcl4j's parser with every function made lenient: unknown inputs give null instead of an exception. */
    private static final class LenientParser extends HCLParser {
        LenientParser() {
            Map<String, HCLFunction> lenient = new LinkedHashMap<>();
            functionRegistry.forEach((name, fn) -> lenient.put(name, args -> {
                try {
                    return fn.method(args);
                } catch (RuntimeException e) {
                    return null;
                }
            }));
            functionRegistry.putAll(lenient);
        }
    }
}
