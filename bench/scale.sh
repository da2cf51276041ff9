#!/usr/bin/env bash
# Audits a cluster ten times the size of bench/large-user.cfg (200,000 ACL lines, 30,000 users and
# tokens) and prints wall time, peak RSS and the step times. Run `mvn -B -q package -DskipTests` first.
#   bench/scale.sh [JVM options...]     e.g. bench/scale.sh -Xmx2g
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
jar="$here/../target/pve-audit.jar"
work="$(mktemp -d /tmp/pve-audit-scale.XXXXXX)"
trap 'rm -rf "$work"' EXIT
# ten copies of every user, token, group, pool and ACL line, renamed; VM ids shifted per copy
perl -ne '
chomp; my $l = $_;
if ($l =~ /^role:/ || $l =~ /^user:root\@pam:/ || $l !~ /\S/) { print "$l\n"; next; }
for my $k (0..9) { my $x = $l;
  $x =~ s/\buser(\d+)\@/user${1}k$k\@/g;
  $x =~ s/\bgroup(\d+)\b/group${1}k$k/g;
  $x =~ s/\bpool(\d+)\b/pool${1}k$k/g;
  $x =~ s{/vms/(\d+)}{"/vms/" . ($1 + $k * 100000)}ge;
  if ($x =~ /^pool:/) { my @f = split(/:/, $x, -1);
    $f[3] = join(",", map { $_ + $k * 100000 } grep { length } split(/,/, $f[3])); $x = join(":", @f); }
  print "$x\n"; }' "$here/large-user.cfg" > "$work/huge-user.cfg"
echo "input: $(grep -c '^acl' "$work/huge-user.cfg") ACL lines, $(grep -c '^user' "$work/huge-user.cfg") users," \
     "$(grep -c '^token' "$work/huge-user.cfg") tokens, $(du -h "$work/huge-user.cfg" | cut -f1)"
cat > "$work/pve-audit.yml" <<YML
clusters:
  - name: huge
    source: usercfg
    user-cfg: huge-user.cfg
    pve-version: "9.1"
rules: ["classpath:rules/baseline.yml"]
report:
  out: reports
  formats: [html, xlsx, json]
history:
  database: audit.db
YML
cd "$work"
set +e
/usr/bin/time -v java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC "$@" -jar "$jar" audit -c pve-audit.yml -v \
    > out.txt 2> err.txt
echo "exit code $?"
set -e
grep -E "Elapsed|Maximum resident" err.txt
grep -E "step (collect|evaluate|history|report):|run failed" err.txt | sed 's/^.*INFO  //' || true
tail -3 out.txt
