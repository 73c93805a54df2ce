#!/usr/bin/env bash
# Server CPU per request, asgiscope vs nginx, in interleaved one-second slices.
#
# bench/run.sh measures each server for DURATION seconds in turn; this machine's speed drifts by
# 10-20 % within a minute, so two 8-second passes a minute apart can differ by more than the
# difference being measured (its paired ratios for one build range 0.98 to 1.36). Here both
# servers run at once, each idle while the other is loaded, and wrk loads them in turn for
# SLICE seconds, SLICES times, alternating which goes first. Each server's CPU time (in
# nanoseconds, summed over its threads from /proc/PID/task/*/schedstat) and completed requests
# are added up over its slices, so both figures come from the same stretch of the machine's time.
# One run gives one ratio; REPEAT runs give their median, and the spread says how far to trust it.
#
# usage: bench/slices.sh [--build-dir DIR] [--bin BINARY] [--slices N] [--slice-seconds S]
#                        [--repeat K] [--connections C] [ROUTE...]
# ROUTE defaults to /plaintext and /json. --bin runs another server binary taking
# `--port N` (bench/demo_serve) instead of `asgiscope serve --workers 1 --no-access-log`.
# Prints a Markdown section; writes nothing.
set -euo pipefail

SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$SCRIPT_DIR/.." && pwd)
source "$SCRIPT_DIR/common.sh"
BUILD_DIR="$REPO/build-release"
BIN=""
SLICES=20
SLICE=1
REPEAT=3
CONNECTIONS=64
ROUTES=()
while [[ $# -gt 0 ]]; do
    case "$1" in
        --build-dir) BUILD_DIR=$2; shift 2 ;;
        --bin) BIN=$2; shift 2 ;;
        --slices) SLICES=$2; shift 2 ;;
        --slice-seconds) SLICE=$2; shift 2 ;;
        --repeat) REPEAT=$2; shift 2 ;;
        --connections) CONNECTIONS=$2; shift 2 ;;
        /*) ROUTES+=("$1"); shift ;;
        *) echo "slices.sh: unknown argument: $1" >&2; exit 2 ;;
    esac
done
for n in "$SLICES" "$SLICE" "$REPEAT" "$CONNECTIONS"; do
    [[ $n =~ ^[1-9][0-9]*$ ]] || { echo "slices.sh: counts and seconds must be positive integers" >&2; exit 2; }
done
[[ ${#ROUTES[@]} -gt 0 ]] || ROUTES=(/plaintext /json)
if [[ -n $BIN ]]; then
    SERVE=("$BIN")
else
    BIN="$BUILD_DIR/app/asgiscope"
    SERVE=("$BIN" serve --host 127.0.0.1 --workers 1 --no-access-log)
fi
[[ -x $BIN ]] || { echo "slices.sh: $BIN is not built (bench/run.sh builds it)" >&2; exit 1; }
for tool in wrk nginx curl; do
    command -v "$tool" >/dev/null || { echo "slices.sh: '$tool' not found (scripts/setup.sh)" >&2; exit 1; }
done

make_scratch slices
log() { printf '[slices] %s\n' "$*" >&2; }
wait_ready() {  # wait_ready PID URL
    for _ in $(seq 150); do
        kill -0 "$1" 2>/dev/null || { echo "slices.sh: a server exited during startup" >&2; exit 1; }
        curl -s -o /dev/null "$2" && return 0
        sleep 0.1
    done
    echo "slices.sh: no answer from $2" >&2
    exit 1
}
cpu_ns() {  # CPU time of every thread of PID, in nanoseconds (schedstat's first field)
    local total=0 run _
    for f in /proc/"$1"/task/*/schedstat; do
        read -r run _ <"$f" || continue
        total=$((total + run))
    done
    echo "$total"
}

A_PORT=$(free_port)
"${SERVE[@]}" --port "$A_PORT" >"$TMP/asgiscope.log" 2>&1 &
A_PID=$!
PIDS+=("$A_PID")
wait_ready "$A_PID" "http://127.0.0.1:$A_PORT/plaintext"

N_PORT=$(free_port)
write_nginx_conf "$TMP/nginx" "$N_PORT"
nginx -p "$TMP/nginx" -e "$TMP/nginx/logs/error.log" -c "$TMP/nginx/nginx.conf" \
    -g "daemon off; pid $TMP/nginx/nginx.pid;" >"$TMP/nginx.log" 2>&1 &
