#!/usr/bin/env bash
# bench/run router [key=value ...]   keys (defaults): channels=4 inflight=64 seconds=10 warmup=15
#   rate=50000 low_rate=10000 batch=100 batch_inflight=4 slices=5 client_threads=1
# Starts a region router on loopback with an in-memory routing map, and next to it the empty handler
# of the same gRPC service built with the same transport and settings, in one JVM
# (io.tandem.bench.router.RouterBenchServer); then drives both from a load generator in its own JVM
# (io.tandem.bench.router.RouterLoad): async stubs, a bounded number of calls in flight, slices
# alternating between router and baseline. Stops the server JVM by its pid. Builds
# bench/target/tandem-bench.jar when missing or older than the sources. Ends with one line:
#   bench=router routes_per_s=N p99_ms=N baseline_per_s=N ratio=R p99_at_per_s=N ...
# where routes_per_s/baseline_per_s are at saturation (`inflight` calls in flight), ratio their
# quotient, and p99_ms is the router's p99 at a fixed rate of p99_at_per_s calls/s (open loop; by default
# the issue's 50k routes/s), low_rate_p99_ms the same at the moderate rate low_rate_per_s.
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

OUT="$(mktemp -d)"
SERVER_PID=""
cleanup() {
  if [[ -n "$SERVER_PID" ]] && kill -0 "$SERVER_PID" 2>/dev/null; then
    kill "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
  fi
  rm -rf "$OUT"
}
trap cleanup EXIT

# WARN-only logging: ZooKeeper brings logback, whose default DEBUG output from gRPC's Netty would
# dominate the measurement.
cat > "$OUT/logback.xml" <<'XML'
<configuration>
  <appender name="ERR" class="ch.qos.logback.core.ConsoleAppender">
    <target>System.err</target>
    <encoder><pattern>%d{HH:mm:ss.SSS} %-5level [%thread] %logger{20} - %msg%n</pattern></encoder>
  </appender>
  <root level="WARN"><appender-ref ref="ERR"/></root>
</configuration>
XML
# Serial GC with a large young generation: both JVMs keep a few MB live and allocate ~100-400 MB/s, so a
# young collection copies little; one GC thread does not fight the application's threads for the 2 cores
# the way parallel GC workers do. 3.5 GB of young generation: a collection every ~10 s at 50,000 calls/s
# instead of every ~1.5 s, so one rarely lands in a backlog, where the calls in flight are live data that
# the collection copies, which makes the backlog longer (the collapse seen with 768 MB; see router.md).
# ROUTER_HEAP_OPTS replaces the sizes.
JAVA_OPTS=(-Dlogback.configurationFile="$OUT/logback.xml" -XX:+UseSerialGC ${ROUTER_HEAP_OPTS:--Xms4g -Xmx4g -Xmn3584m} -XX:+AlwaysPreTouch)

java "${JAVA_OPTS[@]}" ${ROUTER_SERVER_JAVA_OPTS:-} -cp "$JAR" io.tandem.bench.router.RouterBenchServer "$OUT/ports" &
SERVER_PID=$!
for _ in $(seq 1 300); do
  [[ -f "$OUT/ports" ]] && break
  kill -0 "$SERVER_PID" 2>/dev/null || { echo "bench router: the server JVM exited before listening" >&2; exit 1; }
  sleep 0.1
done
[[ -f "$OUT/ports" ]] || { echo "bench router: the server JVM did not listen within 30 s" >&2; exit 1; }

java "${JAVA_OPTS[@]}" ${ROUTER_LOAD_JAVA_OPTS:-} -cp "$JAR" io.tandem.bench.router.RouterLoad "$OUT/ports" "$@"
