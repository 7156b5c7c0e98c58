#!/usr/bin/env bash
# Issue 7's slowloris target: 1,000 slowloris sockets must not move legitimate p99 by more than
# 1 ms. Starts the benchmark stack (stubs of config/bench/stubs.yaml at 0 ms, the gateway on
# config/bench/scenarios.yaml with default limits: headerTimeout 10s), then alternates quiet and
# attacked open-loop runs on S2's endpoint and prints their latencies and the gateway's edge counters.
#   benchmarks/slowloris.sh [RATE] [SECONDS] [SOCKETS] [PAIRS]    defaults: 1000 30 1000 5 (~6 min)
# Everything runs on 127.0.0.1 and is killed when the script ends.
set -euo pipefail
cd "$(dirname "$0")/.."
RATE=${1:-1000}; SECONDS_PER_RUN=${2:-30}; SOCKETS=${3:-1000}; PAIRS=${4:-5}
mvn -B -q -Pquick package
mkdir -p benchmarks/target
java -XX:+UseZGC -Xms512m -Xmx512m -jar stub-services/target/mosaic-stubs.jar config/bench/stubs.yaml \
  > benchmarks/target/slowloris-stubs.log 2>&1 &
STUBS=$!
CONFIG=benchmarks/target/slowloris-gateway.yaml
sed 's/^server: { host: 127.0.0.1, port: 9380 }$/server: { host: 127.0.0.1, port: 9380, adminPort: 9391 }/' \
  config/bench/scenarios.yaml > "$CONFIG"
java -XX:+UseZGC -Xms512m -Xmx512m -jar gateway/target/mosaic.jar run "$CONFIG" \
  > benchmarks/target/slowloris-gateway.log 2>&1 &
GATEWAY=$!
trap 'kill $GATEWAY $STUBS 2>/dev/null; wait $GATEWAY $STUBS 2>/dev/null || true' EXIT
for _ in $(seq 1 150); do
  curl -sf -o /dev/null http://127.0.0.1:9380/s2/1 && break
  sleep 0.2
done
timeout --signal=TERM --kill-after=30 $(( (SECONDS_PER_RUN * 2 + 30) * PAIRS + 60 )) \
  java -XX:+UseZGC -cp benchmarks/target/mosaic-bench.jar dev.mosaic.bench.attack.SlowlorisRun \
  "http://127.0.0.1:9380/s2/{id}" "$RATE" "$SECONDS_PER_RUN" "$SOCKETS" "$PAIRS"
echo
echo "gateway edge counters:"
curl -s http://127.0.0.1:9391/metrics | grep -E '^mosaic_edge_' || true
