#!/usr/bin/env bash
# bench/run router [clients=16] [seconds=10] [warmupSeconds=3] [channels=4]
# Starts a region router on loopback with an in-memory routing map, drives N concurrent gRPC
# clients for a fixed time, then an empty handler of the same service on the same transport as the
# baseline. Last line: bench=router routes_per_s=.. p99_ms=.. baseline_per_s=.. ratio=..
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
mvn -B -q install -pl region-router -am -DskipTests >&2
CP_FILE="$ROOT/region-router/target/bench.classpath"
mvn -B -q -pl region-router dependency:build-classpath -Dmdep.includeScope=runtime -Dmdep.outputFile="$CP_FILE" >&2
exec java -Dlogback.configurationFile="$ROOT/bench/scripts/logback-bench.xml" -XX:+UseParallelGC -Xms256m -Xmx512m -cp "region-router/target/classes:$(cat "$CP_FILE")" \
  io.tandem.router.bench.RouterBench "$@"
