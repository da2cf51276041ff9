#!/usr/bin/env bash
# Issue 18's benchmark: N fake clusters of mid size (bench/mid-user.cfg: 30 users, 12 tokens, 13 groups,
# 60 ACL entries; LATENCY_MS per request) audited on this machine twice, from the same fake servers:
#   single    one `pve-audit audit` reading every cluster itself (all of site local)
#   scale-out half the clusters of site east, half of site west, 2 workers per site (`pve-audit worker`),
#             a broker (bench/broker/Broker.java), the manager `pve-audit audit` and the workers sharing one
#             SQLite history file (docs/scale-out.md: SQLite is fine when they are on one machine)
# and both modes again at SMALL clusters, to see whether the manager's heap grows with the clusters.
# Reports are json only: the bench measures collection at scale (the report writers have bench/reports.sh).
#
#   mvn -B -o -q package -DskipTests                  # first: this script builds nothing (but asks Maven,
#                                                     # offline, for the test class path of the broker)
#   bench/scale-out.sh [CLUSTERS [LATENCY_MS [SMALL]]]  # default 200 20 50; SMALL=0 skips the small runs
#
# Environment: JAVA_OPTS (added to every pve-audit JVM; GC logging is added here), PVE_AUDIT_JIT (see
# bin/pve-audit), HEAP_PROBE (seconds: sample the audits' live heap, below), WORKER_PARALLEL (each worker's
# parallel.collect; default pve-audit's, 8, as the single audit's: 4 workers then read 32 clusters at once), FAKE_MAX_CONNECTIONS (default 1024: connections the fake holds open at once, all clusters),
# BENCH_MAX_SECONDS (the fake and the broker stop by themselves after it; default 1800), SCALE_OUT_WAIT (the
# manager's scale-out.wait, default 10m; a second or two makes clusters NOT_AUDITED: a test of the checks).
# Exits 1 when a mode left a cluster not audited, or the two modes found a different number of findings.
# Everything lives in a mktemp -d folder that is removed on exit; every process started here is killed on exit.
set -euo pipefail

usage() { echo "usage: $0 [CLUSTERS [LATENCY_MS [SMALL]]]" >&2; exit 2; }
[ $# -le 3 ] || usage
N=${1:-200}
LATENCY_MS=${2:-20}
SMALL=${3:-50}
[[ $N =~ ^[1-9][0-9]*$ ]] || usage
[[ $LATENCY_MS =~ ^[0-9]+$ ]] || usage
if ! [[ $SMALL =~ ^[0-9]+$ ]] || [ "$SMALL" -ge "$N" ]; then echo "SMALL must be a number below CLUSTERS" >&2; usage; fi
[ "$N" -ge 2 ] || { echo "CLUSTERS must be at least 2 (one per site)" >&2; usage; }
MAX_SECONDS=${BENCH_MAX_SECONDS:-1800}
MAX_CONNECTIONS=${FAKE_MAX_CONNECTIONS:-1024}

here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/.." && pwd)"
cfg="$here/mid-user.cfg"
tarball=$(find "$root/target" -maxdepth 1 -name 'pve-audit-*.tar.gz' 2>/dev/null | sort | tail -1)
[ -n "$tarball" ] || { echo "no target/pve-audit-*.tar.gz: run 'mvn -B -o -q package -DskipTests' first" >&2; exit 2; }
# one server socket per cluster and up to MAX_CONNECTIONS connections, in the fake's one process
[ "$(ulimit -n)" = unlimited ] || [ "$(ulimit -n)" -ge $((N + MAX_CONNECTIONS + 64)) ] \
    || { echo "ulimit -n is $(ulimit -n): the fake needs $((N + MAX_CONNECTIONS + 64)) file descriptors" >&2; exit 2; }

# shellcheck source=bench/fake-lib.sh
. "$here/fake-lib.sh"
bench_workdir scaleout
# the workers and the broker run in the background: killed on exit, before fake-lib removes the folder
children=()
# shellcheck disable=SC2317  # run by the EXIT trap
cleanup() {
    local p
    for p in "${children[@]}"; do kill "$p" 2> /dev/null || true; done
    for p in "${children[@]}"; do wait "$p" 2> /dev/null || true; done
    bench_cleanup
}
trap cleanup EXIT

now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", b - a }'; }
to_seconds() { awk -F: '{ if (NF == 3) print $1*3600 + $2*60 + $3; else print $1*60 + $2 }'; }
# "peak after GC / peak before GC / largest heap size" in MB, from a -Xlog:gc file ("... 33M->12M(123M) ...")
heap_of() {
    awk 'match($0, /[0-9]+M->[0-9]+M\([0-9]+M\)/) {
            split(substr($0, RSTART, RLENGTH), v, /M->|M\(|M\)/)
            if (v[2] + 0 > after) after = v[2] + 0; if (v[1] + 0 > before) before = v[1] + 0
            if (v[3] + 0 > size) size = v[3] + 0; n++ }
         END { if (n) printf "%d / %d / %d MB (%d GCs)", after, before, size, n; else printf "no GC" }' "$@"
}

