#!/usr/bin/env bash
# Profiles Mosaic and the hand-written floor under the same wrk load, the way the performance work
# measures them (benchmarks/README.md, "Profiling"):
#   benchmarks/profile.sh [--path /s2/] [--warmup 30] [--seconds 12] [--rounds 2] [--no-build]
# For each round, Mosaic then the floor: a measured wrk run (req/s, CPU µs per request from
# /proc/PID/stat), then a JFR recording under the same load (execution samples every 1 ms, allocation
# samples). Writes benchmarks/target/profile-<time>/: report.md (the CPU table, then where the event
# loops' samples and the allocations went), the .jfr files and every wrk output.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
PATH_PREFIX=/s2/
WARMUP=30
SECONDS_PER_RUN=12
ROUNDS=2
BUILD=1
USAGE="usage: benchmarks/profile.sh [--path /s2/] [--warmup S] [--seconds S] [--rounds N] [--no-build]"
while [ $# -gt 0 ]; do
  case "$1" in
    --path) PATH_PREFIX="$2"; shift ;;
    --warmup) WARMUP="$2"; shift ;;
    --seconds) SECONDS_PER_RUN="$2"; shift ;;
    --rounds) ROUNDS="$2"; shift ;;
    --no-build) BUILD=0 ;;
    *) echo "$USAGE" >&2; exit 2 ;;
  esac
  shift
done
command -v wrk >/dev/null || { echo "wrk is not installed (Debian package wrk)" >&2; exit 1; }
[ "$BUILD" = 1 ] && mvn -B -q -Pquick package

OUT="$ROOT/benchmarks/target/profile-$(date -u +%Y%m%d-%H%M%S)"
mkdir -p "$OUT"
# shellcheck source=benchmarks/lib.sh
. benchmarks/lib.sh
JAVA=$(java_bin)
JCMD="$(dirname "$JAVA")/jcmd"
JVM=(-XX:+UseZGC -Xms512m -Xmx512m -XX:FlightRecorderOptions:stackdepth=512)
# the JDK's profile settings with method samples every 1 ms (not 10 or 20) and more allocation samples
sed -e 's/<setting name="period" control="method-sampling-java-interval">[^<]*</<setting name="period" control="method-sampling-java-interval">1 ms</' \
    -e 's/<setting name="throttle" control="allocation-profiling">[^<]*</<setting name="throttle" control="allocation-profiling">5000\/s</' \
    "$(dirname "$JAVA")/../lib/jfr/profile.jfc" >"$OUT/profile-1ms.jfc"
cat >"$OUT/ids.lua" <<'LUA'
local requests = {}
local n = 0
function init(args)
  for id = 1, 1000 do requests[id] = wrk.format("GET", wrk.path .. id) end
  n = math.random(1000)
end
function request()
  n = n % 1000 + 1
  return requests[n]
end
LUA

wrk_run() { # URL SECONDS LOGNAME: prints the requests completed
  wrk -t1 -c64 -d"$2s" --timeout 5s -s "$OUT/ids.lua" "$1" >"$OUT/$3" 2>&1
  awk '/requests in/ {print $1}' "$OUT/$3"
}

refuse_taken_ports 9300 9301 9302 9303 9304 9380 9385
start STUBS stubs "$JAVA" -XX:+UseZGC -Xms512m -Xmx512m -jar stub-services/target/mosaic-stubs.jar config/bench/stubs.yaml
await http://127.0.0.1:9300/_control
start MOSAIC mosaic "$JAVA" "${JVM[@]}" -jar gateway/target/mosaic.jar run config/bench/scenarios.yaml
start FLOOR floor "$JAVA" "${JVM[@]}" -cp benchmarks/target/mosaic-bench.jar dev.mosaic.bench.peer.FloorServer 9385 9301 9302 9303 9304
await http://127.0.0.1:9380/s1/products/1
await http://127.0.0.1:9385/s1/products/1

declare -A PID=([mosaic]=$MOSAIC [floor]=$FLOOR)
declare -A URL=([mosaic]="http://127.0.0.1:9380$PATH_PREFIX" [floor]="http://127.0.0.1:9385$PATH_PREFIX")
declare -A RECORDED
for target in mosaic floor; do
  echo "warming $target up for ${WARMUP}s..."
  wrk_run "${URL[$target]}" "$WARMUP" "wrk-$target-warmup.txt" >/dev/null
done

TABLE="| round | target | req/s | CPU µs/req | stubs' CPU µs/req |\n|---|---|---:|---:|---:|\n"
for round in $(seq 1 "$ROUNDS"); do
  for target in mosaic floor; do
    pid=${PID[$target]}
    before=$(ticks "$pid"); stubs_before=$(ticks "$STUBS")
    requests=$(wrk_run "${URL[$target]}" "$SECONDS_PER_RUN" "wrk-$target-$round.txt")
    after=$(ticks "$pid"); stubs_after=$(ticks "$STUBS")
    TABLE+=$(awk -v r="$round" -v t="$target" -v n="$requests" -v s="$SECONDS_PER_RUN" \
      -v c=$((after - before)) -v sc=$((stubs_after - stubs_before)) -v hz="$(getconf CLK_TCK)" \
      'BEGIN { printf "| %d | %s | %.0f | %.1f | %.1f |\\n", r, t, n / s, c * 1e6 / hz / n, sc * 1e6 / hz / n }')
    echo "round $round $target: $requests requests"
    if [ "$round" = "$ROUNDS" ]; then
      "$JCMD" "$pid" JFR.start name=profile settings="$OUT/profile-1ms.jfc" >/dev/null
      RECORDED[$target]=$(wrk_run "${URL[$target]}" "$SECONDS_PER_RUN" "wrk-$target-jfr.txt")
      "$JCMD" "$pid" JFR.stop name=profile filename="$OUT/$target.jfr" >/dev/null
    fi
  done
done

{
  echo "# Profile of $PATH_PREFIX, $(date -u '+%Y-%m-%d %H:%M UTC'), $(git rev-parse --short HEAD)$(git diff --quiet || echo -dirty)"
  echo
  echo "Machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $("$JAVA" -version 2>&1 | head -1)."
  echo "wrk -t1 -c64, ${WARMUP}s warm-up each, ${SECONDS_PER_RUN}s runs; only ratios within one run mean anything on a shared VM."
  echo
  printf '%b\n' "$TABLE"
  "$JAVA" -cp benchmarks/target/mosaic-bench.jar dev.mosaic.bench.profile.ProfileReport \
    "Mosaic=$OUT/mosaic.jfr:${RECORDED[mosaic]}" "floor=$OUT/floor.jfr:${RECORDED[floor]}"
} >"$OUT/report.md"
echo "wrote $OUT/report.md"