N_MASTER=$!
PIDS+=("$N_MASTER")
wait_ready "$N_MASTER" "http://127.0.0.1:$N_PORT/plaintext"
N_PID=$(pgrep -P "$N_MASTER" | head -n1)
[[ -n $N_PID ]] || { echo "slices.sh: no nginx worker process" >&2; exit 1; }

# slice PID PORT ROUTE -> "cpu_ns requests"
slice() {
    local before after requests
    before=$(cpu_ns "$1")
    requests=$(timeout $((SLICE + 30)) wrk -t1 -c"$CONNECTIONS" -d"${SLICE}s" "http://127.0.0.1:$2$3" |
        awk '/requests in/ {print $1}')
    after=$(cpu_ns "$1")
    [[ $requests =~ ^[0-9]+$ && $requests -gt 0 ]] || { echo "slices.sh: wrk completed no requests on $3" >&2; exit 1; }
    echo "$((after - before)) $requests"
}

ROWS=()
for route in "${ROUTES[@]}"; do
    for port in "$A_PORT" "$N_PORT"; do  # warm-up: connections, caches, the CPU's clock
        timeout 40 wrk -t1 -c"$CONNECTIONS" -d2s "http://127.0.0.1:$port$route" >/dev/null
    done
    ratios=()
    for run in $(seq "$REPEAT"); do
        a_cpu=0 a_req=0 n_cpu=0 n_req=0
        for i in $(seq "$SLICES"); do
            if ((i % 2)); then order="a n"; else order="n a"; fi
            for who in $order; do
                if [[ $who == a ]]; then
                    read -r c r < <(slice "$A_PID" "$A_PORT" "$route")
                    a_cpu=$((a_cpu + c)) a_req=$((a_req + r))
                else
                    read -r c r < <(slice "$N_PID" "$N_PORT" "$route")
                    n_cpu=$((n_cpu + c)) n_req=$((n_req + r))
                fi
            done
        done
        line=$(awk -v ac="$a_cpu" -v ar="$a_req" -v nc="$n_cpu" -v nr="$n_req" \
            'BEGIN { a = ac / ar / 1000; n = nc / nr / 1000; printf "%.2f %.2f %.3f %d %d", a, n, a / n, ar, nr }')
        read -r a_us n_us ratio a_n n_n <<<"$line"
        log "$route run $run: asgiscope $a_us µs/request ($a_n requests), nginx $n_us µs/request ($n_n requests), ratio $ratio"
        ROWS+=("$route|$run|$a_us|$n_us|$ratio|$a_n|$n_n")
        ratios+=("$ratio")
    done
    median=$(printf '%s\n' "${ratios[@]}" | sort -n | awk '{v[NR] = $1} END {printf "%.3f", (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2}')
    spread=$(printf '%s\n' "${ratios[@]}" | sort -n | awk 'NR == 1 {lo = $1} {hi = $1} END {print lo " to " hi}')
    ROWS+=("$route|median|||$median|$spread|")
done

COMMIT=$(git -C "$REPO" rev-parse --short=12 HEAD 2>/dev/null || echo unknown)
[[ -n $(git -C "$REPO" status --porcelain --untracked-files=no 2>/dev/null) ]] && COMMIT="$COMMIT (+ uncommitted changes)"
echo "### Interleaved slices (bench/slices.sh)"
echo
echo "\`bench/slices.sh --slices $SLICES --slice-seconds $SLICE --repeat $REPEAT --connections $CONNECTIONS\` on"
echo "$(date -u '+%Y-%m-%d %H:%M:%S UTC'), asgiscope at commit $COMMIT (\`${SERVE[*]}\`), nginx $(nginx -v 2>&1 | sed 's/^nginx version: //')"
echo "with \`worker_processes 1\` and the same \`return 200\` bodies as bench/run.sh. Both servers run at once and"
echo "take turns under \`wrk -t1 -c$CONNECTIONS\` for $SLICE s slices, $SLICES each per run, alternating which goes first;"
echo "CPU is each server's threads' run time from \`/proc/PID/task/*/schedstat\` (nanoseconds)."
echo
echo "| Route | Run | asgiscope µs/request | nginx µs/request | asgiscope ÷ nginx | Requests (asgiscope / nginx) |"
echo "|---|---|---:|---:|---:|---|"
for row in "${ROWS[@]}"; do
    IFS='|' read -r route run a n ratio an nn <<<"$row"
    if [[ $run == median ]]; then
        echo "| $route | **median** | | | **${ratio}×** | runs ranged $an |"
    else
        echo "| $route | $run | $a | $n | ${ratio}× | $an / $nn |"
    fi
done
