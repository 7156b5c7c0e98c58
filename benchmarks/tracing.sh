#!/usr/bin/env bash
# What OTLP span export costs (issue "fleet", item 3: <= 5% of throughput). One gateway with
# config/bench/scenarios.yaml as is (tracing propagation on, no export: "off") and one with the
# same config plus server.tracing { sampleRatio: R, otlp: a sink on this machine } ("on"), and
# the gateway built from BASE (the commit before the export existed) with the "off" config
# ("before": what the off path cost before), all running side by side with the hand-written Vert.x
# floor, loaded in turn by wrk on S2 (3 calls at once, shaped: one SERVER and three CLIENT spans
# per sampled request). The "on" gateway is also loaded with a traceparent on every request, which
# it follows: a share R sampled ("traced") or none ("untraced"). Two processes never run quite
# alike ("off vs before" shows by how much); traced vs untraced is one process, so their difference
# is what the export itself costs. Rounds alternate the order.
# Reports req/s and CPU µs per request of each process, the sink's CPU, the spans exported or
# dropped by the "on" gateway, and where the gateways spent their CPU, by thread.
#
# With 2 cores or more the gateways and the floor are pinned to the last core and wrk, the stubs
# and the sink to the others (--no-pin shares every core): each gateway then pays for all of its
# own work, export threads included, and for nothing else, which is what makes a few per cent
# measurable on a small machine. The warm-up is long on purpose: at a low sampling ratio the export
# path runs a tenth as often and needs that long to be compiled.
#   benchmarks/tracing.sh [--path /s2/] [--warmup 60] [--seconds 10] [--rounds 5] [--ratio 0.1]
#                         [--base b0ff546] [--no-pin] [--no-build]
# ~10 min with the defaults (the base build excepted). Writes benchmarks/target/tracing-<time>/report.md and copies it
# to benchmarks/results/<date>-tracing-ratio-R.md (-runN.md when that exists).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
PATH_PREFIX=/s2/
WARMUP=60
SECONDS_PER_RUN=10
ROUNDS=5
BUILD=1
BASE=b0ff546
RATIO=0.1
PIN=1
USAGE="usage: benchmarks/tracing.sh [--path /s2/] [--warmup S] [--seconds S] [--rounds N] [--ratio R] [--base COMMIT] [--no-pin] [--no-build]"
while [ $# -gt 0 ]; do
  case "$1" in
    --path) PATH_PREFIX="$2"; shift ;;
    --warmup) WARMUP="$2"; shift ;;
    --seconds) SECONDS_PER_RUN="$2"; shift ;;
    --rounds) ROUNDS="$2"; shift ;;
    --base) BASE="$2"; shift ;;
    --ratio) RATIO="$2"; shift ;;
    --no-build) BUILD=0 ;;
    --no-pin) PIN=0 ;;
    *) echo "$USAGE" >&2; exit 2 ;;
  esac
  shift
done
command -v wrk >/dev/null || { echo "wrk is not installed (Debian package wrk)" >&2; exit 1; }
[ "$BUILD" = 1 ] && mvn -B -q -Pquick package -DskipTests
BASE_DIR=benchmarks/target/tracing-base
BASE_JAR=benchmarks/target/mosaic-before-$BASE.jar
if [ ! -f "$BASE_JAR" ]; then
  rm -rf "$BASE_DIR"; git worktree prune
  git worktree add -q --detach "$BASE_DIR" "$BASE"
  (cd "$BASE_DIR" && mvn -B -q -Pquick package -DskipTests -pl gateway -am)
  cp "$BASE_DIR/gateway/target/mosaic.jar" "$BASE_JAR"
  git worktree remove --force "$BASE_DIR"
fi

