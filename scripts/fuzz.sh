#!/usr/bin/env bash
# Builds one libFuzzer target of tests/fuzz with clang (ASan + UBSan + coverage) in build-fuzz/
# and runs it for SECONDS (default 600) on a working corpus that grows from run to run. Every
# crash, leak or timeout found is written into tests/fuzz/corpus/<target>/, where the normal
# test suite replays it. Further arguments go to libFuzzer (e.g. -runs=10000000 to stop after
# that many executions). FUZZ_SANITIZE=undefined builds without AddressSanitizer (in
# build-fuzz-undefined/): two to five times the executions a second, for long runs that have
# already had their ASan hours; crashes, hangs and undefined behaviour are still caught, memory
# errors that do not crash are not.
#   bash scripts/fuzz.sh TARGET [SECONDS] [LIBFUZZER FLAGS…]   e.g. bash scripts/fuzz.sh candidate_json 600
#   bash scripts/fuzz.sh --list
# Needs Debian's clang and libfuzzer-14-dev (installed here when missing).
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
targets=$(sed -n 's/^candor_add_fuzz_target(\([a-z_]*\).*/\1/p' "$root/tests/fuzz/CMakeLists.txt")
if [ "${1:-}" = "--list" ]; then
  echo "$targets"
  exit 0
fi
target=${1:?usage: fuzz.sh TARGET [SECONDS] [LIBFUZZER FLAGS…] (fuzz.sh --list names the targets)}
seconds=${2:-600}
shift $(($# < 2 ? $# : 2))
if ! grep -qx "$target" <<<"$targets"; then
  echo "fuzz.sh: no fuzz target named '$target' (fuzz.sh --list)" >&2
  exit 2
fi
for p in clang libfuzzer-14-dev; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing="${missing:-} $p"
done
if [ -n "${missing:-}" ]; then
  SUDO=""
  [ "$(id -u)" -ne 0 ] && SUDO=sudo
  $SUDO apt-get install -y -q --no-install-recommends $missing
fi

sanitize=${FUZZ_SANITIZE:-address,undefined}
case $sanitize in
  address,undefined) build="$root/build-fuzz" ;;
  undefined) build="$root/build-fuzz-undefined" ;;
  *) echo "fuzz.sh: FUZZ_SANITIZE is address,undefined (default) or undefined" >&2; exit 2 ;;
esac
# The photo plugin (dlib's DNN templates) is left out: no fuzz target reads through it and it
# would take most of the build time under the sanitizers.
cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_COMPILER=clang++ \
  -DCANDOR_FUZZ=ON -DCANDOR_SANITIZE="$sanitize" \
  -DCANDOR_ONLY_PLUGINS="geoip;timezone;document;sanctions;links;phone" >/dev/null
cmake --build "$build" --target "fuzz_$target" -j "$(nproc)"

corpus="$root/tests/fuzz/corpus/$target"
work="$build/fuzz-work/$target"
mkdir -p "$work"
cp -n "$corpus"/* "$work"/ 2>/dev/null || true
case $target in
  mmdb_record) shared_seeds="$root/../shared/data/mmdb-test" ;;
  sdn_list) shared_seeds="$root/../shared/data/sanctions/dprk_subset_2019" ;;
  *) shared_seeds="" ;;
esac
# The list targets write each input to a file: on tmpfs, not a disk that flushes every rewrite.
[ -z "${TMPDIR:-}" ] && [ -d /dev/shm ] && [ -w /dev/shm ] && export TMPDIR=/dev/shm
seeds=()
[ -n "$shared_seeds" ] && [ -d "$shared_seeds" ] && seeds=("$shared_seeds")
UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 LSAN_OPTIONS="suppressions=$root/scripts/lsan.supp" \
  "$build/tests/fuzz/fuzz_$target" "$work" "${seeds[@]}" -max_total_time="$seconds" \
  -timeout=10 -rss_limit_mb=2048 -max_len=1048576 -print_final_stats=1 \
  -artifact_prefix="$corpus/" "$@" 2>&1 | tee "$work.log" |
  grep -E '^#[0-9]+ +(DONE|INITED)|^stat::|ERROR|SUMMARY|Test unit written' | tail -n 20
echo "fuzz.sh: full log in $work.log"
