#!/usr/bin/env bash
# Replication benchmark (bench/run replication): the orders workload of shared/bench/peers between
# two embedded regions, through Tandem and, in the same run, through PostgreSQL's native logical
# replication. Tunables as Java properties: -Drows=200000 -Dbatch=1000 -Drate=1000 -DlagSeconds=10
# Ends with one line: bench=replication rows_per_s=.. native_rows_per_s=.. ratio=.. lag_p50_ms=.. lag_p99_ms=..
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
JAR="$ROOT/bench/target/tandem-bench.jar"
if [[ ! -f "$JAR" || -n "$(find "$ROOT" -path "$ROOT/.git" -prune -o \( -name pom.xml -o -path '*/src/main/*' \) -newer "$JAR" -print -quit)" ]]; then
  echo "bench replication: building the benchmark jar..." >&2
  (cd "$ROOT" && mvn -q -B -DskipTests -pl bench -am package) >&2
fi
# C1 only by default: on a small shared machine, C2 compiling Debezium, Kafka and Jackson during a
# 200k-row catch-up took ~15 of ~46 CPU-seconds (a third of the JVM's CPU); with C1 compilation
# costs ~0.6 s and the pipeline threads use about the same CPU. Set BENCH_JIT_OPTS= to measure with C2.
exec java ${BENCH_JIT_OPTS--XX:TieredStopAtLevel=1} ${BENCH_JAVA_OPTS:-} "$@" -cp "$JAR" io.tandem.bench.replication.ReplicationBench
