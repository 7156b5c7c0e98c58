#!/usr/bin/env bash
# Runs every benchmark scenario (see benchmarks/README.md).
#   benchmarks/run.sh           full run, < 30 min, writes benchmarks/results/ and benchmarks/RESULTS.md
#   benchmarks/run.sh --quick   < 4 min, writes under benchmarks/target/run-quick/
#   benchmarks/run.sh [--quick] --only S7   only those scenarios (ids or prefixes such as S3,
#                               comma-separated); writes under benchmarks/target/run-<mode>-only-<ids>/
#   benchmarks/run.sh [--quick] --only FLOOR   Mosaic vs the hand-written floor only (~8 min full)
# Stubs, gateway, the floor and nginx run as separate processes on 127.0.0.1 and are killed by PID
# when the run ends, is interrupted, or overruns its time budget.
set -euo pipefail
cd "$(dirname "$0")/.."
MODE=full
BUDGET=1800
ONLY=()
USAGE="usage: benchmarks/run.sh [--quick] [--only S7[,S2,FLOOR...]]"
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) MODE=quick; BUDGET=240 ;;
    --smoke) MODE=smoke; BUDGET=120 ;;
    --full) ;;
    --only) [ $# -ge 2 ] || { echo "$USAGE" >&2; exit 2; }
            ONLY=(--only "$2"); shift ;;
    --only=*) ONLY=(--only "${1#--only=}") ;;
    *) echo "$USAGE" >&2; exit 2 ;;
  esac
  shift
done

# selected ID: whether the run includes that scenario (or the floor comparison, FLOOR)
selected() {
  [ ${#ONLY[@]} -eq 0 ] || [[ ",${ONLY[1]^^}," =~ ,$1[,-] ]]
}

# install_if_missing BINARY PACKAGE WHAT: installs a Debian package the run needs when it is
# missing and the machine allows it; otherwise the runner skips what needs it, with a note
install_if_missing() {
  if command -v "$1" >/dev/null 2>&1 || [ -x "/usr/sbin/$1" ]; then
    return
  fi
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "installing $2 ($3)..."
    export DEBIAN_FRONTEND=noninteractive
    apt-get install -y -q "$2" >/dev/null 2>&1 \
      || { apt-get update -q >/dev/null 2>&1 && apt-get install -y -q "$2" >/dev/null 2>&1; } \
      || echo "$2 could not be installed: $3 will be skipped"
  else
    echo "$2 is not installed and cannot be installed here: $3 will be skipped"
  fi
}

if selected S1 || selected FLOOR; then
  install_if_missing nginx nginx "the passthrough peer"
fi
if selected FLOOR; then
  install_if_missing wrk wrk "the load generator of Mosaic vs the floor"
fi

mvn -B -q -Pquick package
# the build is outside the budget; the runner's own shutdown hook kills what it started on SIGTERM
exec timeout --signal=TERM --kill-after=30 "$BUDGET" java -jar benchmarks/target/mosaic-bench.jar "--$MODE" \
  ${ONLY[@]+"${ONLY[@]}"} .
