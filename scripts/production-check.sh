#!/usr/bin/env bash
# The Dockerfile's build and start steps, run as a script on this clone (CI has no
# Docker engine): compile, bundle the back-office ahead of time, then start the
# server as production would — NODE_ENV=production, secrets from files, a fresh
# database migrated at start — and wait for /ready and the login page, served from
# the prebuilt bundle. Then the same start without a required secret must refuse
# to run, naming it. Needs DATABASE_URL (a server to create the check's database on).
set -euo pipefail
cd "$(dirname "$0")/.."

: "${DATABASE_URL:?set DATABASE_URL to a PostgreSQL server}"
work="$(mktemp -d)"
db="parth_production_check_$$"
server_url="${DATABASE_URL%/*}"
pid=""
cleanup() {
  [ -n "$pid" ] && kill "$pid" 2>/dev/null || true
  psql "$DATABASE_URL" -qc "DROP DATABASE IF EXISTS $db WITH (FORCE)" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

echo "build: dist/ (esbuild) and the prebuilt back-office bundle (as the Dockerfile's build stage)"
npm run --silent build
npm run --silent build:admin
test -s .adminjs/bundle.js

psql "$DATABASE_URL" -qc "CREATE DATABASE $db" >/dev/null
umask 077
printf '%s' "$server_url/$db" >"$work/database_url"
openssl rand -hex 32 | tr -d '\n' >"$work/session_secret"
openssl rand -hex 32 | tr -d '\n' >"$work/patient_jwt_secret"
port="$(node -e "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})")"

# exec: the server takes the (sub)shell's place, so $! below is the server itself and
# `kill "$pid"` stops it (a function run with & is a subshell; killing that subshell
# left the server running after the check, retrying its dropped database).
start() {
  exec env -i PATH="$PATH" HOME="$HOME" NODE_ENV=production HOST=127.0.0.1 PORT="$port" LOG_LEVEL=warn \
    DATABASE_URL_FILE="$work/database_url" SESSION_SECRET_FILE="$work/session_secret" "$@" \
    node dist/src/server.js
}

echo "start: NODE_ENV=production on port $port with secrets from files"
start PATIENT_JWT_SECRET_FILE="$work/patient_jwt_secret" >"$work/server.log" 2>&1 &
pid=$!
for _ in $(seq 1 120); do
  if curl -fsS "http://127.0.0.1:$port/ready" >/dev/null 2>&1; then break; fi
  if ! kill -0 "$pid" 2>/dev/null; then cat "$work/server.log"; echo "the production server exited"; exit 1; fi
  sleep 1
done
curl -fsS "http://127.0.0.1:$port/ready"
echo
# Read the whole page before grepping: grep -q stops at the first match, and with
# pipefail curl's "failed writing body" would fail a page that did answer.
login_page=$(curl -fsS "http://127.0.0.1:$port/admin/login") || { echo "the login page did not answer"; exit 1; }
grep -q 'Parth Hospital' <<<"$login_page" || { echo "the login page does not name the hospital"; exit 1; }
curl -fsS -o /dev/null "http://127.0.0.1:$port/admin/frontend/assets/components.bundle.js" || { echo "the prebuilt bundle is not served"; exit 1; }
if grep -qi 'bundling' "$work/server.log"; then cat "$work/server.log"; echo "production bundled at start-up"; exit 1; fi
kill "$pid"
wait "$pid" 2>/dev/null || true
pid=""
echo "ready, login page and prebuilt bundle served"

echo "refuse: the same start without PATIENT_JWT_SECRET"
set +e
(start) >"$work/refused.log" 2>&1
status=$?
set -e
if [ "$status" -eq 0 ] || ! grep -q 'PATIENT_JWT_SECRET: required when NODE_ENV=production' "$work/refused.log"; then
  cat "$work/refused.log"
  echo "production started without a required secret"
  exit 1
fi
echo "refused without PATIENT_JWT_SECRET (exit $status)"
