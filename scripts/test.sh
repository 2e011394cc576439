#!/usr/bin/env bash
# Lint, then the whole suite twice: on SQLite and on PostgreSQL (127.0.0.1:5432, user postgres).
# Under CI an unreachable PostgreSQL is a failure, never a silent skip.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin

scripts/system-deps.sh --test

echo "== ruff"
$BIN/ruff check wellboard tests

export WELLBOARD_DATA_DIR="${WELLBOARD_DATA_DIR:-$(mktemp -d)}"

PG_URL="${WELLBOARD_TEST_PG_URL:-postgres://postgres@127.0.0.1:5432/wellboard}"
pg_up() {
  $BIN/python - "$PG_URL" <<'PY'
import sys, psycopg
try:
    psycopg.connect(sys.argv[1].rsplit("/", 1)[0] + "/postgres", connect_timeout=5).close()
except Exception as exc:
    print(f"PostgreSQL unreachable: {exc}", file=sys.stderr)
    sys.exit(1)
PY
}
# This machine kind starts PostgreSQL before the session; if it has stopped, start it again.
if ! pg_up && command -v pg_ctlcluster >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
  pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -n 1)" main start || true
  sleep 2
fi
PG_FOLLOWS=""
if pg_up; then PG_FOLLOWS=1; fi

echo "== tests on SQLite"
# Tests that build databases of both engines themselves run once, in the PostgreSQL run.
env -u DATABASE_URL WELLBOARD_PG_RUN_FOLLOWS="$PG_FOLLOWS" $BIN/python -m pytest "$@"

if [ -n "$PG_FOLLOWS" ]
then
  echo "== tests on PostgreSQL"
  DATABASE_URL="$PG_URL" $BIN/python -m pytest "$@"
elif [ -n "${CI:-}" ]; then
  echo "CI is set and PostgreSQL is unreachable: failing rather than skipping." >&2
  exit 1
else
  echo "WARNING: PostgreSQL unreachable; only the SQLite run happened." >&2
fi
