#!/usr/bin/env bash
# Builds the libFuzzer targets of tests/fuzz with clang 14 (ASan + UBSan) into build-fuzz/
# and runs them through CTest.
#   scripts/fuzz.sh                 the CI run: the committed seeds, then a fixed number of new
#                                   inputs per target from seed 1 (repeatable; about 2 minutes)
#   scripts/fuzz.sh 0               the committed seeds only
#   scripts/fuzz.sh 600             every target for 10 minutes
#   scripts/fuzz.sh 3600 forms      one target (fuzz_forms) for an hour
# The seed is fixed (1); ASGISCOPE_FUZZ_SEED=0 picks a new one per run (do that for long runs).
# Timed runs collect new inputs in build-fuzz/tests/fuzz/work/<target>/corpus, crashes go to
# .../artifacts; see the README's "Fuzzing" for turning a crash into a regression test.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build="${ASGISCOPE_FUZZ_BUILD_DIR:-$root/build-fuzz}"
seconds="${1:-runs}"
if [[ ! $seconds =~ ^(runs|[0-9]+)$ ]]; then
    echo "fuzz.sh: the budget must be a number of seconds (0: seeds only) or 'runs', not '$seconds'" >&2
    exit 2
fi
only="${2:-}"
if [ ! -f "$build/build.ninja" ]; then
    cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
        -DCMAKE_CXX_COMPILER=clang++-14 "-DCMAKE_CXX_FLAGS_RELWITHDEBINFO=-O1 -g1" \
        -DASGISCOPE_WARNINGS_AS_ERRORS=ON -DASGISCOPE_BUILD_FUZZERS=ON \
        -DASGISCOPE_BUILD_TESTS=OFF -DASGISCOPE_BUILD_APP=OFF
fi
cmake -S "$root" -B "$build" -DASGISCOPE_FUZZ_SECONDS="$seconds" -DASGISCOPE_FUZZ_SEED="${ASGISCOPE_FUZZ_SEED:-1}" > /dev/null
cmake --build "$build" -j 2 --target fuzzers
cd "$build"
ctest --output-on-failure -j 2 -R "^fuzz_${only}"
