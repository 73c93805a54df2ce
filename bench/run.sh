#!/usr/bin/env bash
# Server CPU per request: asgiscope vs nginx vs uvicorn+Starlette, servers taking turns,
# one at a time, loopback only.
#
# usage: bench/run.sh [--build-dir DIR] [--duration SECONDS] [--connections N]
#   --build-dir DIR    asgiscope build dir (default: <repo>/build-release; a
#                      relative DIR is taken relative to the current directory).
#                      Configured and built (Release, Ninja) if app/asgiscope
#                      is missing.
#   --duration S       wrk measurement duration per pass (default 10)
#   --connections N    wrk connections (default 64)
#   --rounds N         the servers take turns N times; the report keeps medians (default 3)
#
# The apps: asgiscope serves its built-in demo (app/demo/demo_app.cpp, a web::Starlette app:
# ServerErrorMiddleware, CORS, GZip, Session, ExceptionMiddleware, a Router of ~25 routes);
# uvicorn serves its Starlette twin tests/peer/demo_app.py (same middleware and routes);
# nginx answers both routes with `return 200`. A row "uvicorn-minimal" (bench/starlette_app.py:
# Starlette with two routes and no middleware) shows what the middleware costs Starlette;
# SKIP_MINIMAL=1 leaves it out.
#
# Method: for each server, start it on a free 127.0.0.1 port, wait until it
# answers, warm up 2 s with wrk, then run `wrk -t1 -cN -dS --latency` while
# sampling the server's CPU time (utime+stime from /proc/PID/stat; for nginx
# master + worker processes) right before and after the wrk run.
# Then runs bench/ws_run.sh (WebSocket echo, asgiscope vs uvicorn; SKIP_WEBSOCKET=1 skips it)
# and bench/tls_run.sh (TLS keep-alive and handshakes, asgiscope vs nginx; SKIP_TLS=1 skips it).
# and bench/route_run.sh (route matching by route table size, asgiscope vs Starlette; SKIP_ROUTING=1 skips it).
# Before those, bench/slices.sh compares asgiscope and nginx in interleaved 1 s slices (SKIP_SLICES=1 skips it).
# Writes bench/RESULTS.md and prints it.
set -euo pipefail

SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$SCRIPT_DIR/.." && pwd)
source "$SCRIPT_DIR/common.sh"
PY=/usr/bin/python3   # explicitly: another python3 comes first on PATH

BUILD_DIR="$REPO/build-release"
DURATION=10
CONNECTIONS=64
ROUNDS=3
WARMUP=2

usage() { sed -n '5,12p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; }

while [[ $# -gt 0 ]]; do
    case "$1" in
        --build-dir)   BUILD_DIR=$2; shift 2 ;;
        --build-dir=*) BUILD_DIR=${1#*=}; shift ;;
        --duration)    DURATION=$2; shift 2 ;;
        --duration=*)  DURATION=${1#*=}; shift ;;
        --connections) CONNECTIONS=$2; shift 2 ;;
        --connections=*) CONNECTIONS=${1#*=}; shift ;;
        --rounds)      ROUNDS=$2; shift 2 ;;
        -h|--help)     usage; exit 0 ;;
        *) echo "run.sh: unknown argument: $1" >&2; usage >&2; exit 2 ;;
    esac
done
[[ $DURATION =~ ^[1-9][0-9]*$ ]] || { echo "run.sh: --duration must be a positive integer" >&2; exit 2; }
[[ $CONNECTIONS =~ ^[1-9][0-9]*$ ]] || { echo "run.sh: --connections must be a positive integer" >&2; exit 2; }
[[ $ROUNDS =~ ^[1-9][0-9]*$ ]] || { echo "run.sh: --rounds must be a positive integer" >&2; exit 2; }
mkdir -p "$BUILD_DIR"
BUILD_DIR=$(cd "$BUILD_DIR" && pwd)

