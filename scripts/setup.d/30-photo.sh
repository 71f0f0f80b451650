# photo plugin: the face-recognition model (converted from the npm package
# @vladmandic/face-api@1.7.15, verified by SHA-256 before and after) and real profile photos
# for samples/ cropped from the package's demo pictures (never committed). Sourced by
# scripts/setup.sh with CANDOR_SOURCE_DIR, CANDOR_DATA_DIR and CANDOR_BIN set. Idempotent.
# Its packages (libdlib-data, OpenBLAS, hnswlib, OpenCV contrib, npm) are in setup.sh's list.

photo_cache=${CANDOR_CACHE_DIR:-/var/cache/candor}/npm
photo_tgz=$photo_cache/vladmandic-face-api-1.7.15.tgz
photo_tgz_sha=0d77fffeef362ef9c0939cf6c567f3a2e8e177f114fa257a3270cbd2e509b031
mkdir -p "$photo_cache"
if ! echo "$photo_tgz_sha  $photo_tgz" | sha256sum -c --quiet 2>/dev/null; then
  rm -f "$photo_tgz"
  (cd "$photo_cache" && npm pack --silent @vladmandic/face-api@1.7.15 >/dev/null)
  echo "$photo_tgz_sha  $photo_tgz" | sha256sum -c --quiet
fi
# The photo tests read the tarball from the build directory's npm cache.
mkdir -p "$CANDOR_SOURCE_DIR/build/npm-cache"
cp -f "$photo_tgz" "$CANDOR_SOURCE_DIR/build/npm-cache/"

"$CANDOR_BIN" models convert-faceapi --tarball "$photo_tgz" --data-dir "$CANDOR_DATA_DIR"

photo_demo=$(mktemp -d)
tar -xzf "$photo_tgz" -C "$photo_demo" package/demo
photo_crop() {  # SAMPLE FACE-INDEX OUT [extra crop-face options]
  local sample=$1 index=$2 out=$3
  shift 3
  mkdir -p "$(dirname "$out")"
  "$CANDOR_BIN" photo crop-face "$photo_demo/package/demo/$sample" "$out" --index "$index" "$@"
}
photo_crop sample1.jpg 0 "$CANDOR_SOURCE_DIR/samples/dprk-persona/photo.jpg" --quality 92
# The same photo, recompressed and mirrored, under the second persona.
photo_crop sample1.jpg 0 "$CANDOR_SOURCE_DIR/samples/dprk-persona-2/photo.jpg" --quality 60 --mirror
photo_crop sample2.jpg 0 "$CANDOR_SOURCE_DIR/samples/honest-us/photo.jpg" --quality 92
photo_crop sample3.jpg 0 "$CANDOR_SOURCE_DIR/samples/honest-eu-vpn/photo.jpg" --quality 92
rm -rf "$photo_demo"
