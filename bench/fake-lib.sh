# Sourced by the bench scripts that run bench/fake_pve.py (not run on its own). It sets up:
#   bench_workdir NAME   a mktemp -d folder in $work, removed on exit, the fake (if started) killed on exit
#   bench_credentials    a self-signed certificate for 127.0.0.1 ($work/cert.pem, key.pem: passed as ca-file,
#                        so TLS is verified) and a random token secret ($secret, also in $work/token.secret)
#   bench_start_fake ARGS...   starts fake_pve.py with ARGS plus the certificate and --port-file, and waits until
#                        it listens (it writes the port file once every server does); its stderr is $work/fake.err
#   bench_await FILE PID ERRFILE SECONDS NAME   waits until a started process has written FILE
# shellcheck shell=bash
fake_pid=""

bench_workdir() {
    work="$(mktemp -d "/tmp/pve-audit-$1.XXXXXX")"
    trap bench_cleanup EXIT
    trap 'exit 130' INT TERM
}

bench_cleanup() {
    if [ -n "$fake_pid" ]; then
        kill "$fake_pid" 2>/dev/null || true
        wait "$fake_pid" 2>/dev/null || true
    fi
    rm -rf "$work"
}

bench_credentials() {
    openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=localhost \
        -addext subjectAltName=IP:127.0.0.1,DNS:localhost \
        -keyout "$work/key.pem" -out "$work/cert.pem" 2> /dev/null
    secret=$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')
    printf '%s' "$secret" > "$work/token.secret"
    chmod 600 "$work/token.secret" "$work/key.pem"
}

bench_start_fake() {
    python3 "$(dirname "${BASH_SOURCE[0]}")/fake_pve.py" "$@" --cert "$work/cert.pem" --key "$work/key.pem" \
        --port-file "$work/ports" > /dev/null 2> "$work/fake.err" &
    fake_pid=$!
    bench_await "$work/ports" "$fake_pid" "$work/fake.err" 30 fake_pve.py
}

# bench_await FILE PID ERRFILE SECONDS NAME: waits until the process PID has written FILE; exits 2 with its
# stderr (ERRFILE) when it dies first, or after SECONDS
bench_await() {
    local file=$1 pid=$2 err=$3 seconds=$4 name=$5
    for _ in $(seq 1 $((seconds * 10))); do
        [ -s "$file" ] && return 0
        kill -0 "$pid" 2> /dev/null || { cat "$err" >&2; exit 2; }
        sleep 0.1
    done
    echo "$name did not start in $seconds s" >&2
    exit 2
}
