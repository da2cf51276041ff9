#!/usr/bin/env bash
# Runs the fuzz targets of the input readers (src/test/java/org/pveaudit/fuzz) long.
#
#   bench/fuzz.sh [TRIES] [TARGET]
#
# TRIES: tries per target (default 5000; mvn verify runs 100, see src/test/resources/junit-platform.properties).
# TARGET: one property of InputReadersFuzzTest (userCfg, aclJson, config, rulePack, waivers, ...), default all.
# FUZZ_TIMEOUT_MS: the time one input may take (default 5000).
# Inputs that fail are kept in target/fuzz-failures/; jqwik prints the seed to rerun a failure with
# -Djqwik.seeds.whenfixed=ALLOW_EXHAUSTIVE ... see its report in target/surefire-reports.
set -euo pipefail
cd "$(dirname "$0")/.."
tries="${1:-5000}"
target="${2:-}"
test="InputReadersFuzzTest${target:+#$target}"
echo "fuzz: $test, $tries tries per target, ${FUZZ_TIMEOUT_MS:-5000} ms per input"
start=$(date +%s)
status=0
mvn -B -o -q test -Dtest="$test" -Dsurefire.failIfNoSpecifiedTests=false \
    -Djqwik.tries.default="$tries" -Dfuzz.timeout.ms="${FUZZ_TIMEOUT_MS:-5000}" \
    -Djqwik.reporting.onlyfailures=false || status=$?
report=target/surefire-reports/TEST-org.pveaudit.fuzz.InputReadersFuzzTest.xml
if [[ -f "$report" ]]; then
    echo "targets run (seconds each):"
    grep -o 'testcase name="[^"]*" classname="[^"]*" time="[^"]*"' "$report" \
        | sed -E 's/testcase name="([^"]*)".*time="([^"]*)"/  \1 \2/'
    grep -ho 'tries = [0-9]*' target/surefire-reports/org.pveaudit.fuzz.InputReadersFuzzTest-output.txt 2>/dev/null \
        | sort | uniq -c | sed 's/^/  /' || true
fi
if [[ -d target/fuzz-failures ]] && compgen -G "target/fuzz-failures/*" > /dev/null; then
    echo "failing inputs kept:"
    ls -1 target/fuzz-failures | sed 's/^/  /'
fi
echo "fuzz: $(( $(date +%s) - start )) s, exit $status"
exit $status