# one cluster's read as the -v log says it ("mid3: collected 30 users, … in 812 ms"): median, 90th percentile, max
collect_ms() {
    grep -hoE ': collected [0-9]+ users?, .* in [0-9]+ ms' "$@" 2> /dev/null | awk '{ print $(NF - 1) }' | sort -n \
        | awk '{ v[NR] = $1 } END { if (NR) printf "median %d, p90 %d, max %d ms over %d clusters", v[int((NR + 1) / 2)],
            v[int(NR * 0.9 + 0.5)], v[NR], NR; else printf "none logged" }'
}

# --- install the distribution as a user would: unpack, then build the CDS archives once ----------
tar xzf "$tarball" -C "$work"
app=$(find "$work" -mindepth 1 -maxdepth 1 -type d -name 'pve-audit-*' | head -1)
pve_audit="$app/bin/pve-audit"
t0=$(now)
JAVA_OPTS='' PVE_AUDIT_JIT='' "$pve_audit" --create-cds-archive > "$work/cds.log" 2>&1 || { cat "$work/cds.log" >&2; exit 2; }
echo "install: $(basename "$tarball") unpacked, --create-cds-archive in $(elapsed "$t0" "$(now)") s"

# --- the broker's class path: artemis-jakarta-server is a test dependency, in ~/.m2 -------------------
(cd "$root" && mvn -B -o -q dependency:build-classpath -Dmdep.includeScope=test \
    -Dmdep.outputFile="$work/test-classpath.txt" > "$work/mvn.log" 2>&1) || { cat "$work/mvn.log" >&2; exit 2; }
# compiled once here rather than by the source launcher at each start
javac -nowarn -d "$work/broker-classes" -cp "$(cat "$work/test-classpath.txt")" "$here/broker/Broker.java" 2> /dev/null
broker_password=$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')
printf '%s' "$broker_password" > "$work/broker.password"
chmod 600 "$work/broker.password"

# --- the fake clusters: one process, N servers, the same user.cfg, names mid1..midN ------------------
bench_credentials
token_id='audit@pve!bench'
bench_start_fake --user-cfg "$cfg" --ports "$N" --name-prefix mid --latency-ms "$LATENCY_MS" \
    --token "$token_id=$secret" --max-connections "$MAX_CONNECTIONS" --max-seconds "$MAX_SECONDS"
head -1 "$work/fake.err"

# --- configurations ---------------------------------------------------------------------------------
# clusters N: the first N lines of the port file; cluster i is of site east when i is odd, west when even
api_cluster() {   # NAME URL [SITE]
    printf '  - name: %s\n' "$1"
    [ -z "${3:-}" ] || printf '    site: %s\n' "$3"
    cat << YML
    source: api
    endpoints: [$2]
    token-id: "$token_id"
    token-secret-file: $work/token.secret
    ca-file: $work/cert.pem
YML
}
common() {   # REPORT_DIR HISTORY_FILE
    cat << YML
rules: ["classpath:rules/baseline.yml"]
report:
  out: $1
  formats: [json]
history:
  database: $2
YML
}
scale_out() {   # BROKER_URL
    cat << YML
scale-out:
  broker: $1
  user: bench
  password-file: $work/broker.password
  wait: ${SCALE_OUT_WAIT:-10m}
YML
}
site_of() { if [ $(($1 % 2)) -eq 1 ]; then echo east; else echo west; fi; }

