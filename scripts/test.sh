#!/usr/bin/env bash
# The whole suite: lint, migrations check, then pytest on SQLite (with a throwaway Redis for the shared-cache
# tests) and again on a real PostgreSQL.
# `scripts/test.sh sqlite` or `scripts/test.sh postgres` runs one half; `scripts/test.sh quick` only the SQLite
# run without the slow, browser and shared-cache tests (the loop while you work: 25-30 s on two cores).
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
which="${1:-all}"
export DEBUG=1
# Bytecode written once and reused saves each pytest worker about 2 s of start-up.
unset PYTHONDONTWRITEBYTECODE
# The tests empty the cache before each one: never a shared cache of the caller's.
unset CACHE_URL
# pytest-xdist: one worker process per core, each with its own test database.
PARALLEL=(-n auto)

# The SQLite runs build each worker's test database from the models (--nomigrations): running every
# migration cost each worker 15-20 s. The PostgreSQL half below runs the real migrations, and the check
# in the SQLite half proves the models and the migrations agree; the data migrations only change existing rows.
SQLITE_PYTEST=($PY -m pytest -q "${PARALLEL[@]}" --nomigrations)

if [[ "$which" == quick ]]; then
  DATABASE_URL= "${SQLITE_PYTEST[@]}" -m "not browser and not slow and not redis"
  exit
fi

if [[ "$which" != postgres ]]; then
  echo "== lint"
  .venv/bin/ruff check .
  .venv/bin/ruff format --check .
  bash scripts/deadcode.sh
  echo "== migrations are up to date"
  # An in-memory database: a clean clone has no var/db.sqlite3 yet, and the check needs none.
  DATABASE_URL=sqlite://:memory: $PY manage.py makemigrations --check --dry-run >/dev/null
  echo "== pytest on SQLite"
  DATABASE_URL= "${SQLITE_PYTEST[@]}" -m "not browser and not slow and not redis"
  echo "== pytest on SQLite: the slow tests (whole-portal sweeps, growing data, property-based, subprocesses)"
  echo "   and the shared-cache tests (two gunicorn servers, one throwaway Redis)"
  # One run, each module's tests on one worker (--dist loadfile): the two servers' tests then share one
  # served database, built with its migrations in a subprocess.
  DATABASE_URL= bash scripts/with-redis.sh "${SQLITE_PYTEST[@]}" --dist loadfile -m "(slow or redis) and not browser"
  # Browser tests drive Debian's Chromium, and the print test renders the PDF's pages with poppler's
  # pdftoppm; install what is missing (root only), else skip them.
  missing=()
  [[ -x /usr/bin/chromium ]] || missing+=(chromium)
  command -v pdftoppm >/dev/null 2>&1 || missing+=(poppler-utils)
  if [[ ${#missing[@]} -gt 0 && $(id -u) -eq 0 ]] && command -v apt-get >/dev/null 2>&1; then
    echo "== installing Debian's ${missing[*]} for the browser tests"
    { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}"; } >/dev/null 2>&1 || true
  fi
  if [[ -x /usr/bin/chromium ]]; then
    # A process of their own: Playwright's sync API refuses to start where an earlier test left an
    # asyncio loop running in the main thread.
    echo "== browser tests (Chromium, SQLite)"
    DATABASE_URL= $PY -m pytest -q -m browser
  else
    echo "SKIPPED: browser tests: /usr/bin/chromium is missing and could not be installed (as root: apt-get install chromium)."
  fi
fi

if [[ "$which" != sqlite ]]; then
  if [[ -n "${DATABASE_URL:-}" ]]; then
    echo "== pytest on PostgreSQL at DATABASE_URL"
    $PY -m pytest -q "${PARALLEL[@]}" -m "not browser and not redis"
  else
    bash scripts/with-postgres.sh $PY -m pytest -q "${PARALLEL[@]}" -m "not browser and not redis"
  fi
fi
