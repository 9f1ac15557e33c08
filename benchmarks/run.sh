#!/usr/bin/env bash
# Builds the benchmarks and runs them once: the JMH micro-benchmarks of the group lock
# (about 2 minutes), then the load benchmark of Interlock against plain Jetty (about 3 minutes).
# Results go to benchmarks/target/results/: jmh.json, jmh.txt, overhead.csv, overhead.json,
# overhead.md. Run it alone: anything else busy on the machine shows up as noise.
#
#   benchmarks/run.sh              build (api, engine, benchmarks; no tests) and run everything
#   SKIP_BUILD=1 benchmarks/run.sh reuse benchmarks/target/benchmarks.jar as it is
#   JMH_ONLY=1 / LOAD_ONLY=1       run one half
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
jar="$here/target/benchmarks.jar"
results="$here/target/results"

if [[ "${SKIP_BUILD:-0}" != 1 ]]; then
  echo "== build: mvn -q -DskipTests -pl benchmarks -am package" >&2
  (cd "$root" && mvn -q -DskipTests -pl benchmarks -am package)
fi
[[ -f "$jar" ]] || { echo "missing $jar: build first (without SKIP_BUILD=1)" >&2; exit 1; }
mkdir -p "$results"

# One fixed heap for both halves, so that heap sizing is not part of what differs between runs.
jvm=(-Xms1g -Xmx1g)
echo "== machine: $(nproc) cores; $(java -version 2>&1 | head -1)" >&2

if [[ "${LOAD_ONLY:-0}" != 1 ]]; then
  echo "== JMH: uncontended lock acquire/release (short settings for a small machine)" >&2
  # -f 1 -wi 3 -i 5 -w 1s -r 1s: ~10 s per benchmark; -foe: a failing benchmark fails the run.
  java "${jvm[@]}" -jar "$jar" -f 1 -wi 3 -i 5 -w 1s -r 1s -foe true \
    -rf json -rff "$results/jmh.json" UncontendedLockBenchmark | tee "$results/jmh.txt"
fi

if [[ "${JMH_ONLY:-0}" != 1 ]]; then
  echo "== load: hello servlet, plain Jetty vs Interlock (fixed clients, rounds and durations in code)" >&2
  java "${jvm[@]}" -cp "$jar" dev.interlock.benchmarks.load.OverheadBenchmark "$results"
fi
echo "== results in $results" >&2
