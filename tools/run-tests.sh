#!/usr/bin/env bash
# Runs every Souvenir test with meson and prints "N passed, N failed".
#
#   tools/run-tests.sh              build _build/ and run the whole suite
#   tools/run-tests.sh --sanitize   the same in _build-asan/, built with
#                                   AddressSanitizer + UndefinedBehaviorSanitizer
#   tools/run-tests.sh [--sanitize] -- ARGS…   extra arguments for meson test
#                                   (e.g. a suite: -- --suite core)
#
# The suite runs in English; the sanitizer run runs it in French, so both
# locales are covered by CI. Exit status: 0 when everything passed.
set -uo pipefail
cd "$(dirname "$0")/.."

builddir=_build
sanitize=0
extra=()
while [ $# -gt 0 ]; do
  case "$1" in
    --sanitize) sanitize=1; builddir=_build-asan ;;
    --) shift; extra=("$@"); break ;;
    -h|--help) sed -n '2,12p' "$0"; exit 0 ;;
    *) echo "usage: $0 [--sanitize] [-- MESON-TEST-ARGS…]" >&2; exit 2 ;;
  esac
  shift
done

meson_args=(--buildtype=debugoptimized)
test_env=()
if [ $sanitize -eq 1 ]; then
  meson_args=(--buildtype=debug -Db_sanitize=address,undefined -Db_lundef=false)
  supp="$PWD/tools/lsan.supp"
  test_env=(
    "ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:strict_string_checks=1:detect_stack_use_after_return=1:fast_unwind_on_malloc=0"
    "UBSAN_OPTIONS=halt_on_error=1:abort_on_error=1:print_stacktrace=1"
    "LSAN_OPTIONS=suppressions=$supp:print_suppressions=0"
    "G_SLICE=always-malloc"
    "LC_ALL=fr_FR.UTF-8"
    "LANGUAGE=fr"
  )
  timeout_multiplier=4
else
  test_env=("LC_ALL=en_US.UTF-8" "LANGUAGE=en")
  timeout_multiplier=2
fi

if [ ! -f "$builddir/build.ninja" ]; then
  meson setup "$builddir" "${meson_args[@]}" || { echo "0 passed, 1 failed"; exit 1; }
fi
if ! meson compile -C "$builddir"; then
  echo "build failed in $builddir"
  echo "0 passed, 1 failed"
  exit 1
fi

env "${test_env[@]}" meson test -C "$builddir" --print-errorlogs \
  --timeout-multiplier "$timeout_multiplier" "${extra[@]}"
status=$?

# Count from meson's own log: one JSON object per test.
read -r passed failed skipped < <(python3 - "$builddir/meson-logs/testlog.json" <<'PY'
import json, sys
p = f = s = 0
try:
    with open(sys.argv[1]) as log:
        for line in log:
            line = line.strip()
            if not line:
                continue
            r = json.loads(line).get("result", "")
            if r in ("OK", "EXPECTEDFAIL"):
                p += 1
            elif r == "SKIP":
                s += 1
            else:
                f += 1
except FileNotFoundError:
    f = 1
print(p, f, s)
PY
)
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then
  failed=1
fi
echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