write_single() {   # COUNT -> $work/single-COUNT.yml
    local n=$1 i=0 name url
    {
        echo "clusters:"
        while read -r name url && [ "$i" -lt "$n" ]; do i=$((i + 1)); api_cluster "$name" "$url"; done < "$work/ports"
        common "$work/reports-single-$n" "$work/single-$n.db"
    } > "$work/single-$n.yml"
}
write_scale_out() {   # COUNT BROKER_URL -> $work/manager-COUNT.yml, worker-east-COUNT.yml, worker-west-COUNT.yml
    local n=$1 url=$2 i=0 name endpoint site
    {
        echo "clusters:"
        while read -r name endpoint && [ "$i" -lt "$n" ]; do
            i=$((i + 1)); printf '  - name: %s\n    site: %s\n' "$name" "$(site_of "$i")"
        done < "$work/ports"
        common "$work/reports-scale-out-$n" "$work/scale-out-$n.db"
        scale_out "$url"
    } > "$work/manager-$n.yml"
    for site in east west; do
        i=0
        {
            echo "clusters:"
            while read -r name endpoint && [ "$i" -lt "$n" ]; do
                i=$((i + 1)); [ "$(site_of "$i")" = "$site" ] && api_cluster "$name" "$endpoint" "$site"
            done < "$work/ports"
            # a worker stores the snapshot in the manager's history file; it writes no report
            printf 'history:\n  database: %s\n' "$work/scale-out-$n.db"
            [ -z "${WORKER_PARALLEL:-}" ] || printf 'parallel:\n  collect: %s\n' "$WORKER_PARALLEL"
            scale_out "$url"
        } > "$work/worker-$site-$n.yml"
    done
}

