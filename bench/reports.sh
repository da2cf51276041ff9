#!/usr/bin/env bash
# Report writers benchmark (not a test): writes report.html, report.xlsx and findings.json (the job's default
# order) for a generated run of FINDINGS findings over CLUSTERS clusters, a warm-up and ITERATIONS timed rounds,
# in a JVM of HEAP (default 256m), and prints per writer the wall time, GC time and peak heap.
#   bench/reports.sh [FINDINGS] [ITERATIONS] [CLUSTERS] [OUT]       HEAP=256m JAVA_OPTS=... (e.g. JFR)
set -euo pipefail
cd "$(dirname "$0")/.."
FINDINGS=${1:-100000}; ITERATIONS=${2:-3}; CLUSTERS=${3:-4}; OUT=${4:-/tmp/pve-audit-bench/reports}
mkdir -p "$OUT"
mvn -B -o -q test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.cp >/dev/null
CP="target/test-classes:target/classes:$(cat target/bench.cp)"
echo "$(nproc) cores, $(uptime | sed 's/.*load/load/')"
java -Xmx"${HEAP:-256m}" ${JAVA_OPTS:-} -cp "$CP" org.pveaudit.report.ReportBench "$OUT" "$FINDINGS" "$ITERATIONS" "$CLUSTERS"
