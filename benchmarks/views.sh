#!/usr/bin/env bash
# Read views (issue 16): a view's hit throughput against a response-cache hit, live composition and
# the hand-written floor; p99 at 5 ms service latency; event-to-fresh-view time at 1,000 events/s.
# Bounded: about 6 minutes. Writes benchmarks/target/views/views.md.
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=$PWD/benchmarks/target/views; mkdir -p "$OUT"
# shellcheck source=benchmarks/lib.sh
. benchmarks/lib.sh
JAVA=$(java_bin)
JVM=(-XX:+UseZGC -Xms512m -Xmx512m)
command -v wrk >/dev/null || { echo "wrk is not installed (Debian package wrk)" >&2; exit 1; }
command -v redis-server >/dev/null || { echo "redis-server is not installed" >&2; exit 1; }
[ "${1:-}" = "--no-build" ] || mvn -B -q -Pquick package
refuse_taken_ports 9300 9301 9302 9303 9304 9385 9386 9387 9397
start REDIS redis redis-server --port 9397 --bind 127.0.0.1 --save "" --appendonly no
start STUBS stubs "$JAVA" "${JVM[@]}" -jar stub-services/target/mosaic-stubs.jar config/bench/stubs.yaml
await http://127.0.0.1:9300/_control
start MOSAIC mosaic "$JAVA" "${JVM[@]}" -jar gateway/target/mosaic.jar run config/bench/views.yaml
start FLOOR floor "$JAVA" "${JVM[@]}" -cp benchmarks/target/mosaic-bench.jar dev.mosaic.bench.peer.FloorServer 9385 9301 9302 9303 9304
await http://127.0.0.1:9386/live/1
await http://127.0.0.1:9385/s2/1
"$JAVA" -cp benchmarks/target/mosaic-bench.jar dev.mosaic.bench.view.ViewBenchmark \
  9386 9387 9385 9300 redis://127.0.0.1:9397 "$OUT/views.md"
{
  echo
  echo "Machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $("$JAVA" -version 2>&1 | head -1); commit $(git rev-parse --short HEAD)$(git diff --quiet || echo -dirty)."
  echo "Command: \`benchmarks/views.sh\`. Stubs, gateway, floor, Redis and the load generators share the machine."
} >>"$OUT/views.md"
echo "wrote $OUT/views.md"