# --- one audit, under /usr/bin/time, with a GC log; the summary and checks read its outputs -----------
declare -A wall rc rss heap audited not_audited findings broker_count worker_rss worker_heap
run_audit() {   # MODE COUNT CONFIG
    local mode=$1 n=$2 config=$3 key="$1-$2" summary
    ( cd "$work" && JAVA_OPTS="${JAVA_OPTS:-} -Xlog:gc:file=$work/gc-$key.log" \
        exec /usr/bin/time -v "$pve_audit" audit -c "$config" -v > "$work/audit-$key.out" 2> "$work/audit-$key.err" ) &
    local time_pid=$!
    [ -z "${HEAP_PROBE:-}" ] || probe_heap "$time_pid" "$key"
    set +e
    wait "$time_pid"
    rc[$key]=$?
    set -e
    wall[$key]=$(awk -F': ' '/Elapsed \(wall clock\)/ { print $2 }' "$work/audit-$key.err" | to_seconds)
    rss[$key]=$(( $(awk -F': ' '/Maximum resident set size/ { print $2 }' "$work/audit-$key.err") / 1024 ))
    heap[$key]=$(heap_of "$work/gc-$key.log" 2> /dev/null || true)
    audited[$key]=$(grep -cE '^  [^ ]+ \(PVE ' "$work/audit-$key.out" || true)
    not_audited[$key]=$(grep -c ': NOT AUDITED: ' "$work/audit-$key.out" || true)
    findings[$key]=$(python3 -c 'import json, sys; print(len(json.load(open(sys.argv[1]))["findings"]))' \
        "$work"/reports-"$key"/*/findings.json 2> /dev/null || echo "?")
    summary="${audited[$key]} clusters audited, ${not_audited[$key]} not audited, ${findings[$key]} findings"
    echo "  $mode, $n clusters: ${wall[$key]} s, exit ${rc[$key]}, $summary; manager peak RSS ${rss[$key]} MB," \
        "heap after GC / before GC / size: ${heap[$key]}"
    # the -v log: the job's steps
    echo "    steps: $(grep -oE 'step [a-zA-Z]+: [A-Z]+ in [0-9]+ ms' "$work/audit-$key.err" | sed -E 's/^step //' \
        | tr '\n' ';')"
    [ -z "${HEAP_PROBE:-}" ] || echo "    live heap (HEAP_PROBE): ${probe[$key]}"
    [ "$mode" != single ] || echo "    one cluster's read: $(collect_ms "$work/audit-$key.err")"
    grep -E 'WARN|ERROR' "$work/audit-$key.err" | grep -v 'is not in /access/users' | sed 's/^/    log: /' | head -5 || true
    grep -E 'NOT AUDITED' "$work/audit-$key.out" | sed 's/^/    out: /' | head -5 || true
}

# HEAP_PROBE=1: the audit JVM's live heap, sampled every HEAP_PROBE seconds with `jcmd PID GC.class_histogram`
# (a full GC each time, so the wall times of such a run are not the bench's): the largest sample, and the
# classes that held most of it then. The GC logs' "after GC" peak is cheaper but depends on when a GC happens.
declare -A probe
probe_heap() {   # PID_OF_TIME KEY
    local pid=$1 key=$2 java="" total best=0 c
    for _ in $(seq 1 200); do   # /usr/bin/time's child is the launcher, which execs java
        java=$(pgrep -P "$pid" || true)
        [ -n "$java" ] && [ "$(cat "/proc/$java/comm" 2> /dev/null)" = java ] && break
        sleep 0.05
    done
    [ -n "$java" ] || { probe[$key]="no JVM found"; return; }
    while kill -0 "$java" 2> /dev/null; do
        sleep "$HEAP_PROBE"
        jcmd "$java" GC.class_histogram > "$work/histo.txt" 2> /dev/null || continue
        total=$(awk '/^Total/ { print $3 }' "$work/histo.txt")
        if [ -z "$total" ] || [ "$total" -le "$best" ]; then continue; fi
        best=$total
        cp "$work/histo.txt" "$work/histo-$key.txt"
    done
    c=$(awk 'NR > 3 && NR <= 8 { printf "%s%s %.1f MB", sep, $4, $3 / 1048576; sep = ", " }' \
        "$work/histo-$key.txt" 2> /dev/null || true)
    c="$c; of pve-audit's own: $(awk '$4 ~ /^org\.pveaudit\./ && n++ < 6 { sub(/^org\.pveaudit\./, "", $4)
        printf "%s%s %.1f MB", sep, $4, $3 / 1048576; sep = ", " }' "$work/histo-$key.txt" 2> /dev/null || true)"
    probe[$key]="at most $((best / 1048576)) MB live (largest classes: $c)"
}

run_single() {   # COUNT
    write_single "$1"
    run_audit single "$1" "$work/single-$1.yml"
}

run_scale_out() {   # COUNT: a broker and four workers of its own, so that its message count is its own
    local n=$1 key="scale-out-$1" broker_pid w site pid url
    rm -f "$work/broker.url"
    ( cd "$work" && exec java -Xmx256m -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -cp \
        "$work/broker-classes:$(cat "$work/test-classpath.txt")" Broker "$work/broker.url" bench \
        "$work/broker.password" "$MAX_SECONDS" > "$work/broker-$n.out" 2> "$work/broker-$n.err" ) &
    broker_pid=$!
    children+=("$broker_pid")
    bench_await "$work/broker.url" "$broker_pid" "$work/broker-$n.err" 60 "the broker"
    url=$(cat "$work/broker.url")
    write_scale_out "$n" "$url"
    # the workers: the launcher execs java, so $! is the worker's JVM (its /proc/PID/status has the peak RSS)
    local workers=() pids=()
    for w in east-1 east-2 west-1 west-2; do
        site=${w%-*}
        ( cd "$work" && JAVA_OPTS="${JAVA_OPTS:-} -Xlog:gc:file=$work/gc-$key-$w.log" exec "$pve_audit" worker \
            --site "$site" -c "$work/worker-$site-$n.yml" --name "$w" -v > "$work/worker-$key-$w.log" 2>&1 ) &
        pid=$!
        children+=("$pid")
        workers+=("$w")
        pids+=("$pid")
    done
    # ready when it says it consumes its site's queue (as WorkerProcessTest waits)
    for i in "${!workers[@]}"; do
        w=${workers[$i]}
        for _ in $(seq 1 1200); do
            grep -q "consuming pve-audit.collect.${w%-*}" "$work/worker-$key-$w.log" 2> /dev/null && break
            kill -0 "${pids[$i]}" 2> /dev/null || { cat "$work/worker-$key-$w.log" >&2; exit 2; }
            sleep 0.1
        done
        grep -q "consuming pve-audit.collect.${w%-*}" "$work/worker-$key-$w.log" \
            || { echo "worker $w did not start in 120 s" >&2; tail "$work/worker-$key-$w.log" >&2; exit 2; }
    done

    run_audit scale-out "$n" "$work/manager-$n.yml"

    local rss_list="" heap_list="" collected
    for i in "${!workers[@]}"; do
        w=${workers[$i]}
        pid=${pids[$i]}
        collected=$(grep -c "collected by worker $w" "$work/worker-$key-$w.log" || true)
        if kill -0 "$pid" 2> /dev/null; then
            rss_list="$rss_list $w $(awk '/^VmHWM/ { printf "%d", $2 / 1024 }' "/proc/$pid/status") MB ($collected clusters);"
        else
            rss_list="$rss_list $w DIED during the run ($collected clusters);"
            echo "    worker $w died: $(tail -1 "$work/worker-$key-$w.log")" >&2
        fi
        kill "$pid" 2> /dev/null || true
        wait "$pid" 2> /dev/null || true
        heap_list="$heap_list $w $(heap_of "$work/gc-$key-$w.log" 2> /dev/null || true);"
        grep -E 'WARN|ERROR' "$work/worker-$key-$w.log" | grep -v 'is not in /access/users' \
            | sed "s/^/    $w log: /" | head -3 || true
    done
    kill "$broker_pid" 2> /dev/null || true
    wait "$broker_pid" 2> /dev/null || true
    worker_rss[$key]=${rss_list# }
    worker_heap[$key]=${heap_list# }
    broker_count[$key]=$(awk '/^total added/ { print $3 " added, " $5 " acknowledged" }' "$work/broker-$n.out")
    echo "    one cluster's read by a worker: $(collect_ms "$work"/worker-"$key"-*.log)"
    echo "    workers' peak RSS: ${worker_rss[$key]}"
    echo "    workers' heap after GC / before GC / size: ${worker_heap[$key]}"
    echo "    broker: ${broker_count[$key]}; $(grep '^queue ' "$work/broker-$n.out" | tr '\n' ';')"
}

echo "== $N mid-size clusters (30 users, 12 tokens, 13 groups, 60 ACL entries), latency ${LATENCY_MS} ms per request" \
    "(nproc=$(nproc), load: $(cut -d' ' -f1-3 /proc/loadavg))"
run_single "$N"
run_scale_out "$N"
if [ "$SMALL" -gt 0 ]; then
    echo "== the same at $SMALL clusters (load: $(cut -d' ' -f1-3 /proc/loadavg))"
    run_single "$SMALL"
    run_scale_out "$SMALL"
fi
# the fake says how many connections it held at most, and whether any waited for --max-connections
kill "$fake_pid" 2> /dev/null || true
wait "$fake_pid" 2> /dev/null || true
fake_pid=""
tail -1 "$work/fake.err"

echo "== summary"
printf '%-10s %8s %7s %6s %10s %10s %9s %s\n' mode clusters wall exit audited findings "RSS MB" "manager heap after GC / before / size"
fail=0
for n in "$N" $([ "$SMALL" -gt 0 ] && echo "$SMALL"); do
    for mode in single scale-out; do
        key="$mode-$n"
        printf '%-10s %8s %6ss %6s %10s %10s %9s %s\n' "$mode" "$n" "${wall[$key]}" "${rc[$key]}" \
            "${audited[$key]}/$n" "${findings[$key]}" "${rss[$key]}" "${heap[$key]}"
        if [ "${audited[$key]}" != "$n" ] || [ "${not_audited[$key]}" != 0 ]; then
            echo "FAIL: $mode at $n clusters: ${audited[$key]} audited, ${not_audited[$key]} not audited" >&2
            fail=1
        fi
    done
    if [ "${findings[single-$n]}" != "${findings[scale-out-$n]}" ]; then
        echo "FAIL: at $n clusters single-process found ${findings[single-$n]} findings, scale-out ${findings[scale-out-$n]}" >&2
        fail=1
    fi
    echo "  scale-out / single at $n clusters: $(awk -v a="${wall[scale-out-$n]}" -v b="${wall[single-$n]}" \
        'BEGIN { printf "%.2f", a / b }') (target: at most 1.5); broker: ${broker_count[scale-out-$n]}"
done
exit "$fail"
