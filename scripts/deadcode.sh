#!/usr/bin/env bash
# Dead code: functions, classes and methods that no application module uses (settings in pyproject's
# [tool.vulture]). Variables and attributes are left out: templates read them, and vulture cannot see that.
set -euo pipefail
cd "$(dirname "$0")/.."
dead=$(.venv/bin/vulture 2>&1 | grep -E "unused (function|class|method)" || true)
if [[ -n "$dead" ]]; then
  echo "Dead code (remove it, or whitelist a name Django calls by convention in pyproject's [tool.vulture]):"
  echo "$dead"
  exit 1
fi
echo "no dead code"
