package io.tandem.cli.config;

import java.util.List;
import java.util.Optional;

/** A set of settings that belong together (one file's worth), each defined once. */
public record SettingCatalog(String title, String description, List<Setting<?>> settings) {

    public SettingCatalog {
        settings = List.copyOf(settings);
        long distinct = settings.stream().map(Setting::key).distinct().count();
        if (distinct != settings.size()) {
            throw new IllegalArgumentException("catalog " + title + " defines a key twice");
        }
    }

    /** The setting a concrete key belongs to. */
    public Optional<Setting<?>> find(String concreteKey) {
        return settings.stream().filter(s -> s.matches(concreteKey)).findFirst();
    }

    /** The known key closest to a mistyped one, for "did you mean" hints. */
    public Optional<String> closest(String unknownKey) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (Setting<?> setting : settings) {
            int d = Levenshtein.distance(unknownKey, setting.key());
            if (d < bestDistance) {
                bestDistance = d;
                best = setting.key();
            }
        }
        return bestDistance <= Math.max(2, unknownKey.length() / 4) ? Optional.ofNullable(best) : Optional.empty();
    }
}
