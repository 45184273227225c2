#!/usr/bin/env bash
# Vigil's whole-process overhead against the bare Kafka clients (the floor), and its e2e latency against
# Kafka's EndToEndLatency, on a 3-broker sandbox in its own JVM. See bench/README.md ("Overhead").
#   bench/run-overhead.sh [--quick] [--jfr] [--workloads 6x10,1000x1,10000x1:rf1] [--warmup 60]
#                         [--measure 120] [--reps 3] [--xmx 512m] [--sandbox-xmx 4g] [--e2e-records 10000]
#                         [--variants no-offset-commit,no-connection-check,controller-probe,commit-every-probe]
#                         [--out DIR]
# Builds first (offline; set VIGIL_BENCH_BUILD=0 to skip). Results: DIR/summary.md, DIR/runs.csv, logs.
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
cd "$repo"
if [ "${VIGIL_BENCH_BUILD:-1}" != 0 ]; then
  mvn -B -q -o -pl bench -am package -DskipTests
fi
# Kafka's brokers keep one file open per partition replica; ask for the hard limit.
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
exec java -Xmx1g -cp "bench/target/test-classes:$(cat bench/target/test-classpath.txt)" \
  dev.vigil.bench.overhead.OverheadBenchmark "$@"
