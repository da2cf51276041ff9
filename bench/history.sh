#!/usr/bin/env bash
# History benchmark (not a test): builds a history of RUNS runs x CLUSTERS clusters x FINDINGS findings
# in DB (default /tmp/pve-audit-bench/history.db; about 26 MB per run at 20 x 2000), times the queries
# behind `history`, `history show`, `diff` and the report's trend, the history step of one more run and
# pruning, then times the real commands in a fresh JVM against the same file.
#   bench/history.sh [RUNS] [CLUSTERS] [FINDINGS] [DB]     (add --reuse as 5th argument to skip generation)
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${1:-400}; CLUSTERS=${2:-20}; FINDINGS=${3:-2000}; DB=${4:-/tmp/pve-audit-bench/history.db}; REUSE=${5:-}
mkdir -p "$(dirname "$DB")"
mvn -B -o -q test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.cp >/dev/null
CP="target/test-classes:target/classes:$(cat target/bench.cp)"
java -cp "$CP" org.pveaudit.history.HistoryBench "$DB" "$RUNS" "$CLUSTERS" "$FINDINGS" $REUSE
LAST=$((RUNS + 1))
echo "commands in a fresh JVM (JVM start included; 'pve-audit --version' is the floor):"
t() { local s=$(date +%s%N); "$@" >/dev/null; echo "  $(( ($(date +%s%N) - s) / 1000000 )) ms  ${*:5}"; }
t java -cp "$CP" org.pveaudit.cli.Main --version
t java -cp "$CP" org.pveaudit.cli.Main history --database "$DB"
t java -cp "$CP" org.pveaudit.cli.Main history show "$LAST" --database "$DB"
t java -cp "$CP" org.pveaudit.cli.Main diff $((LAST - 1)) "$LAST" --database "$DB"
t java -cp "$CP" org.pveaudit.cli.Main diff 2 "$LAST" --database "$DB"
# The same through the installed launcher, as an operator runs them (bin/pve-audit with its AppCDS
# archives): needs the tarball, `mvn -B package -DskipTests`.
TAR=$(ls target/pve-audit-*.tar.gz 2>/dev/null | sed -n 1p)
if [ -n "$TAR" ]; then
    INST=$(mktemp -d)
    trap 'rm -rf "$INST"' EXIT
    tar xzf "$TAR" -C "$INST"
    L=$(ls -d "$INST"/pve-audit-*/bin/pve-audit)
    "$L" --create-cds-archive >/dev/null
    echo "through bin/pve-audit with --create-cds-archive:"
    l() { local s=$(date +%s%N); "$L" "$@" >/dev/null; echo "  $(( ($(date +%s%N) - s) / 1000000 )) ms  $*"; }
    l --version
    l history --database "$DB"
    l history show "$LAST" --database "$DB"
    l diff $((LAST - 1)) "$LAST" --database "$DB"
    l diff 2 "$LAST" --database "$DB"
fi
