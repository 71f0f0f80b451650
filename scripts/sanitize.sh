#!/usr/bin/env bash
# Builds the tree with AddressSanitizer and UndefinedBehaviorSanitizer at -O1 in a second build
# folder (default build-sanitize/) and runs the whole test suite there; any sanitizer report
# fails the test it happens in. Extra arguments go to ctest (e.g. -R core). Line tables only
# (-g1): enough for the sanitizers' stack traces, far cheaper to build than full debug
# information. The two photo sources that instantiate dlib's DNN templates build without
# instrumentation (see plugins/photo/CMakeLists.txt); they still link and run.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
build=${CANDOR_SANITIZE_BUILD:-build-sanitize}
launcher=()
if command -v ccache >/dev/null 2>&1; then
  launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache -DCMAKE_C_COMPILER_LAUNCHER=ccache)
fi
cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=Debug -DCMAKE_CXX_FLAGS_DEBUG="-O1 -g1" \
  -DCANDOR_SANITIZE=address,undefined -DCANDOR_WERROR="${CANDOR_WERROR:-OFF}" "${launcher[@]}"
cmake --build "$build" -j "$(nproc)"
# Undefined behaviour stops the process (and so fails its test) instead of printing and going on.
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1}
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_stack_use_after_return=0:strict_string_checks=1}
# Leaks inside third-party libraries that candor cannot free, each explained in the file.
export LSAN_OPTIONS=${LSAN_OPTIONS:-suppressions=$PWD/scripts/lsan.supp}
ctest --test-dir "$build" --output-on-failure -j 2 "$@"
