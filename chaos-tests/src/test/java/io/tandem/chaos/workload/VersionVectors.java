package io.tandem.chaos.workload;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;
import java.util.TreeMap;

/** Version vectors as the tables store them ({@code {"us-east": 3, ...}}) and their partial order. */
public final class VersionVectors {
    private static final ObjectMapper JSON = new ObjectMapper();

    private VersionVectors() {}

    public static Map<String, Long> parse(String json) {
        if (json == null || json.isBlank() || json.equals("null")) {
            return Map.of();
        }
        try {
            return new TreeMap<>(JSON.readValue(json, new TypeReference<Map<String, Long>>() {}));
        } catch (Exception e) {
            throw new IllegalArgumentException("not a version vector: " + json, e);
        }
    }

    /** Whether {@code a} has seen everything {@code b} has (a >= b element-wise). */
    public static boolean covers(Map<String, Long> a, Map<String, Long> b) {
        return b.entrySet().stream().allMatch(e -> a.getOrDefault(e.getKey(), 0L) >= e.getValue());
    }

    /** Whether {@code a} causally follows {@code b}: covers it and differs. */
    public static boolean dominates(Map<String, Long> a, Map<String, Long> b) {
        return covers(a, b) && !covers(b, a);
    }
}
