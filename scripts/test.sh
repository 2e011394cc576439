#!/usr/bin/env bash
# Lint, then the whole suite twice: on SQLite and on PostgreSQL (127.0.0.1:5432, user postgres).
# Under CI an unreachable PostgreSQL is a failure, never a silent skip.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin

if ! command -v chromium >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ]; then
    echo "Installing Debian's chromium for the browser tests..."
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  else
    echo "chromium is not installed: run 'sudo apt-get install chromium'" >&2
    exit 1
  fi
fi

echo "== ruff"
$BIN/ruff check wellboard tests

export WELLBOARD_DATA_DIR="${WELLBOARD_DATA_DIR:-$(mktemp -d)}"

echo "== tests on SQLite"
env -u DATABASE_URL $BIN/python -m pytest "$@"

PG_URL="${WELLBOARD_TEST_PG_URL:-postgres://postgres@127.0.0.1:5432/wellboard}"
if $BIN/python - "$PG_URL" <<'PY'
import sys, psycopg
try:
    psycopg.connect(sys.argv[1].rsplit("/", 1)[0] + "/postgres", connect_timeout=5).close()
except Exception as exc:
    print(f"PostgreSQL unreachable: {exc}", file=sys.stderr)
    sys.exit(1)
PY
then
  echo "== tests on PostgreSQL"
  DATABASE_URL="$PG_URL" $BIN/python -m pytest "$@"
elif [ -n "${CI:-}" ]; then
  echo "CI is set and PostgreSQL is unreachable: failing rather than skipping." >&2
  exit 1
else
  echo "WARNING: PostgreSQL unreachable; only the SQLite run happened." >&2
fi
