#!/usr/bin/env bash
# Instructions the server executes per request, counted by callgrind: a figure that does not
# depend on what else the machine is doing, for comparing two builds of asgiscope.
#
# usage: bench/instructions.sh [--build-dir DIR] [--route /plaintext] [--bin BINARY]
#        [-- extra serve flags]
# --bin runs another server binary taking `serve --port N --no-access-log`, such as the
# Qt-free bench/demo_serve (built with -DASGISCOPE_BUILD_BENCHMARKS=ON): the same demo app.
# Runs `asgiscope serve` under callgrind twice: once with no traffic (start-up and shutdown
# only) and once with 3 s of wrk -t1 -c8 load; prints (total - idle) / requests.
set -euo pipefail
SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
BUILD_DIR="$SCRIPT_DIR/../build-release"
ROUTE=/plaintext
BIN=
while [[ $# -gt 0 ]]; do
    case "$1" in
        --build-dir) BUILD_DIR=$2; shift 2 ;;
        --route) ROUTE=$2; shift 2 ;;
        --bin) BIN=$2; shift 2 ;;
        --) shift; break ;;
        *) echo "instructions.sh: unknown argument: $1" >&2; exit 2 ;;
    esac
done
BIN=${BIN:-$BUILD_DIR/app/asgiscope}
[[ -x $BIN ]] || { echo "instructions.sh: $BIN not built (run bench/run.sh once)" >&2; exit 1; }
command -v valgrind >/dev/null || { echo "instructions.sh: valgrind is missing" >&2; exit 1; }
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
PORT=$(/usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')

run() {  # seconds of load -> prints "instructions requests"
    valgrind --tool=callgrind --callgrind-out-file="$TMP/cg" "$BIN" serve --port "$PORT" \
        --no-access-log "$@" >/dev/null 2>&1 &
    local pid=$! requests=1
    for _ in $(seq 100); do curl -s -o /dev/null "http://127.0.0.1:$PORT/" && break; sleep 0.2; done
    if [[ $LOAD != 0 ]]; then
        requests=$(timeout 60 wrk -t1 -c8 -d"${LOAD}s" "http://127.0.0.1:$PORT$ROUTE" |
            awk '/requests in/ {print $1}')
    fi
    kill -INT "$pid"
    wait "$pid" || true
    echo "$(awk '/^totals:/ {print $2}' "$TMP/cg") $requests"
}
read -r idle _ < <(LOAD=0 run "$@")
read -r total requests < <(LOAD=3 run "$@")
echo "instructions per request on $ROUTE: $(( (total - idle) / requests )) ($requests requests)"
