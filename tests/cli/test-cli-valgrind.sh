#!/usr/bin/env bash
# The CLI paths the tests run (import, listing, checks, thumbnails, search,
# edits, albums, dates and places, events, trash, backups, analysis settings),
# under valgrind: no definite or indirect leak,
# no invalid read or write. GLib's and libgweather's one-time allocations
# (type system, caches, the world database) are "still reachable" or
# "possibly lost" and are not counted.
set -euo pipefail
cli="$SV_CLI"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export XDG_CACHE_HOME="$tmp/cache" XDG_DATA_HOME="$tmp/data" HOME="$tmp/home"
export G_SLICE=always-malloc G_DEBUG=gc-friendly
mkdir -p "$HOME" "$tmp/src"
for f in camera/jhead-S40.jpg camera/exiv2-FurnaceCreekInn.jpg camera/gexiv2-CaorVN.jpeg \
         formats/pillow-flower2.webp broken/fsf-empty.jpg; do
  cp "$SV_PHOTOS_DIR/$f" "$tmp/src/"
done
cp "$SV_PHOTOS_DIR/camera/jhead-S40.jpg" "$tmp/src/dup.jpg"

vg=(valgrind --quiet --error-exitcode=99 --leak-check=full
    --errors-for-leak-kinds=definite,indirect --show-leak-kinds=definite,indirect
    --suppressions="$SV_SOURCE_ROOT/tests/cli/valgrind.supp" --num-callers=30)
status=0
run() {
  local rc=0
  "${vg[@]}" "$cli" --library "$tmp/lib" "$@" >"$tmp/out" 2>"$tmp/err" || rc=$?
  if [ "$rc" -eq 99 ]; then
    echo "valgrind found errors in: souvenir-cli $*"
    cat "$tmp/err"
    status=1
  fi
  echo "souvenir-cli $* -> exit $rc"
  last_rc=$rc
}
# A path that must succeed, so that it really runs what it names.
ok() {
  run "$@"
  if [ "$last_rc" -ne 0 ]; then
    echo "unexpected exit $last_rc from: souvenir-cli $*"
    cat "$tmp/err"
    status=1
  fi
}
run import --reference --json "$tmp/src"
run import --copy --json "$tmp/src/jhead-S40.jpg"
run ls --json
run ls --camera canon --place FR
run info 1 --json
run info "$tmp/src/dup.jpg"
run stats --json
run check --verify-hashes
run thumbnail 1 --size preview --output "$tmp/t.jpg"
run info 4242
ok search --json canon
ok search "appareil:canon après:2000"
ok suggest --json can
ok caption 1 "Au bord de la plage"
ok keyword add plage 1 2
ok keyword complete pl
ok favorite 1
ok rate 4 1 2
ok album create --json Vacances
ok album add 1 1 2
ok album ls --json
ok album show 1 --json
ok date shift +01:00 2
ok place set "Paris, France" 2
ok events ls --json
ok trash 3
ok trash ls --json
ok restore 3
ok backup --json
ok backup ls --json
ok analysis status --json
ok analysis scene-labels off
run analysis scene-labels maybe
exit $status
