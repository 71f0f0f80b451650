# sanctions: the real lists (OFAC's SDN and consolidated non-SDN lists, the UN Security Council
# Consolidated List), fetched by `candor feeds update` into $CANDOR_DATA_DIR/sanctions. No test or
# sample list is ever installed. Without internet access the plugin stays `not ready` with its
# fix (`candor plugins`); setup says so in one line and goes on.
# Sourced by scripts/setup.sh with CANDOR_BIN and CANDOR_DATA_DIR set; idempotent.
set -euo pipefail

sanctions_log=$(mktemp)
# One small request first, so a machine without internet access answers in seconds.
if "$CANDOR_BIN" feeds update --only ofac-sdn >/dev/null 2>"$sanctions_log"; then
  "$CANDOR_BIN" feeds update || echo "setup: some feeds failed (candor feeds update names them)"
else
  echo "setup: sanctions lists not fetched ($(head -n 1 "$sanctions_log" | cut -c1-160)); the" \
    "sanctions plugin stays not ready until 'candor feeds update' runs with internet access"
fi
rm -f "$sanctions_log"
