package io.tandem.cli.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Reads a YAML file into a validated {@link Config}: nested maps become dotted keys, environment
 * variables ({@link Setting#environmentVariable()}) override file values, defaults fill the rest.
 * Every problem is collected and reported at once, each naming its key.
 */
public final class ConfigLoader {
    private final SettingCatalog catalog;
    private final Function<String, String> environment;
    private final ObjectMapper yaml = new ObjectMapper(new YAMLFactory());

    public ConfigLoader(SettingCatalog catalog, Function<String, String> environment) {
        this.catalog = catalog;
        this.environment = environment;
    }

    public Config load(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new ConfigException(List.of(
                    new ConfigException.Problem("(file)", file.toString(), "no such file; pass --config PATH")));
        } catch (IOException e) {
            throw new ConfigException(
                    List.of(new ConfigException.Problem("(file)", file.toString(), "cannot read: " + e.getMessage())));
        }
        return parse(text, file.toString());
    }

    public Config parse(String yamlText, String source) {
        Map<String, Object> flat = new LinkedHashMap<>();
        List<ConfigException.Problem> problems = new ArrayList<>();
        try {
            Object tree = yaml.readValue(yamlText.isBlank() ? "{}" : yamlText, Object.class);
            if (tree != null && !(tree instanceof Map)) {
                throw new ConfigException(List.of(new ConfigException.Problem(
                        "(file)", source, "expected a YAML mapping of settings at the top level")));
            }
            flatten("", tree == null ? Map.of() : (Map<?, ?>) tree, flat);
        } catch (JsonProcessingException e) {
            String where =
                    e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr();
            throw new ConfigException(List.of(new ConfigException.Problem(
                    "(file)", source, "not valid YAML" + where + ": " + e.getOriginalMessage())));
        }

        Map<String, Object> values = new HashMap<>();
        Map<String, Map<String, Object>> families = new HashMap<>();
        for (Map.Entry<String, Object> entry : flat.entrySet()) {
            var setting = catalog.find(entry.getKey());
            if (setting.isEmpty()) {
                String hint = catalog.closest(entry.getKey())
                        .map(k -> "; did you mean '" + k + "'?")
                        .orElse("; see docs/configuration.md for the known settings");
                problems.add(new ConfigException.Problem(entry.getKey(), source, "unknown setting" + hint));
                continue;
            }
            accept(setting.get(), entry.getKey(), entry.getValue(), source, values, families, problems);
        }
        for (Setting<?> setting : catalog.settings()) {
            if (setting.isFamily()) {
                continue;
            }
            String fromEnv = environment.apply(setting.environmentVariable());
            if (fromEnv != null) {
                accept(setting, setting.key(), fromEnv, setting.environmentVariable(), values, families, problems);
            } else if (!values.containsKey(setting.key())) {
                if (setting.defaultValue().isPresent()) {
                    values.put(setting.key(), setting.defaultValue().get());
                } else {
                    problems.add(new ConfigException.Problem(
                            setting.key(),
                            source,
                            "required setting is missing; expected "
                                    + setting.type().form() + " (or set " + setting.environmentVariable() + ")"));
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        return new Config(values, families);
    }

    private static void accept(
            Setting<?> setting,
            String concreteKey,
            Object raw,
            String source,
            Map<String, Object> values,
            Map<String, Map<String, Object>> families,
            List<ConfigException.Problem> problems) {
        if (raw == null) {
            problems.add(new ConfigException.Problem(
                    concreteKey,
                    source,
                    "has no value; expected " + setting.type().form()));
            return;
        }
        try {
            Object value = setting.parse(raw, source);
            if (setting.isFamily()) {
                families.computeIfAbsent(setting.key(), k -> new HashMap<>())
                        .put(setting.memberName(concreteKey), value);
            } else {
                values.put(setting.key(), value);
            }
        } catch (ConfigException.Problem p) {
            problems.add(new ConfigException.Problem(concreteKey, source, p.reason()));
        }
    }

    private static void flatten(String prefix, Map<?, ?> map, Map<String, Object> out) {
        for (Map.Entry<?, ?> e : map.entrySet()) {
            String key = prefix.isEmpty() ? String.valueOf(e.getKey()) : prefix + "." + e.getKey();
            if (e.getValue() instanceof Map<?, ?> nested) {
                flatten(key, nested, out);
            } else {
                out.put(key, e.getValue());
            }
        }
    }
}