OUT="$ROOT/benchmarks/target/tracing-$(date -u +%Y%m%d-%H%M%S)"
mkdir -p "$OUT"
# shellcheck source=benchmarks/lib.sh
. benchmarks/lib.sh
JAVA=$(java_bin)
JVM=(-XX:+UseZGC -Xms512m -Xmx512m)
CORES=$(nproc)
if [ "$PIN" = 1 ] && [ "$CORES" -ge 2 ]; then
  GATEWAY_CPUS=(taskset -c $((CORES - 1)))
  LOAD_CPUS=(taskset -c 0-$((CORES - 2)))
  PLACEMENT="the gateways and the floor pinned to CPU $((CORES - 1)); wrk, the stubs and the sink on CPUs 0-$((CORES - 2))"
else
  GATEWAY_CPUS=(); LOAD_CPUS=()
  PLACEMENT="stubs, gateways, the floor, the sink and wrk share the cores"
fi
cat >"$OUT/ids.lua" <<'LUA'
-- args[1]: "plain" (no traceparent: the gateway samples new traces by its ratio), or the share of
-- requests whose traceparent says sampled (flag 01; the others 00), which the gateway follows
local requests = {}
local n = 0
function init(args)
  local share = args[1] ~= "plain" and tonumber(args[1]) or nil
  for id = 1, 1000 do
    local headers = nil
    if share then
      local sampled = math.floor(id * share) ~= math.floor((id - 1) * share)
      headers = { ["traceparent"] = "00-4bf92f3577b34da6" .. string.format("%016d", id) .. "-"
        .. string.format("%016d", id + 1) .. (sampled and "-01" or "-00") }
    end
    requests[id] = wrk.format("GET", wrk.path .. id, headers)
  end
  n = math.random(1000)
end
function request()
  n = n % 1000 + 1
  return requests[n]
end
LUA

wrk_run() { # TARGET SECONDS LOGNAME: prints the requests completed
  "${LOAD_CPUS[@]}" wrk -t1 -c64 -d"$2s" --timeout 5s -s "$OUT/ids.lua" "${URL[$1]}" -- "${SHARE[$1]}" >"$OUT/$3" 2>&1
  awk '/requests in/ {print $1}' "$OUT/$3"
}

SERVER_LINE='server: { host: 127.0.0.1, port: 9380 }'
grep -qx "$SERVER_LINE" config/bench/scenarios.yaml \
  || { echo "could not find the server line in config/bench/scenarios.yaml" >&2; exit 2; }
sed "s|^$SERVER_LINE\$|server: { host: 127.0.0.1, port: 9380, adminPort: 9390 }|" \
  config/bench/scenarios.yaml >"$OUT/off.yaml"
sed "s|^$SERVER_LINE\$|server: { host: 127.0.0.1, port: 9382 }|" \
  config/bench/scenarios.yaml >"$OUT/before.yaml"
sed "s|^$SERVER_LINE\$|server: { host: 127.0.0.1, port: 9381, adminPort: 9391, tracing: { sampleRatio: $RATIO, serviceName: mosaic-bench, otlp: { endpoint: \"http://127.0.0.1:9386/v1/traces\" } } }|" \
  config/bench/scenarios.yaml >"$OUT/on.yaml"

refuse_taken_ports 9300 9301 9302 9303 9304 9380 9381 9382 9385 9386 9390 9391
start STUBS stubs "${LOAD_CPUS[@]}" "$JAVA" -XX:+UseZGC -Xms512m -Xmx512m -jar stub-services/target/mosaic-stubs.jar config/bench/stubs.yaml
await http://127.0.0.1:9300/_control
start SINK sink "${LOAD_CPUS[@]}" "$JAVA" -XX:+UseSerialGC -Xms64m -Xmx256m -cp benchmarks/target/mosaic-bench.jar dev.mosaic.bench.peer.OtlpSink 9386
start OFF off "${GATEWAY_CPUS[@]}" "$JAVA" "${JVM[@]}" -jar gateway/target/mosaic.jar run "$OUT/off.yaml"
start ON on "${GATEWAY_CPUS[@]}" "$JAVA" "${JVM[@]}" -jar gateway/target/mosaic.jar run "$OUT/on.yaml"
start BEFORE before "${GATEWAY_CPUS[@]}" "$JAVA" "${JVM[@]}" -jar "$BASE_JAR" run "$OUT/before.yaml"
start FLOOR floor "${GATEWAY_CPUS[@]}" "$JAVA" "${JVM[@]}" -cp benchmarks/target/mosaic-bench.jar dev.mosaic.bench.peer.FloorServer 9385 9301 9302 9303 9304
await http://127.0.0.1:9386/stats
await "http://127.0.0.1:9380${PATH_PREFIX}1"
await "http://127.0.0.1:9381${PATH_PREFIX}1"
await "http://127.0.0.1:9382${PATH_PREFIX}1"
await "http://127.0.0.1:9385${PATH_PREFIX}1"

