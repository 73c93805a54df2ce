# Sourced by bench/instructions.sh and bench/allocations.sh: their shared options
# ([--build-dir DIR] [--route /plaintext] [--bin BINARY] [-- extra serve flags]), the server
# binary, a scratch directory removed on exit and a free port. Sets SCRIPT_DIR, BUILD_DIR,
# ROUTE, BIN, TMP and PORT and leaves the extra serve flags in "$@"; NAME is the caller's name
# for error messages.
SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
BUILD_DIR="$SCRIPT_DIR/../build-release"
ROUTE=/plaintext
BIN=
while [[ $# -gt 0 ]]; do
    case "$1" in
        --build-dir) BUILD_DIR=$2; shift 2 ;;
        --route) ROUTE=$2; shift 2 ;;
        --bin) BIN=$2; shift 2 ;;
        --) shift; break ;;
        *) echo "$NAME: unknown argument: $1" >&2; exit 2 ;;
    esac
done
BIN=${BIN:-$BUILD_DIR/app/asgiscope}
[[ -x $BIN ]] || { echo "$NAME: $BIN not built (run bench/run.sh once)" >&2; exit 1; }
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
PORT=$(/usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
