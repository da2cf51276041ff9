#!/usr/bin/env bash
# Time of an audit of one user.cfg whose single ACL line has a path of N segments ("/a" repeated),
# for each N given (default 2000 8000): what the audit costs for a deep path should grow with the
# path's length, not with its square or cube (issue 12). Needs target/pve-audit.jar (mvn package).
#
#   bench/deep-path.sh [N...]
set -euo pipefail
cd "$(dirname "$0")/.."
jar=target/pve-audit.jar
[[ -f $jar ]] || { echo "build first: mvn -B -o -q package -DskipTests" >&2; exit 2; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
sizes=("$@")
[[ ${#sizes[@]} -gt 0 ]] || sizes=(10 2000 8000)
printf '%8s %10s %10s %10s\n' segments wall_s cpu_s rss_MB
for n in "${sizes[@]}"; do
    dir="$work/$n"
    mkdir -p "$dir"
    path=$(printf '/a%.0s' $(seq "$n"))
    printf 'user:alice@pve:1:0:::::\n\nacl:1:%s:alice@pve:PVEAdmin:\n' "$path" > "$dir/user.cfg"
    cat > "$dir/pve-audit.yml" <<YML
clusters:
  - {name: deep, source: usercfg, user-cfg: user.cfg, pve-version: "9.1"}
report: {out: $dir/reports, formats: [json]}
history: {database: $dir/h.db}
YML
    /usr/bin/time -f "%e %U %S %M" -o "$dir/time" java -jar "$jar" audit -c "$dir/pve-audit.yml" \
        > "$dir/out" 2> "$dir/err" || true
    read -r wall user sys rss < "$dir/time"
    printf '%8s %10s %10s %10s\n' "$n" "$wall" "$(awk -v u="$user" -v s="$sys" 'BEGIN{print u+s}')" "$((rss / 1024))"
done
