#!/usr/bin/env bash
# Fails when a C++ file differs from what clang-format makes of it (.clang-format: Google style,
# 100 columns). Fix with: clang-format -i $(git ls-files '*.cpp' '*.hpp')
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
status=0
while IFS= read -r file; do
  if ! clang-format --dry-run -Werror "$file" >/dev/null 2>&1; then
    echo "check-format: $file is not formatted (clang-format -i $file)" >&2
    status=1
  fi
done < <(git ls-files '*.cpp' '*.hpp')
exit $status
