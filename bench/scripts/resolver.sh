#!/usr/bin/env bash
# JMH microbenchmarks of the conflict resolver (bench/run resolver [extra JMH args]).
# Builds bench/target/tandem-bench.jar when missing or older than the sources, runs four
# benchmarks in one fork (about 60 s), and ends with one line:
#   bench=resolver compare_per_s=N resolve_lww_per_s=N resolve_merge_per_s=N baseline_per_s=N ratio=R
# where baseline is copying a HashMap of the row's size (8 entries) and
# ratio = resolve_lww_per_s / baseline_per_s (how a concurrent LWW resolution compares to one map copy).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
JAR="$ROOT/bench/target/tandem-bench.jar"

stale() {
  [[ ! -f "$JAR" ]] && return 0
  [[ -n "$(find "$ROOT/pom.xml" "$ROOT/bench" "$ROOT/conflict-resolver" \
      \( -name pom.xml -o -path '*/src/main/*' \) -newer "$JAR" -print -quit)" ]]
}

if stale; then
  echo "bench resolver: building the benchmark jar..." >&2
  (cd "$ROOT" && mvn -q -B -DskipTests -pl bench -am package) >&2
fi

OUT="$(mktemp -d)"
trap 'rm -rf "$OUT"' EXIT
java -jar "$JAR" 'io\.tandem\.bench\.ResolverBenchmark\.' \
  -f 1 -wi 2 -i 3 -w 2s -r 2s -rf json -rff "$OUT/result.json" "$@" >&2

python3 - "$OUT/result.json" <<'PY'
import json, sys
scores = {r["benchmark"].rsplit(".", 1)[1]: r["primaryMetric"]["score"] for r in json.load(open(sys.argv[1]))}
missing = {"compare", "resolveLww", "resolveMerge", "baselineHashMapCopy"} - scores.keys()
if missing:
    sys.exit("bench resolver: no result for " + ", ".join(sorted(missing)))
print("bench=resolver compare_per_s=%d resolve_lww_per_s=%d resolve_merge_per_s=%d baseline_per_s=%d ratio=%.4f" % (
    scores["compare"], scores["resolveLww"], scores["resolveMerge"], scores["baselineHashMapCopy"],
    scores["resolveLww"] / scores["baselineHashMapCopy"]))
PY
