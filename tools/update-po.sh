#!/usr/bin/env bash
# Regenerates po/POTFILES.in from the sources, extracts the messages and
# merges po/fr.po, taking new translations from po/fr-parts/*.po (fragments
# that engineers write beside their code). Prints what is still missing.
set -euo pipefail
cd "$(dirname "$0")/.."
# Several people may run this at once: one at a time.
exec 9> "${TMPDIR:-/tmp}/souvenir-update-po.lock"
flock 9
. tools/po-lib.sh
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

{
  grep -rlE '(^|[^A-Za-z0-9_])(_|N_|C_|NC_|ngettext|g_dngettext)[[:space:]]*\(' --include='*.c' src || true
  grep -rl 'translatable="yes"' --include='*.ui' resources src 2>/dev/null || true
  ls data/*.desktop.in data/*.metainfo.xml.in data/*.gschema.xml 2>/dev/null || true
} | grep -v '/fuzz' | sort -u > po/POTFILES.in

make_pot "$tmp/souvenir.pot"

header='msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\n"
"Plural-Forms: nplurals=2; plural=(n > 1);\n"
'
parts=()
for f in po/fr-parts/*.po; do
  [ -e "$f" ] || continue
  out="$tmp/$(basename "$f")"
  # Fragments may or may not start with a header entry: drop it, use ours.
  python3 - "$f" > "$out.body" <<'PY'
import re, sys
text = open(sys.argv[1], encoding="utf-8").read()
m = re.match(r'(?:\s*#[^\n]*\n)*\s*msgid ""\nmsgstr ""\n(?:"[^\n]*"\n)*', text)
if m and "Content-Type" in m.group(0):
    text = text[m.end():]
sys.stdout.write(text)
PY
  { echo "$header"; cat "$out.body"; } > "$out"
  parts+=("$out")
done
# Untranslated or fuzzy entries of fr.po would hide the fragments' ones.
msgattrib --translated --no-fuzzy -o "$tmp/def.po" po/fr.po
if [ ${#parts[@]} -gt 0 ]; then
  msgcat --use-first -o "$tmp/compendium.po" "${parts[@]}"
  msgmerge --quiet --no-fuzzy-matching --no-wrap -C "$tmp/compendium.po" "$tmp/def.po" "$tmp/souvenir.pot" -o "$tmp/fr.po"
else
  msgmerge --quiet --no-fuzzy-matching --no-wrap "$tmp/def.po" "$tmp/souvenir.pot" -o "$tmp/fr.po"
fi
msgattrib --no-obsolete --no-wrap -o po/fr.po "$tmp/fr.po"
msgfmt --check --statistics -o /dev/null po/fr.po
msgattrib --untranslated po/fr.po | grep '^msgid' | head -40 || true
