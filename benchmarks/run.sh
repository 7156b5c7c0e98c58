#!/usr/bin/env bash
# Runs every benchmark scenario (see benchmarks/README.md).
#   benchmarks/run.sh           full run, < 20 min, writes benchmarks/results/ and benchmarks/RESULTS.md
#   benchmarks/run.sh --quick   < 3 min, writes under benchmarks/target/run-quick/
#   benchmarks/run.sh [--quick] --only S7   only those scenarios (ids or prefixes such as S3,
#                               comma-separated); writes under benchmarks/target/run-<mode>-only-<ids>/
# Stubs, gateway and nginx run as separate processes on 127.0.0.1 and are killed by PID when the
# run ends, is interrupted, or overruns its time budget.
set -euo pipefail
cd "$(dirname "$0")/.."
MODE=full
BUDGET=1200
ONLY=()
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) MODE=quick; BUDGET=180 ;;
    --smoke) MODE=smoke; BUDGET=120 ;;
    --full) ;;
    --only) [ $# -ge 2 ] || { echo "usage: benchmarks/run.sh [--quick] [--only S7[,S2...]]" >&2; exit 2; }
            ONLY=(--only "$2"); shift ;;
    --only=*) ONLY=(--only "${1#--only=}") ;;
    *) echo "usage: benchmarks/run.sh [--quick] [--only S7[,S2...]]" >&2; exit 2 ;;
  esac
  shift
done

NEEDS_NGINX=yes # it is S1's peer only
if [ ${#ONLY[@]} -gt 0 ] && ! [[ ",${ONLY[1]^^}," =~ ,S1[,-] ]]; then
  NEEDS_NGINX=no
fi
if [ "$NEEDS_NGINX" = yes ] && ! command -v nginx >/dev/null 2>&1 && [ ! -x /usr/sbin/nginx ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "installing nginx (the passthrough peer)..."
    export DEBIAN_FRONTEND=noninteractive
    apt-get install -y -q nginx >/dev/null 2>&1 \
      || { apt-get update -q >/dev/null 2>&1 && apt-get install -y -q nginx >/dev/null 2>&1; } \
      || echo "nginx could not be installed: its row will be skipped"
  else
    echo "nginx is not installed and cannot be installed here: its row will be skipped"
  fi
fi

mvn -B -q -Pquick package
# the build is outside the budget; the runner's own shutdown hook kills what it started on SIGTERM
exec timeout --signal=TERM --kill-after=30 "$BUDGET" java -jar benchmarks/target/mosaic-bench.jar "--$MODE" \
  ${ONLY[@]+"${ONLY[@]}"} .
