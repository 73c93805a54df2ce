#!/usr/bin/env bash
# Installs what asgiscope needs from Debian bookworm's packages. Idempotent: when everything
# is already installed it only checks (a second or so) and touches nothing.
set -euo pipefail

packages=(
    # toolchain
    g++ cmake ninja-build ccache pkg-config
    # core: Asio/Beast/JSON from Boost 1.81, TLS, compression
    libboost1.81-dev libboost-json1.81-dev libssl-dev zlib1g-dev openssl
    # desktop app
    qt6-base-dev qt6-websockets-dev qt6-tools-dev qt6-tools-dev-tools qt6-l10n-tools
    # Qt's own Chinese strings (standard dialogs), the SVG icon plugins (application icon)
    qt6-translations-l10n libqt6svg6
    # a CJK font, so that the Chinese translation draws on a bare system (no boxes)
    fonts-wqy-microhei
    libqcustomplot-dev libgl-dev
    # hardening: clang and its libFuzzer/sanitizer runtimes for tests/fuzz (g++'s ASan/UBSan
    # runtimes come with g++)
    clang-14 libclang-rt-14-dev
    # tests: independent clients
    curl python3 python3-httpx python3-websockets
    # scripts/screenshot.sh: a real X server without a display
    xvfb xauth
    # benchmarks: load generator and the servers we compare with
    wrk nginx-light python3-uvicorn python3-starlette python3-httptools python3-uvloop
)

missing=()
for p in "${packages[@]}"; do
    status=$(dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null || true)
    [ "$status" = "installed" ] || missing+=("$p")
done

if [ ${#missing[@]} -eq 0 ]; then
    echo "setup: all ${#packages[@]} packages present"
    exit 0
fi

echo "setup: installing ${missing[*]}"
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
# nginx-light's package starts a system nginx on port 80; the benchmark runs its own.
if command -v systemctl >/dev/null 2>&1 && systemctl is-active --quiet nginx 2>/dev/null; then
    $SUDO systemctl stop nginx || true
fi