for tool in wrk nginx curl cmake ninja getconf; do
    command -v "$tool" >/dev/null || { echo "run.sh: '$tool' not found (see the project setup script)" >&2; exit 1; }
done
[[ -x $PY ]] || { echo "run.sh: $PY not found" >&2; exit 1; }
NGINX=$(command -v nginx)
CLK_TCK=$(getconf CLK_TCK)

log() { printf '[bench] %s\n' "$*" >&2; }

# ---------------------------------------------------------------- build
ASGISCOPE="$BUILD_DIR/app/asgiscope"
if [[ ! -f $BUILD_DIR/build.ninja ]]; then
    log "building asgiscope (Release) in $BUILD_DIR"
    timeout 900 cmake -S "$REPO" -B "$BUILD_DIR" -G Ninja \
        -DCMAKE_BUILD_TYPE=Release -DASGISCOPE_BUILD_TESTS=OFF >&2
fi
# Always bring the binary up to date with the sources (a no-op when it is).
timeout 3600 ninja -C "$BUILD_DIR" -j2 asgiscope >&2
[[ -x $ASGISCOPE ]] || { echo "run.sh: build did not produce $ASGISCOPE" >&2; exit 1; }
BUILD_TYPE=$(sed -n 's/^CMAKE_BUILD_TYPE:STRING=//p' "$BUILD_DIR/CMakeCache.txt" 2>/dev/null || true)

LOADAVG_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)

# ---------------------------------------------------------------- process handling
TMP=$(mktemp -d /tmp/asgiscope-bench.XXXXXX)
SERVER_PID=""

