#!/usr/bin/env bash
# Bounded soak of `asgiscope serve` on loopback (bench/soak.py): keep-alive, pipelining,
# uploads, streaming, WebSocket echo, vanishing clients, slowloris and idle floods at once.
#   bench/soak.sh --minutes 10 --trace   the recorded run: 10 minutes with tracing on
#   bench/soak.sh --minutes 2            two minutes, no tracing
# Options: --minutes N (default 10), --trace (serve --trace into a temporary file rotated at
# 64 MiB), --no-record (do not append the summary to bench/RESULTS.md).
# Exit status 1 when the soak failed (see bench/soak.py for the criteria).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build="${ASGISCOPE_BUILD_DIR:-$root/build}"
minutes=10
trace=()
record=1
command="bench/soak.sh $*"
while [ $# -gt 0 ]; do
    case "$1" in
        --minutes) minutes="$2"; shift 2 ;;
        --trace) trace=(--trace); shift ;;
        --no-record) record=0; shift ;;
        *) echo "usage: bench/soak.sh [--minutes N] [--trace] [--no-record]" >&2; exit 2 ;;
    esac
done
seconds=$(/usr/bin/python3 -c "print(float('$minutes') * 60)")
warmup=$(/usr/bin/python3 -c "print(min(60.0, float('$minutes') * 60 / 4))")
cmake --build "$build" -j 2 --target asgiscope
out=$(mktemp)
status=0
/usr/bin/python3 "$root/bench/soak.py" "$build/app/asgiscope" --duration "$seconds" --warmup "$warmup" \
    "${trace[@]}" --command "$command" > "$out" || status=$?
cat "$out"
if [ "$record" = 1 ]; then
    { echo; cat "$out"; } >> "$root/bench/RESULTS.md"
fi
rm -f "$out"
exit $status
