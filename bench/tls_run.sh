#!/usr/bin/env bash
# TLS: server CPU per request for asgiscope and nginx with the same certificate, in one run,
# one server at a time, loopback only:
#   keep-alive  requests on long-lived TLS connections (the record layer's cost);
#   handshake   one new TLS connection per request (`Connection: close`; wrk sets no session,
#               so every connection is a full handshake).
#
# usage: bench/tls_run.sh [--build-dir DIR] [--duration SECONDS] [--connections N]
# Writes bench/RESULTS-tls.md and prints it.
set -euo pipefail

SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$SCRIPT_DIR/.." && pwd)
source "$SCRIPT_DIR/common.sh"
BUILD_DIR="$REPO/build-release"
DURATION=5
CONNECTIONS=64
while [[ $# -gt 0 ]]; do
    case "$1" in
        --build-dir) BUILD_DIR=$2; shift 2 ;;
        --duration) DURATION=$2; shift 2 ;;
        --connections) CONNECTIONS=$2; shift 2 ;;
        *) echo "tls_run.sh: unknown argument: $1" >&2; exit 2 ;;
    esac
done
[[ $DURATION =~ ^[1-9][0-9]*$ && $CONNECTIONS =~ ^[1-9][0-9]*$ ]] ||
    { echo "tls_run.sh: --duration and --connections take positive integers" >&2; exit 2; }
BIN="$BUILD_DIR/app/asgiscope"
[[ -x $BIN ]] || { echo "tls_run.sh: $BIN is not built (bench/run.sh builds it)" >&2; exit 1; }
for tool in wrk nginx openssl curl; do
    command -v "$tool" >/dev/null || { echo "tls_run.sh: '$tool' not found (scripts/setup.sh)" >&2; exit 1; }
done
CLK_TCK=$(getconf CLK_TCK)
make_scratch tls-bench

# A throw-away certificate, the same for both servers (ECDSA P-256, as most sites use today).
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 1 \
    -subj /CN=127.0.0.1 -addext subjectAltName=IP:127.0.0.1 \
    -keyout "$TMP/key.pem" -out "$TMP/cert.pem" 2>/dev/null

wait_https() {
    for _ in $(seq 100); do
        curl -sk -o /dev/null "https://127.0.0.1:$1/plaintext" && return 0
        sleep 0.1
    done
    echo "tls_run.sh: server on port $1 did not answer" >&2
    exit 1
}
cpu_ticks() {  # summed utime+stime of the given pids and their children processes
    local total=0 p kid
    for p in "$@"; do
        total=$((total + $(awk '{print $14 + $15}' "/proc/$p/stat")))
        for kid in $(cat /proc/"$p"/task/*/children 2>/dev/null); do
            total=$((total + $(awk '{print $14 + $15}' "/proc/$kid/stat")))
        done
    done
    echo "$total"
}

ROWS=()
measure() {  # NAME MODE PORT PID [wrk args...]
    local name=$1 mode=$2 port=$3 pid=$4
    shift 4
    local url="https://127.0.0.1:$port/plaintext"
    timeout 60 wrk -t1 -c"$CONNECTIONS" -d1s "$@" "$url" >/dev/null
    local before after out requests
    before=$(cpu_ticks "$pid")
    out=$(timeout $((DURATION + 60)) wrk -t1 -c"$CONNECTIONS" -d"${DURATION}s" "$@" "$url")
    after=$(cpu_ticks "$pid")
    requests=$(awk '/requests in/ {print $1}' <<<"$out")
    local errors
    errors=$(awk '/Socket errors|Non-2xx/ {printf "%s ", $0}' <<<"$out")
    local cpu_s per_req rps
    cpu_s=$(awk -v t=$((after - before)) -v h="$CLK_TCK" 'BEGIN {printf "%.2f", t / h}')
    per_req=$(awk -v t=$((after - before)) -v h="$CLK_TCK" -v n="$requests" 'BEGIN {printf "%.2f", t / h * 1e6 / n}')
    rps=$(awk -v n="$requests" -v d="$DURATION" 'BEGIN {printf "%.0f", n / d}')
    ROWS+=("| $name | $mode | $rps | $per_req | $requests | $cpu_s | ${errors:-none} |")
    echo "[tls-bench] $name $mode: $per_req µs/request" >&2
}

# asgiscope
port=$(free_port)
"$BIN" serve --port "$port" --no-access-log --log-level warning \
    --ssl-certfile "$TMP/cert.pem" --ssl-keyfile "$TMP/key.pem" &
pid=$!
PIDS+=("$pid")
wait_https "$port"
measure asgiscope keep-alive "$port" "$pid"
measure asgiscope handshake "$port" "$pid" -H "Connection: close"
kill "$pid"
wait "$pid" 2>/dev/null || true

# nginx, one worker, same certificate
port=$(free_port)
mkdir -p "$TMP/nginx/logs"
cat >"$TMP/nginx/nginx.conf" <<EOF
worker_processes 1;
user root;
error_log $TMP/nginx/logs/error.log warn;
events { worker_connections 4096; }
http {
    access_log off;
    keepalive_requests 100000;
    server {
        listen 127.0.0.1:$port ssl;
        ssl_certificate $TMP/cert.pem;
        ssl_certificate_key $TMP/key.pem;
        location /plaintext { default_type text/plain; return 200 "Hello, world!"; }
    }
}
EOF
nginx -p "$TMP/nginx" -c "$TMP/nginx/nginx.conf" -g "daemon off; pid $TMP/nginx/nginx.pid;" &
pid=$!
PIDS+=("$pid")
wait_https "$port"
measure nginx keep-alive "$port" "$pid"
measure nginx handshake "$port" "$pid" -H "Connection: close"
kill "$pid"
wait "$pid" 2>/dev/null || true

OUT="$SCRIPT_DIR/RESULTS-tls.md"
{
    echo "# TLS: asgiscope vs nginx, same certificate"
    echo
    echo "$(date -u '+%Y-%m-%d'), $(nproc) cores, ECDSA P-256 self-signed certificate, OpenSSL $(openssl version | cut -d' ' -f2),"
    echo "\`wrk -t1 -c$CONNECTIONS -d${DURATION}s\` on /plaintext; handshake rows add \`-H 'Connection: close'\` (a full"
    echo "handshake per request: wrk resumes no sessions; otherwise both servers keep their defaults, e.g."
    echo "both send TLS 1.3 session tickets that wrk never uses)."
    echo "Server CPU = utime+stime of the server processes. Produced by bench/tls_run.sh."
    echo
    echo "| server | mode | requests/s | server CPU µs/request | requests | server CPU s | wrk errors |"
    echo "| --- | --- | ---: | ---: | ---: | ---: | --- |"
    printf '%s\n' "${ROWS[@]}"
} >"$OUT"
cat "$OUT"
