#!/usr/bin/env bash
# What metrics and tracing cost (issue 6's target: <= 5% of S2's throughput). Runs S2 with
# config/bench/scenarios.yaml as is (metrics and tracing on, the defaults), then with a copy whose
# server line turns both off, and prints the two reports' S2 rows. ~10 min per side on 2 cores.
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -Pquick package
OFF=benchmarks/target/scenarios-ops-off.yaml
sed 's/^server: { host: 127.0.0.1, port: 9380 }$/server: { host: 127.0.0.1, port: 9380, metrics: false, tracing: false }/' \
  config/bench/scenarios.yaml > "$OFF"
grep -q 'metrics: false' "$OFF" || { echo "could not find the server line in scenarios.yaml" >&2; exit 2; }
for side in on off; do
  if [ "$side" = off ]; then export MOSAIC_BENCH_GATEWAY_CONFIG="$PWD/$OFF"; fi
  timeout --signal=TERM --kill-after=30 1200 java -jar benchmarks/target/mosaic-bench.jar --full --only S2 . \
    | tee "benchmarks/target/ops-$side.log" | grep -E '^S2 ' || true
done
