#!/usr/bin/env bash
# What issue 7's hardening costs (target: <= 3% of S1's and S2's throughput): runs S1 and S2 on
# the gateway built from BASE (default: the commit before the hardening) and on the working tree,
# alternating, PAIRS times, and prints each run's S1/S2 rows. Same stubs, same config, same
# machine; only the gateway jar differs (MOSAIC_BENCH_GATEWAY_JAR).
#   benchmarks/edge-overhead.sh [--quick|--full] [PAIRS] [BASE]    defaults: --quick 3 56a1335
set -euo pipefail
cd "$(dirname "$0")/.."
MODE=--quick
if [ "${1:-}" = --quick ] || [ "${1:-}" = --full ]; then MODE=$1; shift; fi
PAIRS=${1:-3}; BASE=${2:-56a1335}
mvn -B -q -Pquick package
BASE_DIR=benchmarks/target/edge-base
rm -rf "$BASE_DIR"; git worktree prune
git worktree add -q --detach "$BASE_DIR" "$BASE"
trap 'git worktree remove --force "$BASE_DIR" 2>/dev/null || true' EXIT
(cd "$BASE_DIR" && mvn -B -q -Pquick package -DskipTests)
cp "$BASE_DIR/gateway/target/mosaic.jar" benchmarks/target/mosaic-base.jar
for pair in $(seq 1 "$PAIRS"); do
  for side in base hardened; do
    if [ "$side" = base ]; then export MOSAIC_BENCH_GATEWAY_JAR="$PWD/benchmarks/target/mosaic-base.jar";
    else unset MOSAIC_BENCH_GATEWAY_JAR; fi
    echo "== pair $pair, $side"
    timeout --signal=TERM --kill-after=30 1500 java -jar benchmarks/target/mosaic-bench.jar "$MODE" --only S1,S2 . \
      | tee "benchmarks/target/edge-$side-$pair.log" | grep -E '^S[12] ' || true
  done
done
