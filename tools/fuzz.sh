#!/bin/sh
# tools/fuzz.sh SECONDS: builds the libFuzzer targets in fuzz/ with clang
# (-Dfuzzing=true, ASan+UBSan), makes a seed corpus from the test photos and
# runs each target for SECONDS (default 180), one after the other.
# SV_FUZZ_BUILD (build folder, default _build-fuzz) and SV_FUZZ_TARGETS (a
# space-separated subset of the targets) override. Crashes are saved under
# BUILD/artifacts/; turn each into a fixed bug and a regression input
# in tests/metadata/regressions/.
set -eu

SECS=${1:-180}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${SV_FUZZ_BUILD:-"$ROOT/_build-fuzz"}
PHOTOS=${SV_PHOTOS_DIR:-"$ROOT/../shared/testdata/photos"}
# target=build path; seeds are made below for each.
ALL_TARGETS="fuzz-metadata fuzz-containers fuzz-filename-date fuzz-query-parser fuzz-server-request"
TARGETS=${SV_FUZZ_TARGETS:-$ALL_TARGETS}
target_path() {
  case "$1" in
    fuzz-server-request) echo "src/server/$1" ;;
    *) echo "fuzz/$1" ;;
  esac
}

cd "$ROOT"
# -Dwerror=false: the warning gate is the normal gcc and clang builds; a
# fuzzing build must not stop on a warning in code it does not fuzz.
if [ ! -f "$BUILD/build.ninja" ]; then
  CC=clang meson setup "$BUILD" -Dfuzzing=true -Db_sanitize=address,undefined -Db_lundef=false \
    -Dbuildtype=debugoptimized -Dwerror=false
fi
for t in $TARGETS; do
  ninja -C "$BUILD" "$(target_path "$t")"
done

# Seed corpora: the test photos (first 256 KiB is where the metadata is)
# and the regression inputs; for the file-name fuzzer, file names.
mkdir -p "$BUILD/artifacts"
for t in $ALL_TARGETS; do
  mkdir -p "$BUILD/corpus/$t" "$BUILD/seeds/$t"
done
find "$PHOTOS" -type f ! -path '*/LICENSES/*' ! -name '*.md' ! -name '*.tsv' | while read -r f; do
  h=$(sha256sum "$f" | cut -c1-16)
  head -c 262144 "$f" > "$BUILD/seeds/fuzz-metadata/$h"
  cp "$BUILD/seeds/fuzz-metadata/$h" "$BUILD/seeds/fuzz-containers/$h"
done
if [ -d "$ROOT/tests/metadata/regressions" ]; then
  for f in "$ROOT"/tests/metadata/regressions/*; do
    [ -f "$f" ] && cp "$f" "$BUILD/seeds/fuzz-metadata/" && cp "$f" "$BUILD/seeds/fuzz-containers/"
  done
fi
i=0
for n in IMG_20240714_153000.jpg IMG_20240714_153000_123.jpg PXL_20210714_123456789.jpg 20210714_123456.jpg \
         IMG-20240714-WA0001.jpg Screenshot_20240714-153000.png Screenshot_2024-07-14-15-30-00.png \
         signal-2024-07-14-153000.jpg "2024-07-14 15.30.00.jpg" VID_20240714_153000.mp4 DSC_0042.JPG; do
  i=$((i + 1))
  printf '%s' "$n" > "$BUILD/seeds/fuzz-filename-date/seed$i"
done

i=0
for q in 'plage' 'juillet 2023' 'summer 2022' '14/07/2024' 'person:Jesper lieu:Italie' \
         'after:2020-01-01 before:2021-01-01 -canon' 'rating>=4 is:favorite has:gps' \
         '"coucher de soleil" OR beach' '(a OU b) type:vidéo' 'anniv*' 'rating>=4' 'note>=3 2023'; do
  i=$((i + 1))
  printf '%s' "$q" > "$BUILD/seeds/fuzz-query-parser/seed$i"
done
cp "$ROOT"/src/server/fuzz-corpus/* "$BUILD/seeds/fuzz-server-request/" 2>/dev/null || true

status=0
for t in $TARGETS; do
  echo "== $t: $SECS s"
  start=$(date +%s)
  if ! "$BUILD/$(target_path "$t")" -max_total_time="$SECS" -max_len=262144 -timeout=20 -rss_limit_mb=2560 \
      -artifact_prefix="$BUILD/artifacts/$t-" -print_final_stats=1 \
      "$BUILD/corpus/$t" "$BUILD/seeds/$t" 2>"$BUILD/$t.log"; then
    status=1
    echo "   FOUND A PROBLEM (see $BUILD/$t.log and $BUILD/artifacts/)"
  fi
  end=$(date +%s)
  grep -E '^stat::number_of_executed_units|^stat::peak_rss_mb' "$BUILD/$t.log" | sed 's/^/   /' || true
  echo "   ran $((end - start)) s"
done
exit $status
