#!/usr/bin/env bash
# Runs every benchmark against a Redis of its own and writes the Markdown report:
#   session-store-benchmarks/run.sh           the full run (about an hour on 2 cores),
#                                             written to BENCHMARKS.md
#   session-store-benchmarks/run.sh --quick   a first look (about 5 minutes), written to
#                                             session-store-benchmarks/target/benchmarks/
# Needs a JDK 17+, redis-server and wrk on the PATH (Debian: apt-get install redis-server wrk).
set -euo pipefail
cd "$(dirname "$0")/.."

for tool in redis-server wrk; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "$tool is not installed; on Debian: apt-get install $tool" >&2
    exit 1
  fi
done

output="$PWD/BENCHMARKS.md"
for arg in "$@"; do
  case "$arg" in
    --quick) output="$PWD/session-store-benchmarks/target/benchmarks/BENCHMARKS.md" ;;
    *) echo "Unknown argument $arg; the only option is --quick" >&2; exit 2 ;;
  esac
done

export MAVEN_ARGS="${MAVEN_ARGS:---batch-mode --no-transfer-progress}"
./mvnw --quiet --projects session-store-benchmarks --also-make package -DskipTests

cd session-store-benchmarks
exec java -cp "target/classes:$(cat target/runtime-classpath.txt)" \
  io.sessionstore.benchmarks.BenchmarkSuite "$@" --output="$output"
