#!/usr/bin/env bash
# Route matching against the size of the route table: asgiscope's Router search
# (bench/route_matching.cpp) next to Starlette's (bench/route_matching.py), on the same table
# of 50/100/250/500 routes (literal paths, {id:int}, {slug}, {rest:path}, mounts) for a
# request hitting the first, the middle and the last route, and one no route takes.
#
# usage: bench/route_run.sh [--build-dir DIR] [--ms MS] [--sizes 50,100,250,500]
#   --build-dir DIR  Release build dir (default <repo>/build-release); configured with
#                    -DASGISCOPE_BUILD_BENCHMARKS=ON and the route_matching target built.
#   --ms MS          milliseconds per timed run (median of 5; default 200)
# Writes bench/RESULTS-routing.md and prints it.
set -euo pipefail
SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$SCRIPT_DIR/.." && pwd)
PY=/usr/bin/python3
BUILD_DIR="$REPO/build-release"
MS=200
SIZES=50,100,250,500
while [[ $# -gt 0 ]]; do
    case "$1" in
        --build-dir) BUILD_DIR=$2; shift 2 ;;
        --ms) MS=$2; shift 2 ;;
        --sizes) SIZES=$2; shift 2 ;;
        *) echo "route_run.sh: unknown argument: $1" >&2; exit 2 ;;
    esac
done
mkdir -p "$BUILD_DIR"
BUILD_DIR=$(cd "$BUILD_DIR" && pwd)

if [[ ! -f $BUILD_DIR/build.ninja ]]; then
    cmake -S "$REPO" -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=Release -DASGISCOPE_BUILD_TESTS=OFF >&2
fi
if ! grep -q '^ASGISCOPE_BUILD_BENCHMARKS:BOOL=ON' "$BUILD_DIR/CMakeCache.txt"; then
    cmake -S "$REPO" -B "$BUILD_DIR" -DASGISCOPE_BUILD_BENCHMARKS=ON >&2
fi
timeout 1800 ninja -C "$BUILD_DIR" -j2 route_matching >&2
BUILD_TYPE=$(sed -n 's/^CMAKE_BUILD_TYPE:STRING=//p' "$BUILD_DIR/CMakeCache.txt")

TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
echo "[routing] asgiscope" >&2
"$BUILD_DIR/bench/route_matching" --sizes "$SIZES" --ms "$MS" >"$TMP/cpp.txt"
echo "[routing] Starlette" >&2
env -u PYTHONPATH -u PYTHONHOME "$PY" "$SCRIPT_DIR/route_matching.py" --sizes "$SIZES" --ms "$MS" >"$TMP/py.txt"
STARLETTE_VER=$("$PY" -c 'import starlette; print(starlette.__version__)')
PYVER=$("$PY" -c 'import sys; print(sys.version.split()[0])')

OUT="$SCRIPT_DIR/RESULTS-routing.md"
{
    echo "# Route matching: asgiscope vs Starlette, by route table size"
    echo
    echo "$(date -u '+%Y-%m-%d'), $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg) at the end. Produced by bench/route_run.sh"
    echo "(bench/route_matching.cpp, built ${BUILD_TYPE:-Release}; bench/route_matching.py under Python $PYVER, Starlette $STARLETTE_VER)."
    echo "The table of N routes repeats literal \`/rI/items\`, \`/rI/users/{id:int}\`, \`/rI/posts/{slug}\`,"
    echo "\`/rI/files/{rest:path}\` and a Mount \`/rI/mount\` of two routes; each search calls every route's"
    echo "\`matches(scope)\` in order until a full match, as the Router does (Starlette: \`route.matches(scope)\`)."
    echo "Times are the median of 5 runs of ${MS} ms, per search."
    echo
    echo "| routes | request | routes tried | asgiscope ns | ns per route tried | Starlette ns | Starlette ÷ asgiscope |"
    echo "| ---: | --- | ---: | ---: | ---: | ---: | ---: |"
    paste -d' ' "$TMP/cpp.txt" "$TMP/py.txt" | awk '{
        printf "| %s | %s | %s | %.0f | %.1f | %.0f | %.0f× |\n", $1, $2, $3, $4, $4 / $3, $8, $8 / $4 }'
    echo
    # Growth from the smallest to the largest table, for the searches that try every route.
    awk -v sizes="$SIZES" '
        { ns[$1" "$2] = $4 }
        END {
            n = split(sizes, s, ",")
            lo = s[1]; hi = s[n]
            for (i = 1; i <= 2; i++) {
                t = (i == 1) ? "last" : "miss"
                r = ns[hi" "t] / ns[lo" "t]
                printf "- %s: %d → %d routes (%.0f× the routes) takes %.1f× the time", t, lo, hi, hi / lo, r
                printf "%s\n", (r <= 1.25 * hi / lo) ? ": linear (at most O(routes))." : ": MORE than linear."
            }
        }' "$TMP/cpp.txt"
    echo "- A hit on the first route costs the same at every size: the search stops at the first full match."
} >"$OUT"
cat "$OUT"
