#!/usr/bin/env bash
# Renders one sample's reviewer report and takes a screenshot of it in a real browser (Debian's
# chromium, headless), for README: docs/report-dprk-persona.png. Not part of setup: it needs
# `apt-get install -y chromium` and the sample photos that scripts/setup.sh installs.
# CANDOR_BIN picks the candor to use (default: build/cli/candor, else candor on PATH).
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
candor=${CANDOR_BIN:-$root/build/cli/candor}
[ -x "$candor" ] || candor=$(command -v candor)
browser=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$browser" ]; then
  echo "screenshot-report: no chromium on PATH (apt-get install -y chromium)" >&2
  exit 2
fi
sample=${1:-dprk-persona}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# --no-store: the picture shows the sample as screened alone, the same on every machine.
code=0
"$candor" check "$root/samples/$sample/candidate.json" --no-store --format html \
  -o "$work/report.html" || code=$?
if [ "$code" -ge 2 ]; then
  echo "screenshot-report: candor check failed with exit $code" >&2
  exit "$code"
fi
mkdir -p "$root/docs"
out="$root/docs/report-$sample.png"
# --no-sandbox: root in a container has no user namespace for the sandbox.
"$browser" --headless --no-sandbox --disable-gpu --hide-scrollbars --force-device-scale-factor=1 \
  --window-size=1100,2300 --screenshot="$out" "file://$work/report.html" 2>/dev/null
echo "screenshot-report: wrote $out"
