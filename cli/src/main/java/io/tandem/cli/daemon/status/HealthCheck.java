package io.tandem.cli.daemon.status;

import java.util.List;

/**
 * The daemon's own health for {@code /healthz}: healthy, or the list of reasons it is not.
 *
 * @param problems empty when healthy; otherwise one sentence per problem, e.g. "apply from eu-west stopped:
 *     connection refused"
 */
public record HealthCheck(List<String> problems) {
    public HealthCheck {
        problems = List.copyOf(problems);
    }

    public static HealthCheck healthy() {
        return new HealthCheck(List.of());
    }

    public boolean isHealthy() {
        return problems.isEmpty();
    }
}
