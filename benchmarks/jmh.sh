#!/usr/bin/env bash
# JMH microbenchmarks of the rule engine's and the call stack's hot paths (see benchmarks/README.md).
#   benchmarks/jmh.sh [JMH options]   e.g. benchmarks/jmh.sh -f 1 -wi 3 -i 5 Shaping
# Results go to benchmarks/results/jmh-latest.md (and into RESULTS.md on the next full run).
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -Pquick package
OUT=benchmarks/target/jmh.txt
timeout 1200 java -cp benchmarks/target/mosaic-bench.jar org.openjdk.jmh.Main -rf text -rff "$OUT" \
  -f 1 -wi 3 -w 2s -i 5 -r 2s "$@"
{
  echo "# Microbenchmarks (JMH)"
  echo
  echo "\`benchmarks/jmh.sh $*\` on $(date -u +%Y-%m-%d), $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(java -version 2>&1 | head -1). Average time per operation; ± is the 99.9% confidence interval."
  echo
  echo '```'
  cat "$OUT"
  echo '```'
  # issue 4: the resilience decorators may cost at most 5 µs of CPU per call on the healthy path
  awk '$1 == "CallStackBenchmark.bare" { bare = $4; be = $6 } $1 == "CallStackBenchmark.fullStack" { full = $4; fe = $6 }
    END { if (bare != "" && full != "") {
      printf "\nCallStackBenchmark: the full decorator stack (breaker, bulkhead, retry + budget, hedge, balancer over 2"
      printf " instances) costs %.0f ns (± %.0f) per call over the bare call; target ≤ 5000 ns: %s.\n",
        full - bare, fe + be, (full - bare <= 5000 ? "met" : "**not met**") } }' "$OUT"
} > benchmarks/results/jmh-latest.md
echo "wrote benchmarks/results/jmh-latest.md"
