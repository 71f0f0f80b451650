#!/usr/bin/env bash
# Fails when a plugin includes a header of another plugin, or a plugin folder in plugins.def
# lacks the one plugin shape (CMakeLists.txt, plugin.cpp, SIGNALS.md; no src/ or include/).
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root/plugins"
plugins=$(sed -n 's/^CANDOR_PLUGIN(\([a-z_]*\)).*/\1/p' plugins.def)
status=0
for p in $plugins; do
  for f in CMakeLists.txt plugin.cpp SIGNALS.md; do
    [ -e "$p/$f" ] || { echo "check-layout: plugins/$p has no $f" >&2; status=1; }
  done
  for d in src include; do
    [ ! -d "$p/$d" ] || { echo "check-layout: plugins/$p/$d: plugins are flat" >&2; status=1; }
  done
  for other in $plugins; do
    [ "$other" = "$p" ] && continue
    # Another plugin's headers: "../<other>/…", "<other>/…" or its private file names.
    if grep -rnE "#include [\"<](\.\./)?(plugins/)?$other/" "$p" >&2; then
      echo "check-layout: plugins/$p includes a header of plugins/$other" >&2
      status=1
    fi
    for header in $(cd "$other" && find . -name '*.hpp' -printf '%f\n'); do
      [ -e "$p/$header" ] && continue  # same name, own file
      if grep -rn "#include \"$header\"" "$p" >&2; then
        echo "check-layout: plugins/$p includes $header of plugins/$other" >&2
        status=1
      fi
    done
  done
  if grep -rn "candor_plugin_" "$p/CMakeLists.txt" | grep -v "candor_plugin_$p" >&2; then
    echo "check-layout: plugins/$p links another plugin" >&2
    status=1
  fi
done
exit $status
