#!/usr/bin/env bash
# Run a command against a throwaway PostgreSQL server on a loopback port, then stop and remove it.
# Uses the installed PostgreSQL binaries (initdb/pg_ctl); as root they run as the `postgres` user.
set -euo pipefail

find_bin() {
  local name=$1
  if command -v "$name" >/dev/null 2>&1; then command -v "$name"; return; fi
  ls -d /usr/lib/postgresql/*/bin/"$name" 2>/dev/null | sort -V | tail -n 1
}
INITDB=$(find_bin initdb || true)
PG_CTL=$(find_bin pg_ctl || true)
if [[ -z "$INITDB" || -z "$PG_CTL" ]]; then
  echo "SKIPPED: PostgreSQL half of the suite: no initdb/pg_ctl on this machine (set DATABASE_URL to use a server)."
  exit 0
fi

as_pg=()
if [[ $(id -u) -eq 0 ]]; then as_pg=(runuser -u postgres --); fi

DATA=$(mktemp -d /tmp/klyngeportalen-pg.XXXXXX)
chmod 755 "$DATA"
[[ ${#as_pg[@]} -gt 0 ]] && chown postgres "$DATA"
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')

cleanup() {
  "${as_pg[@]}" "$PG_CTL" -D "$DATA/db" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$DATA"
}
trap cleanup EXIT

"${as_pg[@]}" "$INITDB" -D "$DATA/db" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >/dev/null
"${as_pg[@]}" "$PG_CTL" -D "$DATA/db" -l "$DATA/log" -w \
  -o "-p $PORT -k $DATA -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" start >/dev/null
echo "== PostgreSQL $("${as_pg[@]}" "$PG_CTL" --version | awk '{print $3}') on 127.0.0.1:$PORT (throwaway)"
export DATABASE_URL="postgres://postgres@127.0.0.1:$PORT/postgres"
"$@"
