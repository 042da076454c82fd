#!/usr/bin/env bash
# `make bench`: time the portal under gunicorn (DEBUG off) at the realistic, ×10 and ×100 data tiers,
# measure Excel export/import on a large tier, and write docs/benchmarks.json and docs/benchmarks.md.
# Then a 60-second load test: 4 clients mixing reads with administrators saving answers.
# Arguments go to tests/bench/run.py (e.g. --tiers realistic --skip-files for a quick look).
set -euo pipefail
cd "$(dirname "$0")/.."
unset DATABASE_URL
.venv/bin/python -m tests.bench.run "$@"
