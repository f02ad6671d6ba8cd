#!/usr/bin/env bash
# bench/run failover [-Dwarmup=2] [-Dswitchovers=10] [-Dfailovers=10] [-DsessionMs=1500] [-DabsentForMs=2000] [-DwriteMicros=2000]
# Two regions (each: embedded PostgreSQL, RegionParticipant, Controller) on a three-server embedded
# ZooKeeper ensemble, a steady writer in each region. Repeats planned switchovers (write pause: last
# write the old owner acknowledged -> first the new owner acknowledged; RPO rows) and unplanned
# failovers (the owner's ZooKeeper links frozen by a loopback proxy; cut -> first write acknowledged
# by the new owner); the warm-up switchovers are not counted. Builds bench/target/tandem-bench.jar when missing or older than the sources.
# About 2 minutes. Ends with one line:
#   bench=failover failover_p50_ms=.. failover_p99_ms=.. switchover_pause_p50_ms=.. switchover_pause_p99_ms=.. rpo_rows=.. failover_rpo_rows=.. loss_to_write_p50_ms=.. loss_to_write_p99_ms=..
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
JAR="$ROOT/bench/target/tandem-bench.jar"

stale() {
  [[ ! -f "$JAR" ]] && return 0
  [[ -n "$(find "$ROOT/pom.xml" "$ROOT/bench" "$ROOT/failover-controller" "$ROOT/embedded" \
      \( -name pom.xml -o -path '*/src/main/*' \) -newer "$JAR" -print -quit)" ]]
}

if stale; then
  echo "bench failover: building the benchmark jar..." >&2
  (cd "$ROOT" && mvn -q -B -DskipTests -pl bench -am package) >&2
fi

# ZooKeeper and Curator log every cut link at WARN: keep their errors only.
OUT="$(mktemp -d)"
trap 'rm -rf "$OUT"' EXIT
cat > "$OUT/logback.xml" <<'XML'
<configuration>
  <appender name="ERR" class="ch.qos.logback.core.ConsoleAppender">
    <target>System.err</target>
    <encoder><pattern>%d{HH:mm:ss.SSS} %-5level [%thread] %logger{20} - %msg%n</pattern></encoder>
  </appender>
  <logger name="org.apache.zookeeper" level="ERROR"/>
  <logger name="org.apache.curator" level="ERROR"/>
  <logger name="org.netcrusher" level="ERROR"/>
  <logger name="io.zonky" level="ERROR"/>
  <logger name="io.tandem.controller" level="ERROR"/>
  <root level="WARN"><appender-ref ref="ERR"/></root>
</configuration>
XML
java -Dlogback.configurationFile="$OUT/logback.xml" -Xms256m -Xmx768m "$@" \
  -cp "$JAR" io.tandem.bench.failover.FailoverBench
