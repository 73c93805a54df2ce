#!/usr/bin/env bash
# Bounded soak of `asgiscope serve` on loopback (bench/soak.py): keep-alive, pipelining,
# uploads, streaming, WebSocket echo, vanishing clients, slowloris and idle floods at once.
#   bench/soak.sh            10 minutes, the summary appended to bench/RESULTS-soak.md
#   bench/soak.sh 120        two minutes
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build="${ASGISCOPE_BUILD_DIR:-$root/build}"
duration="${1:-600}"
cmake --build "$build" -j 2 --target asgiscope
out=$(mktemp)
status=0
/usr/bin/python3 "$root/bench/soak.py" "$build/app/asgiscope" --duration "$duration" > "$out" || status=$?
cat "$out"
{ echo; cat "$out"; } >> "$root/bench/RESULTS-soak.md"
rm -f "$out"
exit $status
