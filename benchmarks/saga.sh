#!/usr/bin/env bash
# What a saga costs, and what its durable log adds (issue 15's benchmark row):
#   benchmarks/saga.sh [--seconds 15] [--rounds 3] [--warmup 30] [--no-build]
# One gateway process runs the demo's 3-step checkout saga (order, then payment and stock at
# once) with its log in the process, another the same saga logged in a redis-server of the run's
# own; the demo stubs (no latency) answer both. wrk (closed loop, 16 connections) alternates between
# the two; per saga: gateway CPU, redis-server CPU, req/s. The log's cost per step is
# (gateway + redis CPU with Redis - gateway CPU in process) / 3. Writes
# benchmarks/target/saga-<time>/report.md and the processes' logs.
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_PER_RUN=15
ROUNDS=3
WARMUP=30
BUILD=1
while [ $# -gt 0 ]; do
  case "$1" in
    --seconds) SECONDS_PER_RUN="$2"; shift ;;
    --rounds) ROUNDS="$2"; shift ;;
    --warmup) WARMUP="$2"; shift ;;
    --no-build) BUILD=0 ;;
    *) echo "usage: benchmarks/saga.sh [--seconds S] [--rounds N] [--warmup S] [--no-build]" >&2; exit 2 ;;
  esac
  shift
done
command -v wrk >/dev/null || { echo "wrk is not installed (Debian package wrk)" >&2; exit 1; }
REDIS_SERVER=$(command -v redis-server || true)
[ -n "$REDIS_SERVER" ] || { echo "redis-server is not installed: the durable side cannot run" >&2; exit 1; }
[ "$BUILD" = 1 ] && mvn -B -q -Pquick package

OUT="$PWD/benchmarks/target/saga-$(date -u +%Y%m%d-%H%M%S)"
mkdir -p "$OUT"
# shellcheck source=benchmarks/lib.sh
. benchmarks/lib.sh
JAVA=$(java_bin)
refuse_taken_ports 9100 9101 9102 9103 9104 9105 9106 9481 9482 9483


