# endpoint: the remote-access tools table, converted from the LOLRMM catalogue (Apache-2.0) in
# the shared data folder beside the checkout (or CANDOR_RMM_DIR) into
# $CANDOR_DATA_DIR/endpoint/rmm-tools.tsv, with LOLRMM's licence beside it.
# Sourced by scripts/setup.sh with CANDOR_DATA_DIR and CANDOR_SOURCE_DIR set; idempotent.
set -euo pipefail

endpoint_rmm_dir=${CANDOR_RMM_DIR:-$CANDOR_SOURCE_DIR/../shared/data/rmm/lolrmm}
endpoint_dir="$CANDOR_DATA_DIR/endpoint"
if [ ! -d "$endpoint_rmm_dir/yaml" ]; then
  echo "endpoint: no LOLRMM catalogue at $endpoint_rmm_dir (set CANDOR_RMM_DIR); remote-access" \
    "tools are not recognised until it is converted" >&2
  return 0 2>/dev/null || exit 0
fi
dpkg-query -W -f='${Status}' python3-yaml 2>/dev/null | grep -q "ok installed" ||
  DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends python3-yaml
mkdir -p "$endpoint_dir"
python3 "$CANDOR_SOURCE_DIR/plugins/endpoint/tools/lolrmm_to_tsv.py" "$endpoint_rmm_dir" \
  "$endpoint_dir/rmm-tools.tsv"
install -m 0644 "$endpoint_rmm_dir/LICENSE" "$endpoint_dir/LOLRMM-LICENSE"
echo "endpoint: remote-access tools from LOLRMM (github.com/magicsword-io/LOLRMM), Apache-2.0," \
  "installed in $endpoint_dir"
