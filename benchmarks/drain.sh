#!/usr/bin/env bash
# A SIGTERM under open-loop load (issue 17, item 1): S2 at a fixed rate, SIGTERM mid-run, load going
# on through part of drainDelay (a load balancer still sends until it sees readiness), then the
# process must exit 0 having answered every request 2xx. Bounded: about 30 s per rate.
# Writes benchmarks/target/drain/drain-<rate>.md.
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=$PWD/benchmarks/target/drain; mkdir -p "$OUT"
# shellcheck source=benchmarks/lib.sh
. benchmarks/lib.sh
JAVA=$(java_bin)
JVM=(-XX:+UseZGC -Xms256m -Xmx256m)
RATES=(500 2000)
[ "${1:-}" = "--no-build" ] || mvn -B -q -Pquick package
refuse_taken_ports 9300 9301 9302 9303 9304 9305 9376 9377
start STUBS stubs "$JAVA" "${JVM[@]}" -jar stub-services/target/mosaic-stubs.jar config/bench/stubs.yaml
await http://127.0.0.1:9300/_control
curl -fsS -o /dev/null -X POST -H 'content-type: application/json' \
  -d '{"latency": "5ms"}' http://127.0.0.1:9300/_control/catalog || true
status=0
for rate in "${RATES[@]}"; do
  "$JAVA" "${JVM[@]}" -jar gateway/target/mosaic.jar run config/bench/drain.yaml >"$OUT/gateway-$rate.log" 2>&1 &
  GW=$!
  await http://127.0.0.1:9377/health/ready
  probe=0
  "$JAVA" -cp benchmarks/target/mosaic-bench.jar dev.mosaic.bench.load.DrainProbe \
    'http://127.0.0.1:9376/s2/{id}' http://127.0.0.1:9377/health/ready "$GW" "$rate" "$OUT/drain-$rate.md" || probe=$?
  exit_code=0
  wait "$GW" || exit_code=$?
  echo "The gateway process exited with status $exit_code." | tee -a "$OUT/drain-$rate.md"
  [ "$probe" = 0 ] && [ "$exit_code" = 0 ] || status=1
done
{
  echo
  echo "Machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $("$JAVA" -version 2>&1 | head -1); $(date -u '+%Y-%m-%d %H:%M UTC'); commit $(git rev-parse --short HEAD)$(git diff --quiet || echo -dirty)."
  echo "Command: \`benchmarks/drain.sh\`. Stubs (catalog 5 ms), the gateway and the load generator share the machine."
} | tee -a "$OUT"/drain-*.md >/dev/null
exit $status
