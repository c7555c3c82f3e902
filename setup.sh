#!/usr/bin/env bash
# Souvenir setup: installs every Debian 12 package that building, testing and
# benchmarking need, generates the locales the tests use, installs the
# analysis models when ../shared/models is present, and builds into _build/.
#
#   ./setup.sh          install + build
#   ./setup.sh --run    install + build, then import the sample photos into a
#                       demo library and list them (the CLI, until the window
#                       lands)
#   ./setup.sh --deps   install packages only
set -euo pipefail
cd "$(dirname "$0")"

PACKAGES=(
  # toolchain and build
  build-essential meson ninja-build pkg-config clang clang-format
  libclang-rt-14-dev gettext git
  # core library
  libglib2.0-dev libglib2.0-bin libgdk-pixbuf-2.0-dev libexif-dev libheif-dev
  libsqlite3-dev sqlite3 libjson-glib-dev nettle-dev libgweather-4-dev
  libraw-dev
  # gdk-pixbuf loaders for the formats we read
  heif-gdk-pixbuf webp-pixbuf-loader librsvg2-common
  # sync client and cloud server
  libsoup-3.0-dev libsodium-dev
  # tests and benchmarks
  libimage-exiftool-perl locales valgrind curl xvfb xauth python3 python3-pil
  libvips-tools time wrk nginx-light
  # the app (GTK 4 + libadwaita) and desktop integration
  libgtk-4-dev libadwaita-1-dev desktop-file-utils appstream
)

install_deps() {
  export DEBIAN_FRONTEND=noninteractive
  local sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update
  $sudo apt-get install -y --no-install-recommends "${PACKAGES[@]}"
  # Tests run in English and French.
  local gen=0
  for loc in "en_US.UTF-8 UTF-8" "fr_FR.UTF-8 UTF-8"; do
    if ! grep -q "^${loc}" /etc/locale.gen 2>/dev/null; then
      echo "${loc}" | $sudo tee -a /etc/locale.gen >/dev/null
      gen=1
    fi
  done
  if [ $gen -eq 1 ] || ! locale -a 2>/dev/null | grep -qi '^fr_FR.utf8$'; then
    $sudo locale-gen
  fi
}

build() {
  if [ ! -f _build/build.ninja ]; then
    meson setup _build --buildtype=debugoptimized
  fi
  meson compile -C _build
}

case "${1:-}" in
  --deps) install_deps ;;
  --run)
    install_deps
    build
    lib="${SOUVENIR_LIBRARY:-${XDG_DATA_HOME:-$HOME/.local/share}/souvenir-demo}"
    photos="${SOUVENIR_SAMPLES:-../shared/testdata/photos}"
    ./_build/src/cli/souvenir-cli --library "$lib" import --reference "$photos" || true
    ./_build/src/cli/souvenir-cli --library "$lib" ls
    ;;
  "") install_deps; build ;;
  *) echo "usage: $0 [--deps|--run]" >&2; exit 2 ;;
esac
