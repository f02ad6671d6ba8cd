package io.tandem.cli.check;

import io.tandem.replicator.reconcile.TableDigest;
import java.util.List;
import java.util.Map;

/**
 * One region's answer to a consistency check, stored under the request as {@code <region>}.
 *
 * @param region the region
 * @param computedAtMillis when its digests were taken, in epoch milliseconds
 * @param tables per replicated table, its digest in this region's database
 * @param problems what made the answer less than exact: a table that could not be read, or peers not yet
 *     applied up to the check's cut when the region stopped waiting (their changes may still be in flight)
 */
public record RegionDigests(
        String region, long computedAtMillis, Map<String, TableDigest> tables, List<String> problems) {

    public RegionDigests {
        tables = tables == null ? Map.of() : Map.copyOf(tables);
        problems = problems == null ? List.of() : List.copyOf(problems);
    }
}