# traced and untraced load the "on" gateway too, every request with a traceparent: a share RATIO of
# them sampled, or none. One process, its JIT and heap, the difference only in what it exports.
declare -A PID=([off]=$OFF [on]=$ON [traced]=$ON [untraced]=$ON [before]=$BEFORE [floor]=$FLOOR)
declare -A URL=([off]="http://127.0.0.1:9380$PATH_PREFIX" [on]="http://127.0.0.1:9381$PATH_PREFIX" [traced]="http://127.0.0.1:9381$PATH_PREFIX" [untraced]="http://127.0.0.1:9381$PATH_PREFIX" [before]="http://127.0.0.1:9382$PATH_PREFIX" [floor]="http://127.0.0.1:9385$PATH_PREFIX")
declare -A SHARE=([off]=plain [on]=plain [traced]=$RATIO [untraced]=0 [before]=plain [floor]=plain)
declare -A REQS CPU
for target in off on before floor; do
  echo "warming $target up for ${WARMUP}s..."
  wrk_run "$target" "$WARMUP" "wrk-$target-warmup.txt" >/dev/null
done
echo "warming traced up for $((WARMUP / 2))s..."
wrk_run traced $((WARMUP / 2)) "wrk-traced-warmup.txt" >/dev/null

HZ=$(getconf CLK_TCK)
threads() { # PID: "thread-kind ticks" per live thread (pool numbers dropped from the names)
  for task in /proc/"$1"/task/*; do
    # the name in stat may hold spaces ("C2 CompilerThre"): fields are counted after its ")"
    { read -r name <"$task/comm" && awk -v n="$name" '{ sub(/[-#]?[0-9]+$/, "", n); gsub(/ /, "_", n); sub(/^.*\) /, ""); split($0, f, " "); print n, f[12] + f[13] }' "$task/stat"; } 2>/dev/null || true
  done
}
TABLE="| round | target | req/s | CPU µs/req | stubs' CPU µs/req | sink's CPU µs/req |\n|---|---|---:|---:|---:|---:|\n"
for round in $(seq 1 "$ROUNDS"); do
  if [ $((round % 2)) = 1 ]; then ORDER=(off on traced untraced before floor); else ORDER=(untraced traced on before off floor); fi
  for target in "${ORDER[@]}"; do
    pid=${PID[$target]}
    threads "$pid" >"$OUT/threads-$target-$round.before"
    before=$(ticks "$pid"); stubs_before=$(ticks "$STUBS"); sink_before=$(ticks "$SINK")
    requests=$(wrk_run "$target" "$SECONDS_PER_RUN" "wrk-$target-$round.txt")
    after=$(ticks "$pid"); stubs_after=$(ticks "$STUBS"); sink_after=$(ticks "$SINK")
    threads "$pid" >"$OUT/threads-$target-$round.after"
    echo "$requests" >"$OUT/threads-$target-$round.requests"
    REQS[$target]="${REQS[$target]:-} $requests"
    CPU[$target]="${CPU[$target]:-} $(awk -v c=$((after - before)) -v n="$requests" -v hz="$HZ" 'BEGIN { printf "%.2f", c * 1e6 / hz / n }')"
    TABLE+=$(awk -v r="$round" -v t="$target" -v n="$requests" -v s="$SECONDS_PER_RUN" \
      -v c=$((after - before)) -v sc=$((stubs_after - stubs_before)) -v kc=$((sink_after - sink_before)) -v hz="$HZ" \
      'BEGIN { printf "| %d | %s | %.0f | %.1f | %.1f | %.1f |\\n", r, t, n / s, c * 1e6 / hz / n, sc * 1e6 / hz / n, kc * 1e6 / hz / n }')
    echo "round $round $target: $requests requests"
  done
done

mean() { echo "$1" | awk '{ s = 0; for (i = 1; i <= NF; i++) s += $i; printf "%.2f", s / NF }'; }
rps() { awk -v m="$(mean "${REQS[$1]}")" -v s="$SECONDS_PER_RUN" 'BEGIN { printf "%.0f", m / s }'; }
change() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%+.1f %%", (b / a - 1) * 100 }'; }
changes() { # A B: each round's change from A to B, in per cent
  paste <(echo "${REQS[$1]}" | tr ' ' '\n' | sed '/^$/d') <(echo "${REQS[$2]}" | tr ' ' '\n' | sed '/^$/d') \
    | awk '{ print ($2 / $1 - 1) * 100 }'
}
pairs() { changes "$1" "$2" | awk '{ printf "%s%+.1f %%", (NR > 1 ? ", " : ""), $1 }'; }
# the median too: a burst of load from outside the run (the floor's own rounds show them) lands on
# one round's pair and moves a mean of a few rounds by a few per cent
median() { # A B
  changes "$1" "$2" | sort -g | awk '{ v[NR] = $1 } END { m = NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2; printf "%+.1f %%", m }'
}
OFF_RPS=$(rps off); ON_RPS=$(rps on); BEFORE_RPS=$(rps before); FLOOR_RPS=$(rps floor)
TRACED_RPS=$(rps traced); UNTRACED_RPS=$(rps untraced)
OFF_CPU=$(mean "${CPU[off]}"); ON_CPU=$(mean "${CPU[on]}"); FLOOR_CPU=$(mean "${CPU[floor]}"); BEFORE_CPU=$(mean "${CPU[before]}")
TRACED_CPU=$(mean "${CPU[traced]}"); UNTRACED_CPU=$(mean "${CPU[untraced]}")
split() { # TARGET: its CPU µs per request by kind of thread over every round (threads that ended are missed)
  local total
  total=$(cat "$OUT"/threads-"$1"-*.requests | awk '{ s += $1 } END { print s }')
  for round in $(seq 1 "$ROUNDS"); do
    awk 'FNR == NR { b[$1] += $2; next } { a[$1] += $2 } END { for (k in a) print k, a[k] - b[k] }' \
      "$OUT/threads-$1-$round.before" "$OUT/threads-$1-$round.after"
  done | awk -v hz="$HZ" -v n="$total" '{ t[$1] += $2 } END { for (k in t) if (t[k] > 0) printf "%s %.1f\n", k, t[k] * 1e6 / hz / n }'
}
METRICS=$(curl -fsS http://127.0.0.1:9391/metrics | grep -E '^mosaic_tracing_spans' || true)
SINK_STATS=$(curl -fsS http://127.0.0.1:9386/stats || true)

{
  echo "# OTLP span export overhead on $PATH_PREFIX, $(date -u '+%Y-%m-%d %H:%M UTC'), $(git rev-parse --short HEAD)$(git diff --quiet || echo -dirty)"
  echo
  echo "Machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $("$JAVA" -version 2>&1 | head -1); load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)."
  echo "Command: \`benchmarks/tracing.sh --path $PATH_PREFIX --warmup $WARMUP --seconds $SECONDS_PER_RUN --rounds $ROUNDS --ratio $RATIO --base $BASE$([ "$PIN" = 1 ] || echo " --no-pin")\`."
  echo "wrk -t1 -c64 (closed loop: saturation), ${WARMUP}s warm-up each (traced $((WARMUP / 2))s more), ${SECONDS_PER_RUN}s runs, the order alternating per round (off, on, traced, untraced, before, floor; then untraced, traced, on, before, off, floor);"
  echo "$PLACEMENT (stubs: config/bench/stubs.yaml). Only ratios within one run mean anything."
  echo "off: config/bench/scenarios.yaml (propagation on, no export). on: the same with \`tracing: { sampleRatio: $RATIO, otlp: { endpoint: sink } }\` (batch delay 1 s, queue 2048, batches of 512 posted by the gateway's Vert.x client)."
  echo "traced and untraced: the \"on\" gateway again, every request sending a traceparent, which the gateway follows: flag 01 on a share $RATIO of them (00 on the rest), or 00 on all (nothing exported)."
  echo
  printf '%b\n' "$TABLE"
  echo "**Export on vs off, two processes** (what a user switching it on sees; includes each process's own luck of layout, which \"off vs before\" shows the size of):"
  echo
  echo "| | off | on | on vs off | before ($BASE) | off vs before | floor |"
  echo "|---|---:|---:|---:|---:|---:|---:|"
  echo "| mean req/s | $OFF_RPS | $ON_RPS | $(change "$OFF_RPS" "$ON_RPS") (rounds: $(pairs off on); median $(median off on)) | $BEFORE_RPS | $(change "$BEFORE_RPS" "$OFF_RPS") | $FLOOR_RPS |"
  echo "| mean CPU µs/req | $OFF_CPU | $ON_CPU | $(change "$OFF_CPU" "$ON_CPU") | $BEFORE_CPU | $(change "$BEFORE_CPU" "$OFF_CPU") | $FLOOR_CPU |"
  echo
  echo "**Exporting a share $RATIO vs nothing, one process** (the export's own cost, the process the same):"
  echo
  echo "| | untraced | traced | traced vs untraced |"
  echo "|---|---:|---:|---:|"
  echo "| mean req/s | $UNTRACED_RPS | $TRACED_RPS | $(change "$UNTRACED_RPS" "$TRACED_RPS") (rounds: $(pairs untraced traced); median $(median untraced traced)) |"
  echo "| mean CPU µs/req | $UNTRACED_CPU | $TRACED_CPU | $(change "$UNTRACED_CPU" "$TRACED_CPU") |"
  echo
  echo "The \"on\" gateway's export counters at the end, and what the sink received:"
  echo
  echo '```'
  echo "$METRICS"
  echo "sink: $SINK_STATS"
  echo '```'
  echo
  echo "Where the gateways spent their CPU, µs per request by kind of thread, over every round:"
  echo
  echo "| thread | off | on | untraced | traced |"
  echo "|---|---:|---:|---:|---:|"
  join -a1 -a2 -e 0 -o 0,1.2,2.2 <(split off | sort -k1,1) <(split on | sort -k1,1) \
    | join -a1 -a2 -e 0 -o 0,1.2,1.3,2.2 - <(split untraced | sort -k1,1) \
    | join -a1 -a2 -e 0 -o 0,1.2,1.3,1.4,2.2 - <(split traced | sort -k1,1) | sort -k3 -nr \
    | awk '{ printf "| %s | %s | %s | %s | %s |\n", $1, $2, $3, $4, $5 }'
} >"$OUT/report.md"
# one file per ratio and placement a day; a later run of the same day is -run2, -run3...: one run
# says little on a noisy machine, and the earlier ones must stay beside it
STEM="benchmarks/results/$(date -u +%Y-%m-%d)-tracing-ratio-$RATIO$([ "$PIN" = 1 ] || echo "-shared")"
RESULT="$STEM.md"
RUN=1
while [ -e "$RESULT" ]; do RUN=$((RUN + 1)); RESULT="$STEM-run$RUN.md"; done
cp "$OUT/report.md" "$RESULT"
echo "wrote $OUT/report.md and $RESULT"
cat "$OUT/report.md"
