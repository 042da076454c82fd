#!/usr/bin/env bash
# Run a command with a throwaway Redis server on a loopback port (REDIS_URL set for it), then stop and remove
# it. Installs Debian's redis-server when it is missing and we are root; otherwise runs the command without
# REDIS_URL (the tests that need Redis skip) and says so in one line.
set -euo pipefail

if ! command -v redis-server >/dev/null 2>&1 && [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null 2>&1; then
  echo "== installing Debian's redis-server for the shared-cache tests"
  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server; } >/dev/null 2>&1 || true
fi
if ! command -v redis-server >/dev/null 2>&1; then
  echo "SKIPPED: shared-cache (Redis) tests: redis-server is missing and could not be installed (as root: apt-get install redis-server)."
  unset REDIS_URL
  exec "$@"
fi

DATA=$(mktemp -d /tmp/klyngeportalen-redis.XXXXXX)
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
cleanup() {
  if [[ -f "$DATA/pid" ]]; then
    local pid
    pid=$(cat "$DATA/pid")
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  fi
  rm -rf "$DATA"
}
trap cleanup EXIT

# In memory only (no snapshots), loopback only, gone with the folder.
redis-server --port "$PORT" --bind 127.0.0.1 --save "" --appendonly no --dir "$DATA" \
  --pidfile "$DATA/pid" --daemonize yes --logfile "$DATA/log" >/dev/null
for _ in $(seq 50); do
  redis-cli -p "$PORT" ping >/dev/null 2>&1 && break
  sleep 0.1
done
echo "== Redis $(redis-server --version | awk '{print $3}' | cut -d= -f2) on 127.0.0.1:$PORT (throwaway)"
export REDIS_URL="redis://127.0.0.1:$PORT/0"
"$@"
