#!/usr/bin/env bash
# WebSocket echo: messages/s and server CPU per message, asgiscope vs uvicorn+Starlette, in
# one run, one server at a time, loopback only.
#
# usage: bench/ws_run.sh [--build-dir DIR] [--connections N] [--messages M] [--size BYTES]
#   --build-dir DIR   asgiscope build dir (default: <repo>/build-release; configured and
#                     built as Release if app/asgiscope is missing)
#   --connections N   concurrent WebSocket connections (default 64)
#   --messages M      messages each connection sends and waits to get back (default 2000)
#   --size BYTES      text message size (default 32)
#
# Method: bench/ws_echo_client.cpp (Beast, one thread) opens N connections; each sends M
# messages one at a time and reads each echo. The server's CPU time (utime+stime from
# /proc/PID/stat) is sampled right before and after a measured pass, after a warm-up pass
# of a tenth of the messages. The demo app's /ws/echo serves asgiscope (one worker, no
# access log, as uvicorn below); bench/starlette_ws_app.py serves uvicorn (its defaults:
# uvloop, websockets). The client offers no permessage-deflate, so messages travel uncompressed.
# Writes bench/RESULTS-websocket.md and prints it.
set -euo pipefail

SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$SCRIPT_DIR/.." && pwd)
PY=/usr/bin/python3
BUILD_DIR="$REPO/build-release"
CONNECTIONS=64
MESSAGES=2000
SIZE=32

usage() { sed -n '5,10p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; }
while [[ $# -gt 0 ]]; do
    case "$1" in
        --build-dir) BUILD_DIR=$2; shift 2 ;;
        --connections) CONNECTIONS=$2; shift 2 ;;
        --messages) MESSAGES=$2; shift 2 ;;
        --size) SIZE=$2; shift 2 ;;
        -h|--help) usage; exit 0 ;;
        *) echo "ws_run.sh: unknown argument: $1" >&2; usage >&2; exit 2 ;;
    esac
done
for v in "$CONNECTIONS" "$MESSAGES" "$SIZE"; do
    [[ $v =~ ^[1-9][0-9]*$ ]] || { echo "ws_run.sh: counts must be positive integers" >&2; exit 2; }
done
mkdir -p "$BUILD_DIR"
BUILD_DIR=$(cd "$BUILD_DIR" && pwd)
CLK_TCK=$(getconf CLK_TCK)
log() { printf '[ws-bench] %s\n' "$*" >&2; }

ASGISCOPE="$BUILD_DIR/app/asgiscope"
if [[ ! -f $BUILD_DIR/build.ninja ]]; then
    log "building asgiscope (Release) in $BUILD_DIR"
    cmake -S "$REPO" -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=Release -DASGISCOPE_BUILD_TESTS=OFF >&2
fi
ninja -C "$BUILD_DIR" -j2 asgiscope >&2
CLIENT="$BUILD_DIR/ws_echo_client"
if [[ ! -x $CLIENT || $SCRIPT_DIR/ws_echo_client.cpp -nt $CLIENT ]]; then
    log "building the client"
    g++ -O2 -std=c++20 -DBOOST_ASIO_NO_DEPRECATED "$SCRIPT_DIR/ws_echo_client.cpp" -o "$CLIENT" -pthread
fi

TMP=$(mktemp -d /tmp/asgiscope-ws-bench.XXXXXX)
SERVER_PID=""
stop_server() {
    [[ -n $SERVER_PID ]] || return 0
    kill -TERM "$SERVER_PID" 2>/dev/null || true
    for ((i = 0; i < 100; i++)); do kill -0 "$SERVER_PID" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
    SERVER_PID=""
}
cleanup() { local rc=$?; stop_server; rm -rf "$TMP"; exit $rc; }
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

