#!/usr/bin/env bash
# Screens every sample candidate in samples/ with the installed `candor` (on PATH after
# scripts/setup.sh), run from the sample's own folder, and prints each verdict; a sample with a
# roster.jsonl is a contractor audit and goes through `candor audit`. A flagged sample
# is expected (exit 1 means "at or above review"); only bad input (2) or an internal error (3)
# fails.
set -uo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
status=0
for candidate in "$root"/samples/*/candidate.json; do
  dir=$(dirname "$candidate")
  if [ -e "$dir/roster.jsonl" ]; then
    # A contractor audit: roster, Okta System Log and osquery results. With the store, so the
    # laptop farm (two contractors behind one address) is linked and a second run shows
    # `changes: []`.
    (cd "$dir" && candor audit --roster roster.jsonl --okta okta.jsonl --okta okta.json \
      --osquery osquery)
  else
    (cd "$dir" && candor check candidate.json)
  fi
  code=$?
  if [ $code -ge 2 ]; then
    echo "screen-samples: $candidate failed with exit $code" >&2
    status=1
  fi
  echo
done
exit $status
