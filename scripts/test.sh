#!/usr/bin/env bash
# The whole suite: lint, migrations check, then pytest on SQLite and again on a real PostgreSQL.
# `scripts/test.sh sqlite` or `scripts/test.sh postgres` runs one half.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
which="${1:-all}"
export DEBUG=1

if [[ "$which" != postgres ]]; then
  echo "== lint"
  .venv/bin/ruff check .
  echo "== migrations are up to date"
  DATABASE_URL= $PY manage.py makemigrations --check --dry-run >/dev/null
  echo "== pytest on SQLite"
  DATABASE_URL= $PY -m pytest -q
fi

if [[ "$which" != sqlite ]]; then
  if [[ -n "${DATABASE_URL:-}" ]]; then
    echo "== pytest on PostgreSQL at DATABASE_URL"
    $PY -m pytest -q -m "not browser"
  else
    bash scripts/with-postgres.sh $PY -m pytest -q -m "not browser"
  fi
fi
