#!/usr/bin/env bash
# Screens every sample candidate in samples/ with the installed `candor` (on PATH after
# scripts/setup.sh), run from the sample's own folder, and prints each verdict. A flagged sample
# is expected (exit 1 means "at or above review"); only bad input (2) or an internal error (3)
# fails.
set -uo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
status=0
for candidate in "$root"/samples/*/candidate.json; do
  (cd "$(dirname "$candidate")" && candor check candidate.json)
  code=$?
  if [ $code -ge 2 ]; then
    echo "screen-samples: $candidate failed with exit $code" >&2
    status=1
  fi
  echo
done
exit $status