free_port() { "$PY" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'; }
cpu_ticks() { local stat rest; local -a f; stat=$(cat /proc/"$1"/stat); rest=${stat##*) }; read -r -a f <<<"$rest"; echo $((f[11] + f[12])); }
wait_ready() {  # port
    for ((i = 0; i < 150; i++)); do
        kill -0 "$SERVER_PID" 2>/dev/null || { echo "ws_run.sh: server exited; log:" >&2; cat "$TMP/server.log" >&2; exit 1; }
        "$PY" -c "import socket,sys; socket.create_connection(('127.0.0.1', $1), 1)" 2>/dev/null && return 0
        sleep 0.1
    done
    echo "ws_run.sh: server did not start" >&2; exit 1
}

RESULTS=()  # "server|msgs_per_s|cpu_us_per_msg|messages|cpu_s"
measure() {  # name port
    local name=$1 port=$2 before after out msgs rate cpu_us
    log "$name: warm-up"
    "$CLIENT" 127.0.0.1 "$port" /ws/echo "$CONNECTIONS" $((MESSAGES / 10 + 1)) "$SIZE" >/dev/null
    before=$(cpu_ticks "$SERVER_PID")
    out=$("$CLIENT" 127.0.0.1 "$port" /ws/echo "$CONNECTIONS" "$MESSAGES" "$SIZE")
    after=$(cpu_ticks "$SERVER_PID")
    msgs=$(sed -n 's/.*messages=\([0-9]*\).*/\1/p' <<<"$out")
    rate=$(sed -n 's/.*msgs_per_s=\([0-9]*\).*/\1/p' <<<"$out")
    [[ -n $msgs && $msgs -gt 0 ]] || { echo "ws_run.sh: bad client output: $out" >&2; exit 1; }
    cpu_us=$(( (after - before) * 1000000 / CLK_TCK ))
    RESULTS+=("$name|$rate|$(awk -v c="$cpu_us" -v n="$msgs" 'BEGIN{printf "%.2f", c / n}')|$msgs|$(awk -v c="$cpu_us" 'BEGIN{printf "%.2f", c / 1e6}')")
    log "$name: $out, server CPU ${cpu_us} µs"
}

PORT=$(free_port)
"$ASGISCOPE" serve --host 127.0.0.1 --port "$PORT" --workers 1 --no-access-log >"$TMP/server.log" 2>&1 &
SERVER_PID=$!
wait_ready "$PORT"
measure asgiscope "$PORT"
stop_server

PORT=$(free_port)
(cd "$SCRIPT_DIR" && exec "$PY" -m uvicorn starlette_ws_app:app --host 127.0.0.1 --port "$PORT" \
    --no-access-log --log-level warning) >"$TMP/server.log" 2>&1 &
SERVER_PID=$!
wait_ready "$PORT"
measure "uvicorn+Starlette" "$PORT"
stop_server

a=$(awk -F'|' 'NR==1{print $3}' <<<"$(printf '%s\n' "${RESULTS[@]}")")
u=$(awk -F'|' 'NR==2{print $3}' <<<"$(printf '%s\n' "${RESULTS[@]}")")
OUT="$SCRIPT_DIR/RESULTS-websocket.md"
{
    echo "# WebSocket echo: asgiscope vs uvicorn+Starlette"
    echo
    echo "$(date -u +%Y-%m-%d), $(nproc) cores, $CONNECTIONS connections × $MESSAGES messages of $SIZE bytes,"
    echo "one message in flight per connection; client: bench/ws_echo_client.cpp. uvicorn $("$PY" -c 'import uvicorn; print(uvicorn.__version__)'),"
    echo "asgiscope built $(sed -n 's/^CMAKE_BUILD_TYPE:STRING=//p' "$BUILD_DIR/CMakeCache.txt"). Produced by bench/ws_run.sh."
    echo
    echo "| server | messages/s | server CPU µs/message | messages | server CPU s |"
    echo "| --- | ---: | ---: | ---: | ---: |"
    for r in "${RESULTS[@]}"; do IFS='|' read -r n rate per msgs cpu <<<"$r"; echo "| $n | $rate | $per | $msgs | $cpu |"; done
    echo
    echo "Server CPU per message, uvicorn+Starlette / asgiscope: $(awk -v a="$a" -v u="$u" 'BEGIN{printf "%.1f×", u / a}') (target: at least 3×)."
} >"$OUT"
cat "$OUT"
