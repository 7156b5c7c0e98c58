#!/usr/bin/env bash
# Latency probe for the core (issue 2): the 3-way fan-out through the gateway vs. each of its three
# services called directly, stubs answering at once, open-loop at a moderate rate.
# Usage: benchmarks/probe.sh [RATE] [SECONDS]     (defaults 500 req/s for 20 s, after 15 s of warm-up)
set -euo pipefail
cd "$(dirname "$0")/.."
RATE=${1:-500}
SECONDS_=${2:-20}
mvn -B -q -Pquick package
mvn -B -q -pl benchmarks dependency:build-classpath -Dmdep.outputFile="$PWD/benchmarks/target/cp.txt"
CP="benchmarks/target/classes:$(cat benchmarks/target/cp.txt)"
java -jar stub-services/target/mosaic-stubs.jar --no-latency > benchmarks/target/stubs.log 2>&1 &
STUBS=$!
java -jar gateway/target/mosaic.jar run config/bench/fanout3.yaml > benchmarks/target/gateway.log 2>&1 &
GATEWAY=$!
trap 'kill $STUBS $GATEWAY 2>/dev/null || true' EXIT
for i in $(seq 1 100); do
  curl -sf -o /dev/null http://127.0.0.1:8080/fanout/1 && break
  sleep 0.2
done
echo "# $(date -u +%Y-%m-%dT%H:%MZ) $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(java -version 2>&1 | head -1)"
probe() { java -cp "$CP" dev.mosaic.bench.LatencyProbe "$1" "$RATE" "$SECONDS_" 15; }
probe "http://127.0.0.1:9101/products/{id}"
probe "http://127.0.0.1:9102/stock/{id}"
probe "http://127.0.0.1:9103/reviews?productId={id}&limit=5"
probe "http://127.0.0.1:8080/fanout/{id}"
probe "http://127.0.0.1:8080/pass/{id}"
