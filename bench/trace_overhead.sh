#!/usr/bin/env bash
# What tracing costs the server: CPU µs per /plaintext request (utime+stime from /proc over a
# wrk run) for a Starlette app without a tracer, with one switched off, with tracing on, and
# with tracing on and a subscriber; plus, with --instructions, instructions per request under
# callgrind (independent of machine load). Target: "on" within 2x of "none".
#
# usage: bench/trace_overhead.sh [--build-dir DIR] [--duration S] [--rounds N] [--instructions]
# The build dir must hold a built asgiscope_core (any build type with optimisation).
set -euo pipefail
SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
BUILD_DIR="$SCRIPT_DIR/../build"
DURATION=5
ROUNDS=3
INSTRUCTIONS=0
while [[ $# -gt 0 ]]; do
    case "$1" in
        --build-dir) BUILD_DIR=$2; shift 2 ;;
        --duration) DURATION=$2; shift 2 ;;
        --rounds) ROUNDS=$2; shift 2 ;;
        --instructions) INSTRUCTIONS=1; shift ;;
        *) echo "trace_overhead.sh: unknown argument: $1" >&2; exit 2 ;;
    esac
done
LIB="$BUILD_DIR/core/libasgiscope_core.a"
[[ -f $LIB ]] || { echo "trace_overhead.sh: $LIB not built" >&2; exit 1; }
command -v wrk >/dev/null || { echo "trace_overhead.sh: wrk is missing" >&2; exit 1; }

# Same definitions as asgiscope_core's public compile definitions (the coroutine frame cache
# size must match the library's).
BIN="$BUILD_DIR/trace_overhead"
if [[ ! -x $BIN || $SCRIPT_DIR/trace_overhead.cpp -nt $BIN || $LIB -nt $BIN ]]; then
    echo "building $BIN" >&2
    g++ -O2 -std=c++20 -DBOOST_ASIO_NO_DEPRECATED -DBOOST_ASIO_RECYCLING_ALLOCATOR_CACHE_SIZE=16 \
        -I"$BUILD_DIR/core/include" "$SCRIPT_DIR/trace_overhead.cpp" -o "$BIN" \
        "$LIB" -lboost_json -lssl -lcrypto -lz -pthread
fi
CLK_TCK=$(getconf CLK_TCK)
free_port() { /usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
ticks() { awk '{print $14 + $15}' /proc/"$1"/stat; }
wait_up() { for _ in $(seq 100); do curl -s -o /dev/null "http://127.0.0.1:$1/" && return 0; sleep 0.1; done; return 1; }

cpu_round() {  # mode -> "µs/request requests"
    local port pid before after reqs
    port=$(free_port)
    "$BIN" "$1" "$port" 2>/dev/null &
    pid=$!
    wait_up "$port"
    wrk -t1 -c64 -d1s "http://127.0.0.1:$port/plaintext" >/dev/null  # warm-up
    before=$(ticks "$pid")
    reqs=$(wrk -t1 -c64 -d"${DURATION}s" "http://127.0.0.1:$port/plaintext" | awk '/ requests in /{print $1}')
    after=$(ticks "$pid")
    kill -INT "$pid"; wait "$pid" || true
    awk -v t=$((after - before)) -v hz="$CLK_TCK" -v n="$reqs" 'BEGIN{printf "%.2f %d\n", t * 1e6 / hz / n, n}'
}

instructions() {  # mode -> instructions per request (3 s of wrk -c8 under callgrind, less idle)
    local tmp; tmp=$(mktemp -d)
    run() {
        local port pid reqs=1
        port=$(free_port)
        valgrind --tool=callgrind --callgrind-out-file="$tmp/cg" "$BIN" "$1" "$port" >/dev/null 2>&1 &
        pid=$!
        wait_up "$port"
        if [[ $2 != 0 ]]; then
            reqs=$(timeout 60 wrk -t1 -c8 -d"$2s" "http://127.0.0.1:$port/plaintext" | awk '/ requests in /{print $1}')
        fi
        kill -INT "$pid"; wait "$pid" || true
        echo "$(awk '/^totals:/ {print $2}' "$tmp/cg") $reqs"
    }
    read -r idle _ < <(run "$1" 0)
    read -r total reqs < <(run "$1" 3)
    rm -rf "$tmp"
    awk -v a="$total" -v b="$idle" -v n="$reqs" 'BEGIN{printf "%d\n", (a - b) / n}'
}

declare -A best
for mode in none off on subscribed; do
    for r in $(seq "$ROUNDS"); do
        read -r us n < <(cpu_round "$mode")
        echo "$mode round $r: $us µs/request ($n requests)"
        if [[ -z ${best[$mode]:-} ]] || awk -v a="$us" -v b="${best[$mode]}" 'BEGIN{exit !(a < b)}'; then best[$mode]=$us; fi
    done
done
echo
echo "| mode | CPU µs/request (best of $ROUNDS) | ÷ none |"
echo "|---|---:|---:|"
for mode in none off on subscribed; do
    echo "| $mode | ${best[$mode]} | $(awk -v a="${best[$mode]}" -v b="${best[none]}" 'BEGIN{printf "%.2f", a / b}') |"
done
if [[ $INSTRUCTIONS == 1 ]]; then
    echo
    echo "| mode | instructions/request |"
    echo "|---|---:|"
    for mode in none off on events; do echo "| $mode | $(instructions "$mode") |"; done
fi
