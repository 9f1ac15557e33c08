#!/usr/bin/env bash
# Builds the benchmarks and the sample WARs they deploy, and runs every benchmark once (about
# 13 minutes on 2 cores):
#   1. JMH: the uncontended lock operations, and one lock wanted by 2, 4 and 16 threads next to
#      ReentrantLock (fair and not) and Semaphore (about 3.5 minutes);
#   2. load, in one JVM (about 9 minutes): the overhead of Interlock on a hello servlet, then
#      the lock disciplines on the real sample WARs: parallelism (cpu-bound), I/O release
#      (io-bound against QoSHandler and a synchronized servlet) and convoy.
# Results go to benchmarks/target/results/: summary.png (the chart), summary.csv, summary.json,
# summary.md, and each benchmark's own files (jmh.md and jmh-*.json, overhead.*, locks.*). Run it on an idle
# machine: anything else busy shows up as noise (the results record the load average).
#
#   benchmarks/run.sh                        build (no tests) and run everything
#   SKIP_BUILD=1 benchmarks/run.sh           reuse benchmarks/target/benchmarks.jar and the WARs as they are
#   JMH_ONLY=1 / LOAD_ONLY=1                 run only JMH / only the load benchmarks
#   SCENARIOS=parallelism,convoy             only these load benchmarks, among
#                                            overhead, parallelism, io-release, convoy
#   JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64 benchmarks/run.sh
#                                            run on that JDK (default: java on the PATH); on
#                                            Java 21+ the parallelism benchmark adds its cells
#                                            with a virtual-thread executor group
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
jar="$here/target/benchmarks.jar"
results="$here/target/results"
scenarios="${SCENARIOS:-overhead,parallelism,io-release,convoy}"

if [[ "${SKIP_BUILD:-0}" != 1 ]]; then
  modules=benchmarks,samples/cpu-bound,samples/io-bound
  echo "== build: mvn -q -DskipTests -pl $modules -am package" >&2
  (cd "$root" && mvn -q -DskipTests -pl "$modules" -am package)
fi
[[ -f "$jar" ]] || { echo "missing $jar: build first (without SKIP_BUILD=1)" >&2; exit 1; }
for war in cpu-bound io-bound; do
  [[ -f "$root/samples/$war/target/$war.war" ]] || { echo "missing samples/$war/target/$war.war: build first (without SKIP_BUILD=1)" >&2; exit 1; }
done
mkdir -p "$results"

# One fixed heap for every JVM, so that heap sizing is not part of what differs between runs.
jvm=(-Xms1g -Xmx1g)
java="${JAVA_HOME:+$JAVA_HOME/bin/}java"
echo "== machine: $(nproc) cores; $("$java" -version 2>&1 | head -1); load average $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo unknown)" >&2
others="$( (pgrep -f 'org.codehaus.plexus.classworlds|surefire' || true) | wc -l)"
if [[ "$others" != 0 ]]; then
  echo "== warning: $others other Maven/Surefire process(es) running: the figures will be noisy" >&2
fi

started=$SECONDS
if [[ "${LOAD_ONLY:-0}" != 1 ]]; then
  echo "== JMH: the lock uncontended, then contended by 2, 4 and 16 threads (short settings for a small machine)" >&2
  # 1 fork; 3+5 iterations of 1 s uncontended, 2+4 contended; a failing benchmark fails the run.
  "$java" "${jvm[@]}" -cp "$jar" dev.interlock.benchmarks.jmh.JmhSuite "$results" | tee "$results/jmh.txt"
fi

if [[ "${JMH_ONLY:-0}" != 1 ]]; then
  echo "== load: $scenarios (fixed clients, work sizes, threads, rounds and durations in code)" >&2
  "$java" "${jvm[@]}" -Djava.awt.headless=true -Dbench.samples="$root/samples" -Dbench.scenarios="$scenarios" \
    -cp "$jar" dev.interlock.benchmarks.load.AllBenchmarks "$results"
fi
echo "== done in $((SECONDS - started)) s; results in $results (chart: summary.png)" >&2
