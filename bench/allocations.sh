#!/usr/bin/env bash
# Heap allocations the server makes per request: `asgiscope serve` with bench/malloc_count.c
# preloaded, once with no traffic and once with 3 s of wrk -t1 -c8 load; prints
# (loaded - idle) / requests. Like bench/instructions.sh, a figure that does not depend on
# what else the machine is doing.
#
# usage: bench/allocations.sh [--build-dir DIR] [--route /plaintext] [--bin BINARY]
#        [-- extra serve flags]
# --bin runs another server binary taking `serve --port N --no-access-log`, such as the
# Qt-free bench/demo_serve (built with -DASGISCOPE_BUILD_BENCHMARKS=ON): the same demo app.
set -euo pipefail
NAME=allocations.sh
source "$(dirname "${BASH_SOURCE[0]}")/per_request_args.sh"
cc -O2 -shared -fPIC -o "$TMP/malloc_count.so" "$SCRIPT_DIR/malloc_count.c"

run() {  # seconds of load -> prints "allocations requests"
    rm -f "$TMP/count"
    ASGISCOPE_MALLOC_COUNT_FILE="$TMP/count" LD_PRELOAD="$TMP/malloc_count.so" \
        "$BIN" serve --port "$PORT" --no-access-log "$@" >/dev/null 2>&1 &
    local pid=$! requests=1
    for _ in $(seq 100); do curl -s -o /dev/null "http://127.0.0.1:$PORT/" && break; sleep 0.1; done
    if [[ $LOAD != 0 ]]; then
        requests=$(timeout 60 wrk -t1 -c8 -d"${LOAD}s" "http://127.0.0.1:$PORT$ROUTE" |
            awk '/requests in/ {print $1}')
    fi
    kill -INT "$pid"
    wait "$pid" || true
    [[ -s $TMP/count ]] || { echo "allocations.sh: the server wrote no count" >&2; exit 1; }
    echo "$(awk '{print $2}' "$TMP/count") $requests"
}
read -r idle _ < <(LOAD=0 run "$@")
read -r total requests < <(LOAD=3 run "$@")
echo "allocations per request on $ROUTE: $(awk -v t="$total" -v i="$idle" -v r="$requests" \
    'BEGIN { printf "%.2f", (t - i) / r }') ($requests requests)"
