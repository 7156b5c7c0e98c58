#!/usr/bin/env bash
# What an unusable Redis costs a cached call's miss (issue 17, item 8): the same endpoint on three
# gateways, without Redis, with a Redis port that refuses connections and with a listener that
# accepts and never answers; open loop at 200 req/s, rounds alternating. Bounded: about 2 minutes.
# Writes benchmarks/target/redis-down/redis-down.md.
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=$PWD/benchmarks/target/redis-down; mkdir -p "$OUT"
# shellcheck source=benchmarks/lib.sh
. benchmarks/lib.sh
JAVA=$(java_bin)
JVM=(-XX:+UseZGC -Xms256m -Xmx256m)
[ "${1:-}" = "--no-build" ] || mvn -B -q -Pquick package
refuse_taken_ports 9300 9301 9302 9303 9304 9305 9370 9371 9372 9378 9379
start STUBS stubs "$JAVA" "${JVM[@]}" -jar stub-services/target/mosaic-stubs.jar config/bench/stubs.yaml
start SILENT silent "$JAVA" -cp benchmarks/target/mosaic-bench.jar dev.mosaic.bench.peer.SilentServer 9378
await http://127.0.0.1:9300/_control
for variant in none refused silent; do
  start "GW_$variant" "gateway-$variant" "$JAVA" "${JVM[@]}" -jar gateway/target/mosaic.jar run "config/bench/redis-down-$variant.yaml"
done
await http://127.0.0.1:9370/m/1
await http://127.0.0.1:9371/m/1
await http://127.0.0.1:9372/m/1
"$JAVA" -cp benchmarks/target/mosaic-bench.jar dev.mosaic.bench.load.RedisDownProbe \
  'http://127.0.0.1:9370/m/{id}' 'http://127.0.0.1:9371/m/{id}' 'http://127.0.0.1:9372/m/{id}' "$OUT/redis-down.md"
{
  echo
  echo "Machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $("$JAVA" -version 2>&1 | head -1); $(date -u '+%Y-%m-%d %H:%M UTC'); commit $(git rev-parse --short HEAD)$(git diff --quiet || echo -dirty)."
  echo "Command: \`benchmarks/redis-down.sh\`. Stubs (no latency), the three gateways and the load generator share the machine."
} >>"$OUT/redis-down.md"
echo "wrote $OUT/redis-down.md"
