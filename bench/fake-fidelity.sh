#!/usr/bin/env bash
# Checks that bench/fake_pve.py serves what Proxmox VE would serve for bench/large-user.cfg, as seen
# by pve-audit: the same cluster read live through the fake (source api) and offline from the file
# (source usercfg) must give
#   1. the same full permission matrix, byte for byte (sha256 of `permissions --format jsonl` from
#      --user-cfg, from the live cluster -c/--cluster, and from the snapshot folder `collect` wrote);
#   2. the same findings (rule, severity, subject, message) for every rule evaluated on both (rules
#      needing second factors or the audit credential are evaluated only live: user.cfg holds neither).
# Builds nothing: run `mvn -B -o -q package -DskipTests` first (uses target/pve-audit.jar).
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
jar="$here/../target/pve-audit.jar"
cfg="$here/large-user.cfg"
# the hash of Proxmox VE's own matrix for this file (bench/README.md)
PROXMOX_SHA=c1e541b76f4ed129155bc18a6607511578c03d179b76f768c27d68aa79be0930
[ -f "$jar" ] || { echo "missing $jar: run 'mvn -B -o -q package -DskipTests' first" >&2; exit 2; }

# shellcheck source=bench/fake-lib.sh
. "$here/fake-lib.sh"
bench_workdir fidelity
bench_credentials
# the realms the fake serves, as a domains.cfg, so that the offline side knows the same realms
bench_start_fake --user-cfg "$cfg" --ports 1 --latency-ms 0 --token "audit@pve!bench=$secret" --max-seconds 900 \
    --write-domains-cfg "$work/domains.cfg"
url=$(cut -d' ' -f2 "$work/ports")
cat > "$work/pve-audit.yml" <<YML
clusters:
  - name: live
    source: api
    endpoints: [$url]
    token-id: "audit@pve!bench"
    token-secret-file: $work/token.secret
    ca-file: $work/cert.pem
  - name: offline
    source: usercfg
    user-cfg: $cfg
    domains-cfg: $work/domains.cfg
    pve-version: "9.1"
rules: ["classpath:rules/baseline.yml"]
report:
  out: $work/reports
  formats: [json]
history:
  database: $work/history.db
YML

run() { java -jar "$jar" "$@"; }
echo "== 1. permission matrix (sha256 of 'permissions --format jsonl'; Proxmox VE: ${PROXMOX_SHA:0:12}…)"
run collect -c "$work/pve-audit.yml" --cluster live --out "$work/snapshot" 2>&1 | sed 's/^/  /'
fail=0
for source in "--user-cfg $cfg --pve-version 9.1" "-c $work/pve-audit.yml --cluster live" \
        "--snapshot $work/snapshot"; do
    # shellcheck disable=SC2086  # $source is several options on purpose
    sha=$(run permissions $source --format jsonl 2> /dev/null | sha256sum | cut -d' ' -f1)
    verdict="identical to Proxmox VE"; [ "$sha" = "$PROXMOX_SHA" ] || { verdict=DIFFERENT; fail=1; }
    printf '  %-10s %s %s\n' "${source%% *}" "$sha" "$verdict"
done

echo "== 2. findings of the live and the offline audit"
set +e
run audit -c "$work/pve-audit.yml" --quiet > "$work/audit.out" 2> "$work/audit.err"
rc=$?
set -e
[ "$rc" -le 1 ] || { cat "$work/audit.err" "$work/audit.out" >&2; exit 1; }
python3 - "$work"/reports/*/findings.json << 'PY' || fail=1
import collections, json, sys
d = json.load(open(sys.argv[1]))
status = {(o["cluster"], o["ruleId"]): o["status"] for o in d["ruleOutcomes"]}
rules = sorted({r for _, r in status})
both = [r for r in rules if "NOT_EVALUATED" not in (status.get(("live", r)), status.get(("offline", r)))]
found = collections.defaultdict(set)
for f in d["findings"]:
    found[f["cluster"], f["ruleId"]].add((f["severity"], f["subject"], f["message"]))
bad = [r for r in both if found["live", r] != found["offline", r] or status["live", r] != status["offline", r]]
n = sum(len(found["live", r]) for r in both)
print(f"  {len(both)} rules evaluated on both: {n} findings live, "
      f"{sum(len(found['offline', r]) for r in both)} offline; differing rules: {bad or 'none'}")
only = [f"{r} ({status['live', r]}, {len(found['live', r])})" for r in rules if r not in both]
print(f"  evaluated live only (need TFA data or the audit credential): {', '.join(only)}")
sys.exit(1 if bad else 0)
PY
grep -i warn "$work/audit.err" | sed 's/^/  warning: /' || true
if [ "$fail" = 0 ]; then echo "FIDELITY OK"; else echo "FIDELITY FAILED" >&2; exit 1; fi
