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
command -v valgrind >/dev/null || { echo "instructions.sh: valgrind is missing" >&2; exit 1; }
NAME=instructions.sh
source "$(dirname "${BASH_SOURCE[0]}")/per_request_args.sh"

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
