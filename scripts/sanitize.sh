#!/usr/bin/env bash
# Builds the core's tests with AddressSanitizer + UndefinedBehaviorSanitizer (g++, -O1) into
# build-sanitize/ and runs them: any report (memory error, leak, undefined behaviour) fails
# the test that hit it. No desktop app or UI here (ASGISCOPE_CORE_TESTS_ONLY).
#
# To fit CI (2 cores, the whole of scripts/test.sh well under an hour) only the tests that
# exercise the HTTP server and its bad-input handling, WebSocket, requests, forms, routing
# and tracing are built; set
# ASGISCOPE_SANITIZE_ALL=1 to build and run every core test. Warnings do not stop this build:
# the normal build already treats them as errors, and instrumented -O1 code draws false
# positives from g++ 12 that say nothing about the sources.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build="${ASGISCOPE_SANITIZE_BUILD_DIR:-$root/build-sanitize}"
tests=(
    test_http_server test_http_bad_input test_websocket test_fuzz_regressions test_limits
    test_web_requests test_web_formparsers test_web_routing
    test_trace_hub test_trace_tracer
)
if [ ! -f "$build/build.ninja" ]; then
    cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
        "-DCMAKE_CXX_FLAGS_RELWITHDEBINFO=-O1 -g1" -DASGISCOPE_WARNINGS_AS_ERRORS=OFF \
        -DASGISCOPE_SANITIZE=ON -DASGISCOPE_CORE_TESTS_ONLY=ON -DASGISCOPE_BUILD_APP=OFF
fi
cd "$build"
if [ "${ASGISCOPE_SANITIZE_ALL:-0}" = 1 ]; then
    cmake --build . -j 2
    ctest --output-on-failure -j 2 --timeout 600
else
    cmake --build . -j 2 --target "${tests[@]}"
    ctest --output-on-failure -j 2 --timeout 600 -R "^($(IFS='|'; echo "${tests[*]}"))\$"
fi
