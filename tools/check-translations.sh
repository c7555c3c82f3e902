#!/usr/bin/env bash
# Translations are complete: every source file with translatable strings is
# in po/POTFILES.in, and po/fr.po translates every message of those files
# (nothing missing, nothing fuzzy, valid formats).
#
#   tools/check-translations.sh [SOURCE_ROOT]
set -euo pipefail
root="${1:-$(cd "$(dirname "$0")/.." && pwd)}"
cd "$root"
status=0

# 1. POTFILES.in lists exactly the files that have strings.
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
{
  grep -rlE '(^|[^A-Za-z0-9_])(_|N_|C_|NC_|ngettext|g_dngettext)[[:space:]]*\(' --include='*.c' src || true
  grep -rl 'translatable="yes"' --include='*.ui' resources src 2>/dev/null || true
  ls data/*.desktop.in data/*.metainfo.xml.in data/*.gschema.xml 2>/dev/null || true
} | grep -v '/fuzz' | sort -u > "$tmp/needed"
grep -vE '^\s*(#|$)' po/POTFILES.in | sort -u > "$tmp/listed"
missing=$(comm -23 "$tmp/needed" "$tmp/listed")
stale=$(comm -13 "$tmp/needed" "$tmp/listed" | while read -r f; do [ -e "$f" ] || echo "$f"; done)
if [ -n "$missing" ]; then
  echo "Files with translatable strings missing from po/POTFILES.in:"; echo "$missing"; status=1
fi
if [ -n "$stale" ]; then
  echo "po/POTFILES.in lists files that do not exist:"; echo "$stale"; status=1
fi

# 2. fr.po is valid and has every message, translated.
for po in po/*.po; do
  lang=$(basename "$po" .po)
  if ! msgfmt --check --statistics -o /dev/null "$po" 2> "$tmp/stats"; then
    cat "$tmp/stats"; status=1
  fi
  if grep -qE 'untranslated|fuzzy' "$tmp/stats"; then
    echo "$po: $(cat "$tmp/stats")"; status=1
  fi
done
. "$root/tools/po-lib.sh"
make_pot "$tmp/souvenir.pot" 2> "$tmp/xgettext" || { cat "$tmp/xgettext"; status=1; }
for po in po/*.po; do
  if ! msgcmp "$po" "$tmp/souvenir.pot" 2> "$tmp/msgcmp"; then
    echo "$po lacks translations:"; head -40 "$tmp/msgcmp"; status=1
  fi
done

[ $status -eq 0 ] && echo "translations complete"
exit $status
