#!/usr/bin/env bash
# Measures a live audit of N clusters, each served by bench/fake_pve.py from bench/large-user.cfg
# (2,001 users, 1,000 tokens, 20,000 ACL lines), against the floor measured in the same run: the
# time to fetch the same endpoints, and the time to compute each cluster's permission matrix.
#
#   mvn -B -o -q package -DskipTests       # first: this script builds nothing
#   bench/audit-scale.sh N [LATENCY_MS]    # N clusters; LATENCY_MS per request (default 20)
#
# Environment: JAVA_OPTS (added to the audit's JVM options, not to the install or the floor; GC logging is
# added here), PVE_AUDIT_JIT
# (quick|full, see bin/pve-audit), FAKE_MAX_SECONDS (the fake stops by itself; default 1800).
# Everything lives in a mktemp -d folder that is removed on exit, and the fake is killed on exit.
set -euo pipefail

usage() { echo "usage: $0 N [LATENCY_MS]" >&2; exit 2; }
[ $# -ge 1 ] && [ $# -le 2 ] || usage
N=$1
LATENCY_MS=${2:-20}
[[ $N =~ ^[1-9][0-9]*$ ]] || usage
[[ $LATENCY_MS =~ ^[0-9]+$ ]] || usage

here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/.." && pwd)"
cfg="$here/large-user.cfg"
tarball=$(find "$root/target" -maxdepth 1 -name 'pve-audit-*.tar.gz' 2>/dev/null | sort | tail -1)
[ -n "$tarball" ] || { echo "no target/pve-audit-*.tar.gz: run 'mvn -B -o -q package -DskipTests' first" >&2; exit 2; }

# shellcheck source=bench/fake-lib.sh
. "$here/fake-lib.sh"
bench_workdir ascale

now() { date +%s.%N; }
# seconds between two `now` values, 2 decimals
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", b - a }'; }
# /usr/bin/time's m:ss.cc or h:mm:ss -> seconds
to_seconds() { awk -F: '{ if (NF == 3) print $1*3600 + $2*60 + $3; else print $1*60 + $2 }'; }

# --- install the distribution as a user would: unpack, then build the CDS archives once ----------
tar xzf "$tarball" -C "$work"
app=$(find "$work" -mindepth 1 -maxdepth 1 -type d -name 'pve-audit-*' | head -1)
pve_audit="$app/bin/pve-audit"
t0=$(now)
JAVA_OPTS= PVE_AUDIT_JIT= "$pve_audit" --create-cds-archive > "$work/cds.log" 2>&1 || { cat "$work/cds.log" >&2; exit 2; }
echo "install: $(basename "$tarball") unpacked, --create-cds-archive in $(elapsed "$t0" "$(now)") s"

# --- the fake clusters: a self-signed certificate the tool verifies (ca-file), one token --------
bench_credentials
token_id='audit@pve!bench'
bench_start_fake --user-cfg "$cfg" --ports "$N" --latency-ms "$LATENCY_MS" --token "$token_id=$secret" \
    --max-seconds "${FAKE_MAX_SECONDS:-1800}"
head -1 "$work/fake.err"

# --- the configuration: N api clusters, reports in three formats, history in the temp folder ----
{
    echo "clusters:"
    while read -r name url; do
        cat <<YML
  - name: $name
    source: api
    endpoints: [$url]
    token-id: "$token_id"
    token-secret-file: $work/token.secret
    ca-file: $work/cert.pem
YML
    done < "$work/ports"
    cat <<YML
rules: ["classpath:rules/baseline.yml"]
report:
  out: $work/reports
  formats: [html, xlsx, json]
history:
  database: $work/history.db
YML
} > "$work/pve-audit.yml"

# --- the audit, under /usr/bin/time, with GC logging (one file per JVM: %p) ---------------------
echo "== audit of $N cluster(s), latency ${LATENCY_MS} ms per request (nproc=$(nproc), load: $(cut -d' ' -f1-3 /proc/loadavg))"
set +e
( cd "$work" && JAVA_OPTS="${JAVA_OPTS:-} -Xlog:gc:file=$work/gc-%p.log" \
    /usr/bin/time -v "$pve_audit" audit -c pve-audit.yml -v > audit.out 2> audit.err )
audit_rc=$?
set -e
wall=$(awk -F': ' '/Elapsed \(wall clock\)/ { print $2 }' "$work/audit.err" | to_seconds)
rss=$(awk -F': ' '/Maximum resident set size/ { print $2 }' "$work/audit.err")
# every "Pause ..." line of -Xlog:gc ends with the pause in ms (Serial, G1 young, remark, cleanup)
read -r gc_count gc_ms < <(cat "$work"/gc-*.log 2> /dev/null \
    | awk '/ Pause / && $NF ~ /ms$/ { n++; sub(/ms$/, "", $NF); s += $NF } END { printf "%d %.1f\n", n, s }')
echo "wall:        ${wall} s"
echo "peak RSS:    $((rss / 1024)) MB"
echo "GC pauses:   ${gc_ms} ms in ${gc_count} pauses"
echo "exit code:   ${audit_rc} (1 = findings, the normal outcome here)"
# the -v log: request counts and collect time per cluster, rules, and the step times
grep -E ' requests to | rules evaluated, |step [A-Za-z:0-9-]+: |job ended' "$work/audit.err" \
    | sed -E 's/^[0-9:.]+ +[A-Z]+ +/  /' || true
grep -E 'WARN|ERROR' "$work/audit.err" | sed 's/^/  log: /' | head -20 || true
sed 's/^/  out: /' "$work/audit.out"

# --- floor (a): fetch every endpoint of every cluster, all clusters at once, each cluster's ------
# requests in the tool's order and concurrency: /version, /access/permissions, then the eight
# lists 4 at a time, then each realm's and each pool's details 4 at a time
first_url=$(head -1 "$work/ports" | cut -d' ' -f2)
auth="Authorization: PVEAPIToken=$token_id=$secret"
printf 'header = "%s"\ncacert = "%s"\nshow-error\nfail\n' "$auth" "$work/cert.pem" > "$work/curl.cfg"
curl -s -K "$work/curl.cfg" "$first_url/api2/json/access/domains" -o "$work/domains.json"
curl -s -K "$work/curl.cfg" "$first_url/api2/json/pools" -o "$work/pools.json"
python3 - "$work" << 'PY'
import json, sys, urllib.parse
work = sys.argv[1]
realms = [r["realm"] for r in json.load(open(f"{work}/domains.json"))["data"]]
pools = [p["poolid"] for p in json.load(open(f"{work}/pools.json"))["data"]]
q = lambda s: urllib.parse.quote(s, safe="")
with open(f"{work}/details.txt", "w") as fh:
    fh.writelines([f"/access/domains/{q(r)}\n" for r in realms] + [f"/pools?poolid={q(p)}\n" for p in pools])
PY
lists="/cluster/status /access/users?full=1 /access/acl /access/roles /access/groups /access/domains /access/tfa /pools"
fetch_cluster() {   # $1 = base URL; each stage a curl run, so its connections are reused
    local base=$1 args=() p
    curl -s -K "$work/curl.cfg" "$base/api2/json/version" -o /dev/null "$base/api2/json/access/permissions" -o /dev/null
    for p in $lists; do args+=("$base/api2/json$p" -o /dev/null); done
    curl -s --no-progress-meter -K "$work/curl.cfg" -Z --parallel-max 4 "${args[@]}"
    args=()
    while read -r p; do args+=("$base/api2/json$p" -o /dev/null); done < "$work/details.txt"
    curl -s --no-progress-meter -K "$work/curl.cfg" -Z --parallel-max 4 "${args[@]}"
}
requests=$(( 10 + $(wc -l < "$work/details.txt") ))
t0=$(now)
pids=()
while read -r _ url; do
    fetch_cluster "$url" &
    pids+=($!)
done < "$work/ports"
for p in "${pids[@]}"; do wait "$p"; done
floor_fetch=$(elapsed "$t0" "$(now)")

# --- floor (b): the permission matrix of each cluster's user.cfg, one run per cluster -------------
floor_perm=0
perm_runs=""
for _ in $(seq 1 "$N"); do
    t0=$(now)
    JAVA_OPTS= PVE_AUDIT_JIT= "$pve_audit" permissions --user-cfg "$cfg" --format jsonl > /dev/null
    s=$(elapsed "$t0" "$(now)")
    perm_runs="$perm_runs $s"
    floor_perm=$(awk -v a="$floor_perm" -v b="$s" 'BEGIN { printf "%.2f", a + b }')
done
floor=$(awk -v a="$floor_fetch" -v b="$floor_perm" 'BEGIN { printf "%.2f", a + b }')

echo "== floor, same run"
echo "fetch:       ${floor_fetch} s (curl, $N cluster(s) at once, $requests requests each)"
echo "permissions: ${floor_perm} s (sum of $N run(s) of 'permissions --user-cfg --format jsonl':${perm_runs} s)"
echo "floor:       ${floor} s"
echo "ratio:       $(awk -v a="$wall" -v b="$floor" 'BEGIN { printf "%.2f", a / b }') (audit wall / floor)"