start REDIS redis "$REDIS_SERVER" --port 9483 --bind 127.0.0.1 --save "" --appendonly no
config() { # PORT SAGAS-SECTION
  cat <<YAML
server: { host: 127.0.0.1, port: $1 }
sagas: $2
services:
  orders:    { urls: [http://127.0.0.1:9105], timeout: 2s, poolSize: 64 }
  payments:  { urls: [http://127.0.0.1:9106], timeout: 2s, poolSize: 64 }
  inventory: { urls: [http://127.0.0.1:9102], timeout: 2s, poolSize: 64 }
endpoints:
$(sed -n '/^  POST \/checkout:/,/^      reservation:/p' config/gateway.yaml \
  | sed 's/body: { order: "${order.id}", items: "${body.items}" }/body: { order: "${order.id}", items: [] }/')
YAML
}
config 9481 "{ redis: false }" >"$OUT/memory.yaml"
config 9482 "{ redis: \"redis://127.0.0.1:9483\", lease: 10s }" >"$OUT/redis.yaml"
# the stock step reserves nothing, so that a long run never runs out of stock (a 409 would
# compensate, and measure something else)
grep -q 'items: \[\] }' "$OUT/memory.yaml" || { echo "could not copy POST /checkout from config/gateway.yaml" >&2; exit 2; }

# the demo services keep every order, charge and reservation (~1.5 KB a saga): room for a run
start STUBS stubs "$JAVA" -XX:+UseZGC -Xms2g -Xmx2g -jar stub-services/target/mosaic-stubs.jar --no-latency
await http://127.0.0.1:9100/_control
JVM=(-XX:+UseZGC -Xms512m -Xmx512m)
start MEMORY gateway-memory "$JAVA" "${JVM[@]}" -jar gateway/target/mosaic.jar run "$OUT/memory.yaml"
start DURABLE gateway-redis "$JAVA" "${JVM[@]}" -jar gateway/target/mosaic.jar run "$OUT/redis.yaml"
cat >"$OUT/checkout.lua" <<'LUA'
wrk.method = "POST"
wrk.headers["content-type"] = "application/json"
wrk.body = '{"customerId": 3, "amount": 50, "items": [{"productId": 42, "quantity": 1}]}'
LUA
check() { # URL: one saga, completed
  local answer
  answer=$(curl -s -w ' %{http_code}' -X POST -H 'content-type: application/json' \
    -d '{"customerId": 3, "amount": 50, "items": [{"productId": 42, "quantity": 1}]}' "$1/checkout")
  [[ "$answer" == *" 200" ]] || { echo "the checkout saga did not complete on $1: $answer" >&2; exit 1; }
}
for _ in $(seq 1 120); do curl -s -o /dev/null http://127.0.0.1:9481/ && curl -s -o /dev/null http://127.0.0.1:9482/ && break; sleep 0.5; done
check http://127.0.0.1:9481
check http://127.0.0.1:9482

declare -A PID=([memory]=$MEMORY [redis]=$DURABLE)
declare -A URL=([memory]=http://127.0.0.1:9481/checkout [redis]=http://127.0.0.1:9482/checkout)
run() { # SIDE SECONDS LOG: prints completed requests and non-2xx
  wrk -t1 -c16 -d"$2s" --timeout 5s -s "$OUT/checkout.lua" "${URL[$1]}" >"$OUT/$3" 2>&1
  awk '/requests in/ {n=$1} /Non-2xx/ {bad=$5} END {print n, bad+0}' "$OUT/$3"
}
for side in memory redis; do
  echo "warming $side up for ${WARMUP}s..."
  run "$side" "$WARMUP" "wrk-$side-warmup.txt" >/dev/null
done
ROWS=""
for round in $(seq 1 "$ROUNDS"); do
  for side in memory redis; do
    [ $((round % 2)) = 0 ] && side=$([ "$side" = memory ] && echo redis || echo memory)
    gw0=$(ticks "${PID[$side]}"); r0=$(ticks "$REDIS"); s0=$(ticks "$STUBS")
    read -r n bad < <(run "$side" "$SECONDS_PER_RUN" "wrk-$side-$round.txt")
    gw1=$(ticks "${PID[$side]}"); r1=$(ticks "$REDIS"); s1=$(ticks "$STUBS")
    # a few sagas may fail when a stub stalls (they keep every write in memory); more is a fault
    [ $((bad * 100)) -le "$n" ] || { echo "$side round $round: $bad of $n sagas failed (see $OUT/wrk-$side-$round.txt)" >&2; exit 1; }
    row=$(awk -v r="$round" -v s="$side" -v n="$n" -v b="$bad" -v t="$SECONDS_PER_RUN" -v hz="$(getconf CLK_TCK)" \
      -v g=$((gw1 - gw0)) -v rd=$((r1 - r0)) -v st=$((s1 - s0)) \
      'BEGIN { printf "| %d | %s | %.0f | %d | %.1f | %.1f | %.1f |", r, s, n / t, b, g * 1e6 / hz / n, rd * 1e6 / hz / n, st * 1e6 / hz / n }')
    echo "$row"
    ROWS+="$row"$'\n'
  done
done

{
  echo "# Saga cost, $(date -u '+%Y-%m-%d %H:%M UTC'), $(git rev-parse --short HEAD)$(git diff --quiet || echo -dirty)"
  echo
  echo "Machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $("$JAVA" -version 2>&1 | head -1), $("$REDIS_SERVER" --version | cut -d' ' -f3)."
  echo "The demo's POST /checkout (3 steps: order, then payment and stock at once), stubs without latency;"
  echo "wrk -t1 -c16, ${WARMUP}s warm-up each side, ${ROUNDS} rounds of ${SECONDS_PER_RUN}s, sides alternating. CPU in µs per saga."
  echo
  echo "| round | log | sagas/s | failed | gateway CPU | redis-server CPU | stubs CPU |"
  echo "|---|---|---:|---:|---:|---:|---:|"
  printf '%s' "$ROWS"
  echo
  printf '%s' "$ROWS" | awk -F'|' '
    { side = $3; gsub(/ /, "", side); rate[side] += $4; gw[side] += $6; rd[side] += $7; k[side]++ }
    END {
      m = gw["memory"] / k["memory"]; d = gw["redis"] / k["redis"]; r = rd["redis"] / k["redis"]
      printf "Means: in process %.0f sagas/s, %.1f µs gateway CPU per saga; Redis log %.0f sagas/s, %.1f µs gateway + %.1f µs redis-server.\n", rate["memory"] / k["memory"], m, rate["redis"] / k["redis"], d, r
      printf "The durable log costs %.1f µs of CPU per step (%.1f in the gateway, %.1f in Redis), %.0f%% of a saga in process.\n", (d + r - m) / 3, (d - m) / 3, r / 3, 100 * (d + r - m) / m
    }'
} >"$OUT/report.md"
cat "$OUT/report.md"
