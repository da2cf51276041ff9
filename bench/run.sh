#!/usr/bin/env bash
# Benchmarks the full-matrix export on bench/large-user.cfg. Builds nothing: run
#   mvn -B -o -q package -DskipTests
# first, so that target/pve-audit.jar exists.
set -euo pipefail
cd "$(dirname "$0")/.."

JAR=target/pve-audit.jar
CFG=bench/large-user.cfg
EXPECTED_SHA=c1e541b76f4ed129155bc18a6607511578c03d179b76f768c27d68aa79be0930
EXPECTED_LINES=11082693
RUNS=5

[ -f "$JAR" ] || { echo "missing $JAR: run 'mvn -B -o -q package -DskipTests' first" >&2; exit 2; }
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

echo "== full matrix to /dev/null, $RUNS runs (nproc=$(nproc), load: $(cut -d' ' -f1-3 /proc/loadavg))"
for i in $(seq 1 "$RUNS"); do
    /usr/bin/time -v java -jar "$JAR" permissions --user-cfg "$CFG" --format jsonl --timings \
        > /dev/null 2> "$TMP/run$i.txt"
    wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {print $2}' "$TMP/run$i.txt")
    rss=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$TMP/run$i.txt")
    split=$(grep '^parse ' "$TMP/run$i.txt" || true)
    echo "run $i: wall $wall, peak RSS ${rss} KB; $split"
    # m:ss.cc -> seconds
    echo "$wall" | awk -F: '{ if (NF == 3) print $1*3600 + $2*60 + $3; else print $1*60 + $2 }' >> "$TMP/walls"
    echo "$rss" >> "$TMP/rss"
done
median_wall=$(sort -n "$TMP/walls" | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
peak_rss=$(sort -n "$TMP/rss" | tail -1)
echo "median wall: ${median_wall} s; peak RSS (max of runs): $((peak_rss / 1024)) MB"

echo "== fidelity: sha256 and line count"
java -jar "$JAR" permissions --user-cfg "$CFG" --format jsonl \
    | tee >(wc -l > "$TMP/lines") | sha256sum | cut -d' ' -f1 > "$TMP/sha"
sleep 1
sha=$(cat "$TMP/sha")
lines=$(tr -d ' ' < "$TMP/lines")
echo "lines: $lines (expected $EXPECTED_LINES)"
echo "sha256: $sha"
if [ "$sha" = "$EXPECTED_SHA" ] && [ "$lines" = "$EXPECTED_LINES" ]; then
    echo "MATCH: identical to Proxmox VE's own computation"
else
    echo "MISMATCH: expected $EXPECTED_SHA" >&2
    exit 1
fi

echo "== who-can (load = parse + model; query = after loading, output included)"
for path in /vms/100 /storage/store19 /; do
    printf '%-18s ' "$path"
    java -jar "$JAR" who-can --user-cfg "$CFG" --privilege Sys.Modify --path "$path" --timings 2>&1 >/dev/null | tail -1
done
printf '%-18s ' "(every path)"
java -jar "$JAR" who-can --user-cfg "$CFG" --privilege Sys.Modify --timings 2>&1 >/dev/null | tail -1
