#!/bin/sh
# Smoke test of souvenir-cloud with curl: start, add a user, sign in, upload,
# download a range, list sessions, sign out.
# Usage: smoke-curl.sh PATH/TO/souvenir-cloud
set -eu

BIN=$1
DIR=$(mktemp -d)
PID=
cleanup () {
  [ -n "$PID" ] && kill "$PID" 2>/dev/null && wait "$PID" 2>/dev/null
  rm -rf "$DIR"
}
trap cleanup EXIT

fail () { echo "FAIL: $*" >&2; exit 1; }

printf '[security]\nargon2_opslimit=1\nargon2_memlimit=8192\n' > "$DIR/souvenir-cloud.conf"
printf 'smoke test password\n' | "$BIN" user add smoke --data "$DIR" || fail "user add"
"$BIN" --help >/dev/null || fail "--help"
"$BIN" serve --help >/dev/null || fail "serve --help"

"$BIN" serve --data "$DIR" --listen 127.0.0.1:0 --port-file "$DIR/port" 2>"$DIR/log" &
PID=$!
i=0
while [ ! -s "$DIR/port" ]; do
  i=$((i + 1)); [ $i -gt 500 ] && fail "server did not start"; sleep 0.02
done
URL="http://127.0.0.1:$(cat "$DIR/port")/api/v1"

code=$(curl -s -o "$DIR/out" -w '%{http_code}' -X POST "$URL/auth/login" \
  -d '{"username":"smoke","password":"wrong","device_name":"curl"}')
[ "$code" = 401 ] || fail "wrong password gave $code"
grep -q '"invalid_credentials"' "$DIR/out" || fail "no invalid_credentials code"

code=$(curl -s -o "$DIR/login" -w '%{http_code}' -X POST "$URL/auth/login" \
  -d '{"username":"smoke","password":"smoke test password","device_name":"curl"}')
[ "$code" = 200 ] || fail "login gave $code"
TOKEN=$(sed -n 's/.*"token":"\([^"]*\)".*/\1/p' "$DIR/login")
[ -n "$TOKEN" ] || fail "no token"
AUTH="Authorization: Bearer $TOKEN"

curl -sf -H "$AUTH" "$URL/account" | grep -q '"username":"smoke"' || fail "account"

# A photo-like blob: JPEG signature + random bytes.
{ printf '\377\330\377\340'; head -c 200000 /dev/urandom; } > "$DIR/blob"
SHA=$(sha256sum "$DIR/blob" | cut -d' ' -f1)
curl -sf -H "$AUTH" -X POST "$URL/blobs/missing" \
  -d "{\"blobs\":[{\"sha256\":\"$SHA\",\"size\":200004,\"kind\":\"photo\"}]}" | grep -q "$SHA" || fail "missing"
code=$(curl -s -o /dev/null -w '%{http_code}' -H "$AUTH" -X PUT --data-binary @"$DIR/blob" "$URL/blobs/$SHA")
[ "$code" = 201 ] || fail "upload gave $code"
curl -sf -H "$AUTH" "$URL/blobs/$SHA" | sha256sum | grep -q "$SHA" || fail "download"
curl -sf -H "$AUTH" -r 0-3 "$URL/blobs/$SHA" | od -An -tx1 | grep -q 'ff d8 ff e0' || fail "range"
code=$(curl -s -o /dev/null -w '%{http_code}' -H "$AUTH" -r 0-3 "$URL/blobs/$SHA")
[ "$code" = 206 ] || fail "range gave $code"

curl -sf -H "$AUTH" "$URL/sessions" | grep -q '"device_name":"curl"' || fail "sessions"
code=$(curl -s -o /dev/null -w '%{http_code}' -H "$AUTH" -X POST "$URL/auth/logout")
[ "$code" = 204 ] || fail "logout gave $code"
code=$(curl -s -o /dev/null -w '%{http_code}' -H "$AUTH" "$URL/account")
[ "$code" = 401 ] || fail "token still works after logout ($code)"
echo "ok"
