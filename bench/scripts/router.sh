#!/usr/bin/env bash
# bench/run router [clients=16] [seconds=10] [warmupSeconds=3] [channels=4]
# Starts a region router on loopback with an in-memory routing map and drives N concurrent gRPC
# clients (blocking stubs) for a fixed time, alternating slices with an empty handler of the same
# service on the same transport as the baseline. Builds bench/target/tandem-bench.jar when missing
# or older than the sources. Ends with one line:
#   bench=router routes_per_s=N p99_ms=N baseline_per_s=N ratio=R    (ratio = routes_per_s / baseline_per_s)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
JAR="$ROOT/bench/target/tandem-bench.jar"

stale() {
  [[ ! -f "$JAR" ]] && return 0
  [[ -n "$(find "$ROOT/pom.xml" "$ROOT/bench" "$ROOT/region-router" "$ROOT/failover-controller" \
      \( -name pom.xml -o -path '*/src/main/*' \) -newer "$JAR" -print -quit)" ]]
}

if stale; then
  echo "bench router: building the benchmark jar..." >&2
  (cd "$ROOT" && mvn -q -B -DskipTests -pl bench -am package) >&2
fi

# WARN-only logging: ZooKeeper brings logback, whose default DEBUG output from gRPC's Netty would
# dominate the measurement.
OUT="$(mktemp -d)"
trap 'rm -rf "$OUT"' EXIT
cat > "$OUT/logback.xml" <<'XML'
<configuration>
  <appender name="ERR" class="ch.qos.logback.core.ConsoleAppender">
    <target>System.err</target>
    <encoder><pattern>%d{HH:mm:ss.SSS} %-5level [%thread] %logger{20} - %msg%n</pattern></encoder>
  </appender>
  <root level="WARN"><appender-ref ref="ERR"/></root>
</configuration>
XML
java -Dlogback.configurationFile="$OUT/logback.xml" -XX:+UseParallelGC -Xms256m -Xmx512m \
  -cp "$JAR" io.tandem.bench.router.RouterBench "$@"
