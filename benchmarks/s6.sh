#!/usr/bin/env bash
# S6, cache hits (issue 5), on its own for now (not yet part of run.sh): a composed endpoint whose
# whole answer is cached, against a static-response Vert.x server, and its Redis tier against its
# in-process tier. Bounded: about 2 minutes. Writes benchmarks/target/s6/s6.txt.
set -euo pipefail
cd "$(dirname "$0")/.."
out=benchmarks/target/s6; mkdir -p "$out"
JVM="-XX:+UseZGC -Xms512m -Xmx512m"
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT
wait_port() { for _ in $(seq 1 100); do (echo > /dev/tcp/127.0.0.1/"$1") 2>/dev/null && return 0; sleep 0.2; done; echo "port $1 never opened" >&2; exit 1; }

java $JVM -jar stub-services/target/mosaic-stubs.jar config/bench/stubs.yaml --no-latency > "$out/stubs.log" 2>&1 & pids+=($!)
redis-server --port 9396 --bind 127.0.0.1 --save "" --appendonly no > "$out/redis.log" 2>&1 & pids+=($!)
wait_port 9301; wait_port 9396
java $JVM -jar gateway/target/mosaic.jar run config/bench/s6.yaml > "$out/gateway-l1.log" 2>&1 & pids+=($!)
java $JVM -jar gateway/target/mosaic.jar run config/bench/s6-redis.yaml > "$out/gateway-l2.log" 2>&1 & pids+=($!)
wait_port 9381; wait_port 9382
body=$(curl -s http://127.0.0.1:9381/s6/42)
java $JVM -cp benchmarks/target/mosaic-bench.jar dev.mosaic.bench.peer.StaticServer 9383 "$body" > "$out/static.log" 2>&1 & pids+=($!)
wait_port 9383

{
  echo "# S6 $(date -u +%FT%TZ) $(git rev-parse --short HEAD), $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
  java -cp benchmarks/target/mosaic-bench.jar dev.mosaic.bench.load.CacheHitProbe \
    "http://127.0.0.1:9383/s6/{id}" "http://127.0.0.1:9381/s6/{id}" "http://127.0.0.1:9382/s6/{id}"
} | tee "$out/s6.txt"
