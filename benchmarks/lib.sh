# Shared by benchmarks/profile.sh and benchmarks/saga.sh (sourced, with OUT set): background
# processes killed when the script ends, readiness, CPU ticks, port checks.
PIDS=()
cleanup() { for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT INT TERM

start() { # VAR NAME COMMAND...: runs it in the background (output in $OUT/NAME.log), its PID in VAR
  local var=$1 name=$2; shift 2
  "$@" >"$OUT/$name.log" 2>&1 &
  PIDS+=($!)
  printf -v "$var" '%s' "$!"
}

await() { # URL: waits up to a minute for it to answer 2xx
  for _ in $(seq 1 120); do
    curl -fsS -o /dev/null "$1" 2>/dev/null && return 0
    sleep 0.5
  done
  echo "not ready: $1" >&2; exit 1
}

ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; } # PID: its user + system CPU ticks

refuse_taken_ports() { # PORT...: a port answered by a leftover process would be measured instead
  for port in "$@"; do
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      echo "port $port is taken: stop what listens there first (the demo? an earlier run?)" >&2; exit 1
    fi
  done
}

java_bin() { echo "${JAVA_HOME:-$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")}/bin/java"; }
