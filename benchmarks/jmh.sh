#!/usr/bin/env bash
# JMH microbenchmarks of the rule engine's hot paths (see benchmarks/README.md).
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
} > benchmarks/results/jmh-latest.md
echo "wrote benchmarks/results/jmh-latest.md"
