#!/usr/bin/env bash
# A real screenshot of the desktop app: starts asgiscope under Xvfb (a real X server, no
# display needed) on a free port with a fresh settings directory, fires a few requests at the
# demo with curl, and lets the app select the newest Traffic row (so Trace and Inspector show
# it), raise a dock if asked, and grab the X screen (QScreen::grabWindow(0) on the root window).
#
#   scripts/screenshot.sh [-o FILE] [-d DOCK] [-s WxHxDEPTH] [-b BUILD_DIR] [-- curl paths...]
#
#   -o FILE   where the PNG goes (default resources/screenshot.png)
#   -d DOCK   object name of a dock to bring to the front: routesDock, trafficDock, traceDock,
#             inspectorDock, middlewareDock, logDock (and the docks later branches add)
#   -s SIZE   the Xvfb screen (default 1600x1000x24)
#   -b DIR    the build directory with the asgiscope executable (default build)
#   paths     request paths to fire (default: a mix of the demo's routes; the last one is
#             the selected row)
set -euo pipefail
cd "$(dirname "$0")/.."

out=resources/screenshot.png
dock=""
size=1600x1000x24
build=build
while getopts "o:d:s:b:" opt; do
    case $opt in
        o) out=$OPTARG ;;
        d) dock=$OPTARG ;;
        s) size=$OPTARG ;;
        b) build=$OPTARG ;;
        *) sed -n '2,20p' "$0"; exit 2 ;;
    esac
done
shift $((OPTIND - 1))
paths=("$@")
if [ ${#paths[@]} -eq 0 ]; then
    paths=(/plaintext /json "/query?q=asgi&page=2" /nope /teapot /error /redirect /users/7)
fi

bin=$build/app/asgiscope
[ -x "$bin" ] || { echo "screenshot: $bin not built (cmake --build $build --target asgiscope)" >&2; exit 1; }
command -v xvfb-run >/dev/null || { echo "screenshot: xvfb-run missing (scripts/setup.sh installs xvfb)" >&2; exit 1; }

# A free port, chosen by the kernel.
port=$(/usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
config=$(mktemp -d)
trap 'rm -rf "$config"' EXIT
case $out in /*) ;; *) out=$PWD/$out ;; esac

delay=$((3000 + 400 * ${#paths[@]}))
args=(--port "$port" --screenshot "$out" --screenshot-delay "$delay")
[ -n "$dock" ] && args+=(--raise-dock "$dock")

# Fresh settings (default layout, light theme, English) so screenshots do not depend on the
# user's own; the app stops itself after the grab.
XDG_CONFIG_HOME=$config LANG=${SCREENSHOT_LANG:-C.UTF-8} \
    xvfb-run -a -s "-screen 0 $size -nolisten tcp" "$bin" "${args[@]}" &
app=$!

# Wait for the server, then fire the requests (spaced so Traffic shows distinct times).
for _ in $(seq 100); do
    curl -s -o /dev/null "http://127.0.0.1:$port/" && break
    sleep 0.1
done
for p in "${paths[@]}"; do
    curl -s -o /dev/null "http://127.0.0.1:$port$p" || true
    sleep 0.2
done
wait $app
echo "screenshot: $out"
