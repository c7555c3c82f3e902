#!/usr/bin/env bash
# Souvenir setup: installs every Debian 12 package that building, testing and
# benchmarking need, generates the locales the tests use, installs the
# analysis models when ../shared/models is present, and builds into _build/.
#
#   ./setup.sh          install + build
#   ./setup.sh --run    install + build, import the sample photos (referenced,
#                       never modified) into the default library, then start
#                       the window on it
#   ./setup.sh --deps   install packages only
set -euo pipefail
cd "$(dirname "$0")"

PACKAGES=(
  # toolchain and build
  build-essential meson ninja-build pkg-config clang clang-format
  libclang-rt-14-dev gettext git
  # core library
  libglib2.0-dev libglib2.0-bin libgdk-pixbuf-2.0-dev libjpeg-dev libexif-dev libheif-dev
  libsqlite3-dev sqlite3 libjson-glib-dev nettle-dev libgweather-4-dev
  libraw-dev
  # videos: GStreamer (metadata, poster frames) with the plugins phone and
  # camera videos need (-bad: the H.264/HEVC parsers; -libav: the decoders;
  # the tests make H.264 clips with its openh264enc), playback in the window
  libgstreamer1.0-dev libgstreamer-plugins-base1.0-dev gstreamer1.0-plugins-base
  gstreamer1.0-plugins-good gstreamer1.0-plugins-bad gstreamer1.0-libav gstreamer1.0-tools
  libgtk-4-media-gstreamer
  # gdk-pixbuf loaders for the formats we read
  heif-gdk-pixbuf webp-pixbuf-loader librsvg2-common
  # sync client and cloud server
  libsoup-3.0-dev libsodium-dev zlib1g-dev
  # on-device faces and scene labels (OpenCV 4.6 DNN)
  libopencv-dev
  # tests and benchmarks
  libimage-exiftool-perl locales valgrind curl xvfb xauth xdotool python3 python3-pil
  libvips-tools time wrk nginx-light unzip findimagedupes
  # the app (GTK 4 + libadwaita) and desktop integration
  libgtk-4-dev libadwaita-1-dev libportal-gtk4-dev desktop-file-utils appstream
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

# The face and scene models, from ../shared/models when present, into the
# folder the build looks in by default (meson -Dmodels_dir).
install_models() {
  local src=../shared/models dest=/usr/local/share/souvenir/models
  [ -f "$src/face_detection_yunet_2022_cv46.onnx" ] || return 0
  local sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo install -Dm644 -t "$dest" \
    "$src/face_detection_yunet_2022_cv46.onnx" "$src/face_recognition_dlib_resnet29_faceapi.onnx" \
    "$src/mobilenetv2-12-int8.onnx" "$src/imagenet_classes.txt" "$src/imagenet_tags.tsv" \
    "$src/yolo-fastest-1.1-xl.cfg" "$src/yolo-fastest-1.1-xl.weights" "$src/coco.names"
}

build() {
  if [ ! -f _build/build.ninja ]; then
    meson setup _build --buildtype=debugoptimized
  fi
  meson compile -C _build
}

case "${1:-}" in
  --deps) install_deps; install_models ;;
  --run)
    install_deps
    install_models
    build
    # Not installed: the translations come from the build.
    export SOUVENIR_LOCALEDIR="$PWD/_build/po"
    # The default library, as the app and the CLI find it.
    lib="${SOUVENIR_LIBRARY:-${XDG_DATA_HOME:-$HOME/.local/share}/souvenir}"
    photos="${SOUVENIR_SAMPLES:-../shared/testdata/photos}"
    if [ "$photos" != none ]; then
      ./_build/src/cli/souvenir-cli --library "$lib" import --reference "$photos" || true
    fi
    if [ -z "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]; then
      echo "No display: the library is in $lib; run ./_build/src/app/souvenir in a desktop session" >&2
      ./_build/src/cli/souvenir-cli --library "$lib" ls
      exit 0
    fi
    # Not installed: the UI settings schema comes from the build.
    GSETTINGS_SCHEMA_DIR="$PWD/_build/data${GSETTINGS_SCHEMA_DIR:+:$GSETTINGS_SCHEMA_DIR}" \
      exec ./_build/src/app/souvenir --library "$lib"
    ;;
  "") install_deps; install_models; build ;;
  *) echo "usage: $0 [--deps|--run]" >&2; exit 2 ;;
esac