child_pids() {  # direct children of $1 (all threads)
    cat /proc/"$1"/task/*/children 2>/dev/null | tr ' ' '\n' | sed '/^$/d' || true
}

stop_server() {
    [[ -n $SERVER_PID ]] || return 0
    local pid=$SERVER_PID kids i
    SERVER_PID=""
    kids=$(child_pids "$pid")
    kill -TERM "$pid" 2>/dev/null || true
    for ((i = 0; i < 100; i++)); do
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.1
    done
    if kill -0 "$pid" 2>/dev/null; then
        log "pid $pid ignored SIGTERM for 10 s; sending SIGKILL"
        kill -KILL "$pid" 2>/dev/null || true
    fi
    wait "$pid" 2>/dev/null || true
    # nginx workers normally exit with the master; make sure.
    for i in $kids; do kill -KILL "$i" 2>/dev/null || true; done
}

cleanup() {
    local rc=$?
    stop_server
    rm -rf "$TMP"
    exit $rc
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# start_server NAME CMD...: runs CMD in the background, sets SERVER_PID.
start_server() {
    local name=$1; shift
    "$@" >"$TMP/$name.log" 2>&1 &
    SERVER_PID=$!
}

wait_ready() {  # wait_ready NAME URL
    local name=$1 url=$2 i
    for ((i = 0; i < 150; i++)); do
        if ! kill -0 "$SERVER_PID" 2>/dev/null; then
            echo "run.sh: $name exited during startup; log:" >&2
            cat "$TMP/$name.log" >&2
            exit 1
        fi
        if curl -sf --max-time 1 -o /dev/null "$url"; then return 0; fi
        sleep 0.1
    done
    echo "run.sh: $name did not answer $url within 15 s; log:" >&2
    cat "$TMP/$name.log" >&2
    exit 1
}

# cpu_ticks PID...: sum of utime+stime (clock ticks) over the given processes.
cpu_ticks() {
    local total=0 pid stat rest
    local -a f
    for pid in "$@"; do
        stat=$(cat /proc/"$pid"/stat 2>/dev/null) || continue
        rest=${stat##*) }          # skip "pid (comm) " — comm may contain spaces
        read -r -a f <<<"$rest"    # f[0]=state ... f[11]=utime f[12]=stime
        total=$((total + f[11] + f[12]))
    done
    echo "$total"
}

measured_pids() {  # the server process plus its children (nginx workers)
    echo "$SERVER_PID"
    child_pids "$SERVER_PID"
}

# ---------------------------------------------------------------- measurement
RESULTS=()   # "server|route|rps|cpu_us_per_req|p50|p99|requests|cpu_s|errors"

# measure SERVER ROUTE URL
measure() {
    local server=$1 route=$2 url=$3 pids before after out reqs rps p50 p99 dticks cpu_us per_req errors
    log "$server $route: warm-up ${WARMUP}s"
    timeout $((WARMUP + 30)) wrk -t1 -c"$CONNECTIONS" -d"${WARMUP}s" "$url" >/dev/null
    # shellcheck disable=SC2207
    pids=($(measured_pids))
    log "$server $route: measuring ${DURATION}s (pids ${pids[*]})"
    before=$(cpu_ticks "${pids[@]}")
    out=$(timeout $((DURATION + 60)) wrk -t1 -c"$CONNECTIONS" -d"${DURATION}s" --latency "$url")
    after=$(cpu_ticks "${pids[@]}")
    printf '%s\n' "$out" >"$TMP/wrk-$server-${route#/}.txt"
    reqs=$(awk '/ requests in /{print $1; exit}' <<<"$out")
    rps=$(awk '/^Requests\/sec:/{print $2; exit}' <<<"$out")
    p50=$(awk '$1=="50%"{print $2; exit}' <<<"$out")
    p99=$(awk '$1=="99%"{print $2; exit}' <<<"$out")
    errors=$(awk '/Socket errors:|Non-2xx/{sub(/^ +/, ""); printf "%s%s", sep, $0; sep="; "}' <<<"$out")
    if [[ -z $reqs || -z $rps || $reqs -eq 0 ]]; then
        echo "run.sh: could not parse wrk output for $server $route:" >&2
        printf '%s\n' "$out" >&2
        exit 1
    fi
    dticks=$((after - before))
    cpu_us=$((dticks * 1000000 / CLK_TCK))
    per_req=$(awk -v c="$cpu_us" -v n="$reqs" 'BEGIN{printf "%.2f", c / n}')
    local cpu_s
    cpu_s=$(awk -v c="$cpu_us" 'BEGIN{printf "%.2f", c / 1e6}')
    RESULTS+=("$server|$route|$rps|$per_req|$p50|$p99|$reqs|$cpu_s|${errors:-none}")
    log "$server $route: $reqs requests, $rps req/s, ${cpu_s}s server CPU, $per_req µs/request, p50 $p50, p99 $p99"
}

# The servers take turns, round after round: this machine's speed drifts by 10-20 % over a
# minute, so one pass each would compare different machines. The report uses per-route medians.
for ROUND in $(seq "$ROUNDS"); do
log "round $ROUND of $ROUNDS"
# (a) asgiscope ----------------------------------------------------------
PORT=$(free_port)
log "asgiscope on 127.0.0.1:$PORT"
start_server asgiscope "$ASGISCOPE" serve --host 127.0.0.1 --port "$PORT" --workers 1 --no-access-log
wait_ready asgiscope "http://127.0.0.1:$PORT/plaintext"
measure asgiscope /plaintext "http://127.0.0.1:$PORT/plaintext"
measure asgiscope /json "http://127.0.0.1:$PORT/json"
stop_server

# (b) nginx --------------------------------------------------------------
PORT=$(free_port)
NGX="$TMP/nginx"
write_nginx_conf "$NGX" "$PORT"
log "nginx on 127.0.0.1:$PORT"
start_server nginx "$NGINX" -p "$NGX" -e "$NGX/logs/error.log" -c "$NGX/nginx.conf" \
    -g "daemon off; pid $NGX/nginx.pid;"
wait_ready nginx "http://127.0.0.1:$PORT/plaintext"
measure nginx /plaintext "http://127.0.0.1:$PORT/plaintext"
measure nginx /json "http://127.0.0.1:$PORT/json"
stop_server

# (c) uvicorn + Starlette ------------------------------------------------
UVICORN_OPTS=()
UVICORN_MODE="--loop auto --http auto"
if "$PY" -c 'import uvloop' 2>/dev/null && "$PY" -c 'import httptools' 2>/dev/null; then
    UVICORN_OPTS=(--loop uvloop --http httptools)
    UVICORN_MODE="--loop uvloop --http httptools"
else
    UVICORN_OPTS=(--loop auto --http auto)
    "$PY" -c 'import uvloop' 2>/dev/null && UVICORN_MODE="--loop auto (uvloop) --http auto (h11; httptools missing)"
    "$PY" -c 'import httptools' 2>/dev/null && UVICORN_MODE="--loop auto (asyncio; uvloop missing) --http auto (httptools)"
    [[ $UVICORN_MODE == "--loop auto --http auto" ]] && UVICORN_MODE="--loop auto (asyncio) --http auto (h11): uvloop/httptools missing"
fi
# The twin of asgiscope's demo: the same middleware stack and routes.
PORT=$(free_port)
log "uvicorn ($UVICORN_MODE) serving tests/peer/demo_app.py on 127.0.0.1:$PORT"
start_server uvicorn env -u PYTHONPATH -u PYTHONHOME "$PY" -m uvicorn demo_app:app \
    --app-dir "$REPO/tests/peer" --host 127.0.0.1 --port "$PORT" --workers 1 \
    --no-access-log --log-level warning "${UVICORN_OPTS[@]}"
wait_ready uvicorn "http://127.0.0.1:$PORT/plaintext"
# `env` execs python, so SERVER_PID is the python process itself.
measure uvicorn /plaintext "http://127.0.0.1:$PORT/plaintext"
measure uvicorn /json "http://127.0.0.1:$PORT/json"
stop_server

# (d) uvicorn + minimal Starlette (no middleware, two routes): plaintext only.
if [[ ${SKIP_MINIMAL:-0} != 1 ]]; then
    PORT=$(free_port)
    log "uvicorn serving bench/starlette_app.py on 127.0.0.1:$PORT"
    start_server uvicorn-minimal env -u PYTHONPATH -u PYTHONHOME "$PY" -m uvicorn starlette_app:app \
        --app-dir "$SCRIPT_DIR" --host 127.0.0.1 --port "$PORT" --workers 1 \
        --no-access-log --log-level warning "${UVICORN_OPTS[@]}"
    wait_ready uvicorn-minimal "http://127.0.0.1:$PORT/plaintext"
    measure uvicorn-minimal /plaintext "http://127.0.0.1:$PORT/plaintext"
    stop_server
fi

done

# Median of the rounds per server and route (rows with the median CPU per request).
ALL_RESULTS=("${RESULTS[@]}")
RESULTS=()
KEYS=("asgiscope|/plaintext" "asgiscope|/json" "nginx|/plaintext" "nginx|/json" "uvicorn|/plaintext" "uvicorn|/json")
[[ ${SKIP_MINIMAL:-0} != 1 ]] && KEYS+=("uvicorn-minimal|/plaintext")
for key in "${KEYS[@]}"; do
    mapfile -t rows < <(printf '%s\n' "${ALL_RESULTS[@]}" | awk -F'|' -v k="$key" '$1"|"$2==k' | sort -t'|' -k4,4g)
    RESULTS+=("${rows[$(( ${#rows[@]} / 2 ))]}")
done
# ---------------------------------------------------------------- report
get() {  # get SERVER ROUTE FIELD(1-based in the RESULTS record)
    local r
    for r in "${RESULTS[@]}"; do
        IFS='|' read -r -a f <<<"$r"
        if [[ ${f[0]} == "$1" && ${f[1]} == "$2" ]]; then echo "${f[$(($3 - 1))]}"; return; fi
    done
    echo ""
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN{ if (b > 0) printf "%.2f", a / b; else print "n/a" }'; }

# The interleaved comparison (bench/slices.sh; SKIP_SLICES=1 skips it and keeps the last one):
# both servers at once, taking turns in 1 s slices, so that the machine's drift cancels.
# When they ran in this run they decide the nginx target: an 8 s pass of each server in turn
# compares two states of the machine (paired ratios of one build range 0.98 to 1.36), the slices
# compare the same one (their runs for one build stay within about ±5 %, their medians within ±3 %).
SLICES_RAN=0
if [[ ${SKIP_SLICES:-0} != 1 ]]; then
    log "running the interleaved slices comparison (bench/slices.sh)"
    SLICES_SECTION=$(bash "$SCRIPT_DIR/slices.sh" --build-dir "$BUILD_DIR")
    SLICES_RAN=1
else
    SLICES_SECTION=$( { [[ -f $SCRIPT_DIR/RESULTS.md ]] && awk '/^### Interleaved slices/ {keep = 1; print; next} keep && /^##/ {exit} keep' "$SCRIPT_DIR/RESULTS.md"; } || true)
fi

# The targets (per route): asgiscope's CPU per request at most 1.2x nginx's, and uvicorn+Starlette's
# (the twin app) at least 3x asgiscope's.
NGINX_LIMIT=1.2
UVICORN_FACTOR=3
A_PT=$(get asgiscope /plaintext 4); A_JS=$(get asgiscope /json 4)
N_PT=$(get nginx /plaintext 4); N_JS=$(get nginx /json 4)
U_PT=$(get uvicorn /plaintext 4); U_JS=$(get uvicorn /json 4)
M_PT=$(get uvicorn-minimal /plaintext 4)
R_UA_PT=$(ratio "$U_PT" "$A_PT"); R_UA_JS=$(ratio "$U_JS" "$A_JS")
R_AN_PT=$(ratio "$A_PT" "$N_PT"); R_AN_JS=$(ratio "$A_JS" "$N_JS")
# Paired by round: asgiscope's pass ÷ the nginx pass that ran right after it. The machine's speed
# drifts over minutes, so a ratio of two passes ~20 s apart varies less than a ratio of medians
# taken from different rounds; both are reported, the target is judged on the medians.
paired_ratios() {  # paired_ratios ROUTE -> "r1 r2 ..." in round order
    local route=$1 a n
    mapfile -t a < <(printf '%s\n' "${ALL_RESULTS[@]}" | awk -F'|' -v r="$route" '$1=="asgiscope" && $2==r {print $4}')
    mapfile -t n < <(printf '%s\n' "${ALL_RESULTS[@]}" | awk -F'|' -v r="$route" '$1=="nginx" && $2==r {print $4}')
    local i out=""
    for ((i = 0; i < ${#a[@]} && i < ${#n[@]}; i++)); do out+="$(ratio "${a[$i]}" "${n[$i]}") "; done
    echo "${out% }"
}
median_of() { tr ' ' '\n' | sed '/^$/d' | sort -g | awk '{v[NR]=$1} END{if (NR) print v[int((NR+1)/2)]}'; }
P_PT=$(paired_ratios /plaintext); P_JS=$(paired_ratios /json)
PM_PT=$(median_of <<<"$P_PT"); PM_JS=$(median_of <<<"$P_JS")
met() { awk -v r="$1" -v op="$2" -v t="$3" 'BEGIN{ if (r == "n/a") print "not met"; else if (op == "le") print (r + 0 <= t + 0) ? "met" : "not met"; else print (r + 0 >= t + 0) ? "met" : "not met" }'; }
MET_N_PT=$(met "$R_AN_PT" le "$NGINX_LIMIT"); MET_N_JS=$(met "$R_AN_JS" le "$NGINX_LIMIT")
slice_median() {  # the median ratio bench/slices.sh reported for ROUTE
    printf '%s\n' "$SLICES_SECTION" | awk -F'|' -v r=" $1 " '$2 == r && $3 ~ /median/ {v = $6; gsub(/[*× ]/, "", v); print v}'
}
S_PT=""; S_JS=""
JUDGED="the medians of the passes (bench/slices.sh did not run: SKIP_SLICES=1)"
if [[ $SLICES_RAN == 1 ]]; then
    S_PT=$(slice_median /plaintext); S_JS=$(slice_median /json)
    if [[ -n $S_PT && -n $S_JS ]]; then
        MET_N_PT=$(met "$S_PT" le "$NGINX_LIMIT"); MET_N_JS=$(met "$S_JS" le "$NGINX_LIMIT")
        JUDGED="the interleaved slices (bench/slices.sh, below), the passes being too far apart in time"
    fi
fi
MET_U_PT=$(met "$R_UA_PT" ge "$UVICORN_FACTOR"); MET_U_JS=$(met "$R_UA_JS" ge "$UVICORN_FACTOR")
if [[ "$MET_N_PT$MET_N_JS$MET_U_PT$MET_U_JS" == metmetmetmet ]]; then MET="**met**"; else MET="**not met**"; fi

CPU_MODEL=$(awk -F': ' '/^model name/{print $2; exit}' /proc/cpuinfo)
NGINX_VER=$("$NGINX" -v 2>&1 | sed 's/^nginx version: //')
PYVER=$("$PY" -c 'import sys; print(sys.version.split()[0])')
UVICORN_VER=$("$PY" -c 'import uvicorn; print(uvicorn.__version__)')
STARLETTE_VER=$("$PY" -c 'import starlette; print(starlette.__version__)')
UVLOOP_VER=$("$PY" -c 'import uvloop; print(uvloop.__version__)' 2>/dev/null || echo "not installed")
HTTPTOOLS_VER=$("$PY" -c 'import httptools; print(httptools.__version__)' 2>/dev/null || echo "not installed")
WRK_VER=$(wrk -v 2>&1 | head -n1 | awk '{print $2}' || true)
COMMIT=$(git -C "$REPO" rev-parse --short=12 HEAD 2>/dev/null || echo unknown)
if [[ -n $(git -C "$REPO" status --porcelain --untracked-files=no 2>/dev/null) ]]; then COMMIT="$COMMIT (+ uncommitted changes)"; fi
LOADAVG=$(cut -d' ' -f1-3 /proc/loadavg)

OUT="$SCRIPT_DIR/RESULTS.md"
# The soak section (bench/soak.sh appends to it) is kept at the end of the file.
SOAK_SECTION=$( { [[ -f $OUT ]] && sed -n '/^## Soak (bench\/soak.sh)/,$p' "$OUT"; } || true)
# So are the instruction and allocation counts (bench/instructions.sh, bench/allocations.sh),
# written by hand after the HTTP results: everything from their first heading to the next
# top-level section.
INSTRUCTIONS_SECTION=$( { [[ -f $OUT ]] && awk '/^### Instructions/ {keep = 1} keep && /^## / {exit} keep' "$OUT"; } || true)
{
    echo "# Server CPU per request: asgiscope vs nginx vs uvicorn+Starlette"
    echo
    echo "Generated by \`bench/run.sh --duration $DURATION --connections $CONNECTIONS --rounds $ROUNDS\` on $(date -u '+%Y-%m-%d %H:%M:%S UTC')."
    echo
    echo "## Method"
    echo
    echo "- Machine: $(nproc) CPUs, $CPU_MODEL; load average before the run: $LOADAVG_BEFORE, after it: $LOADAVG"
    echo "  (other work on the machine competes with the servers and wrk; the rounds and medians are there for that)."
    echo "- Servers run one at a time on 127.0.0.1 (free port each). Each is polled until it answers, warmed up"
    echo "  for ${WARMUP} s with wrk, then measured with \`wrk -t1 -c$CONNECTIONS -d${DURATION}s --latency http://127.0.0.1:PORT/ROUTE\` (wrk $WRK_VER)."
    echo "- Server CPU = utime+stime from \`/proc/PID/stat\` (all threads; CLK_TCK=$CLK_TCK) read right before and"
    echo "  after the wrk run; for nginx the master and its worker process are summed. CPU µs/request ="
    echo "  server CPU time ÷ requests wrk completed. wrk runs on the same machine and competes for the CPUs."
    echo "- asgiscope: commit $COMMIT, \`$ASGISCOPE serve --workers 1 --no-access-log\` (build type: ${BUILD_TYPE:-unknown}),"
    echo "  serving its built-in demo (\`app/demo/demo_app.cpp\`): a \`web::Starlette\` application whose requests pass"
    echo "  ServerErrorMiddleware, CORSMiddleware(allow_origins=[\"*\"]), GZipMiddleware(minimum_size=500), SessionMiddleware,"
    echo "  ExceptionMiddleware and a Router of ~25 routes (\`/plaintext\` is its 2nd route, \`/json\` its 3rd)."
    echo "- nginx $NGINX_VER: \`worker_processes 1\`, \`access_log off\`, \`keepalive_requests 100000\`,"
    echo "  \`location = /plaintext { default_type text/plain; return 200 \"Hello, world!\"; }\` and"
    echo "  \`location = /json { default_type application/json; return 200 '{\"message\":\"Hello, world!\"}'; }\`."
    echo "- uvicorn $UVICORN_VER + Starlette $STARLETTE_VER (Python $PYVER, uvloop $UVLOOP_VER, httptools $HTTPTOOLS_VER), one worker,"
    echo "  \`--no-access-log --log-level warning\`, $UVICORN_MODE, serving the demo's twin"
    echo "  \`--app-dir tests/peer demo_app:app\` (the same middleware stack and routes; \`/plaintext\` is its 1st route)."
    if [[ -n $M_PT ]]; then
        echo "- uvicorn-minimal: the same uvicorn serving \`bench/starlette_app.py\` (Starlette, two routes, no middleware), for scale."
    fi
    echo "- wrk sends no Origin, Accept-Encoding or Cookie header: CORS, GZip and Session run their pass-through paths."
    echo
    echo "## Results"
    echo
    echo "Each row is the round with the median CPU per request for that server and route ($ROUNDS rounds; every pass is listed below)."
    echo
    echo "| Server | Route | Requests/s | CPU µs/request | p50 | p99 |"
    echo "|---|---|---:|---:|---:|---:|"
    for r in "${RESULTS[@]}"; do
        IFS='|' read -r -a f <<<"$r"
        printf '| %s | %s | %s | %s | %s | %s |\n' "${f[0]}" "${f[1]}" "${f[2]}" "${f[3]}" "${f[4]}" "${f[5]}"
    done
    echo
    echo "Targets, per route: asgiscope's server CPU per request within ${NGINX_LIMIT}× of nginx's \`return 200\`, and at"
    echo "least ${UVICORN_FACTOR}× below uvicorn+Starlette's serving the twin app."
    echo
    echo "| Route | asgiscope ÷ nginx, passes | asgiscope ÷ nginx, interleaved slices | target ≤ ${NGINX_LIMIT}× | uvicorn+Starlette ÷ asgiscope (target ≥ ${UVICORN_FACTOR}×) | |"
    echo "|---|---:|---:|---|---:|---|"
    echo "| /plaintext | $R_AN_PT× ($A_PT vs $N_PT µs) | ${S_PT:-—}${S_PT:+×} | $MET_N_PT | $R_UA_PT× ($U_PT vs $A_PT µs) | $MET_U_PT |"
    echo "| /json | $R_AN_JS× ($A_JS vs $N_JS µs) | ${S_JS:-—}${S_JS:+×} | $MET_N_JS | $R_UA_JS× ($U_JS vs $A_JS µs) | $MET_U_JS |"
    echo
    echo "The nginx target is judged on $JUDGED."
    echo
    echo "Paired by round (each asgiscope pass ÷ the nginx pass that followed it, in round order):"
    echo "/plaintext ${P_PT// /, } (median ${PM_PT}×); /json ${P_JS// /, } (median ${PM_JS}×)."
    echo
    if [[ -n $M_PT ]]; then
        echo "For scale: uvicorn with the minimal Starlette app (no middleware) takes $M_PT µs per /plaintext request ($(ratio "$M_PT" "$A_PT")× asgiscope's)."
        echo
    fi
    echo "Result: $MET."
    echo
    echo "Every pass, in the order run (requests completed / server CPU seconds / µs per request / wrk errors):"
    echo
    for r in "${ALL_RESULTS[@]}"; do
        IFS='|' read -r -a f <<<"$r"
        printf -- '- %s %s: %s requests, %s s CPU, %s µs/request, errors: %s\n' "${f[0]}" "${f[1]}" "${f[6]}" "${f[7]}" "${f[3]}" "${f[8]}"
    done
} >"$OUT"
if [[ -n $SLICES_SECTION ]]; then
    { echo; printf '%s\n' "$SLICES_SECTION"; } >>"$OUT"
fi
if [[ -n $INSTRUCTIONS_SECTION ]]; then
    { echo; printf '%s\n' "$INSTRUCTIONS_SECTION"; } >>"$OUT"
fi

# The WebSocket echo benchmark (bench/ws_run.sh) runs next, with every HTTP server stopped,
# and its table becomes a section of the same file.
if [[ ${SKIP_WEBSOCKET:-0} != 1 ]]; then
    log "running the WebSocket echo benchmark"
    bash "$SCRIPT_DIR/ws_run.sh" --build-dir "$BUILD_DIR" >/dev/null
fi
# Skipped: the section from the last run is kept (its file says when it was made).
[[ -f $SCRIPT_DIR/RESULTS-websocket.md ]] && { echo; sed -e '1s/^# /## /' "$SCRIPT_DIR/RESULTS-websocket.md"; } >>"$OUT"
# And the TLS comparison with nginx (bench/tls_run.sh; SKIP_TLS=1 skips it).
if [[ ${SKIP_TLS:-0} != 1 ]]; then
    log "running the TLS benchmark"
    bash "$SCRIPT_DIR/tls_run.sh" --build-dir "$BUILD_DIR" >/dev/null
fi
# Skipped: the section from the last run is kept (its file says when it was made).
[[ -f $SCRIPT_DIR/RESULTS-tls.md ]] && { echo; sed -e '1s/^# /## /' "$SCRIPT_DIR/RESULTS-tls.md"; } >>"$OUT"

# And route matching against the size of the route table (bench/route_run.sh; SKIP_ROUTING=1 skips it).
if [[ ${SKIP_ROUTING:-0} != 1 ]]; then
    log "running the route matching benchmark"
    bash "$SCRIPT_DIR/route_run.sh" --build-dir "$BUILD_DIR" >/dev/null
fi
# Skipped: the section from the last run is kept (its file says when it was made).
[[ -f $SCRIPT_DIR/RESULTS-routing.md ]] && { echo; sed -e '1s/^# /## /' "$SCRIPT_DIR/RESULTS-routing.md"; } >>"$OUT"

# The desktop window under load (bench/window_load, run by hand: it needs the benchmark build).
[[ -f $SCRIPT_DIR/RESULTS-window.md ]] && { echo; sed -e '1s/^# /## /' "$SCRIPT_DIR/RESULTS-window.md"; } >>"$OUT"

if [[ -n $SOAK_SECTION ]]; then
    { echo; printf '%s\n' "$SOAK_SECTION"; } >>"$OUT"
fi

cat "$OUT"
log "wrote $OUT"
