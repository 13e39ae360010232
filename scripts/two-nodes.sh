#!/usr/bin/env bash
# Two openkms nodes on one PostgreSQL database, on this machine: the example of docs/deploying.md.
#
#   scripts/two-nodes.sh [postgres://user@host:port/database]     (default postgres://postgres@127.0.0.1:5432/openkms)
#
# Creates the database if it is missing, generates the root key both nodes share (in .two-nodes/root.key, or
# OPENKMS_ROOT_KEY if it is set), starts node 1 on port 4601 and node 2 on port 4602, and stops both on Ctrl-C.
# Put a load balancer in front of the two ports (docs/deploying.md has an HAProxy example), or talk to either one.
set -euo pipefail
cd "$(dirname "$0")/.."

url="${1:-postgres://postgres@127.0.0.1:5432/openkms}"
state=.two-nodes
mkdir -p "$state"
chmod 700 "$state"

command -v psql >/dev/null || { echo "psql is missing: install Debian's postgresql-client (or postgresql)" >&2; exit 1; }
database="${url##*/}"
database="${database%%\?*}"
server_url="${url%/*}/postgres"
if ! psql -Atqc "SELECT 1 FROM pg_database WHERE datname = '$database'" "$server_url" | grep -q 1; then
  psql -qc "CREATE DATABASE \"$database\"" "$server_url"
fi

if [ -z "${OPENKMS_ROOT_KEY:-}" ]; then
  [ -s "$state/root.key" ] || (umask 077 && openssl rand -hex 32 > "$state/root.key")
  OPENKMS_ROOT_KEY="$(cat "$state/root.key")"
fi
export OPENKMS_ROOT_KEY OPENKMS_STORE="$url"
# The same admin credentials on both nodes (the first start creates them; later starts keep them).
export OPENKMS_ACCESS_KEY_ID="${OPENKMS_ACCESS_KEY_ID:-AKIAOPENKMSTWONODES1}"
export OPENKMS_SECRET_ACCESS_KEY="${OPENKMS_SECRET_ACCESS_KEY:-$(cat "$state/secret" 2>/dev/null || (umask 077 && openssl rand -hex 20 | tee "$state/secret"))}"

[ -f dist/cli/main.js ] || npm run build

pids=()
stop() { kill "${pids[@]}" 2>/dev/null || true; wait; }
trap stop EXIT INT TERM

node dist/cli/main.js serve --port 4601 --data-dir "$state" & pids+=($!)
# The second node after the first has migrated the schema and bootstrapped the account.
for _ in $(seq 1 50); do curl -s -o /dev/null http://127.0.0.1:4601/ && break; sleep 0.2; done
node dist/cli/main.js serve --port 4602 --data-dir "$state" & pids+=($!)

cat <<INFO
two openkms nodes on $url: http://127.0.0.1:4601 and http://127.0.0.1:4602
  export AWS_ACCESS_KEY_ID=$OPENKMS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY=$OPENKMS_SECRET_ACCESS_KEY AWS_REGION=us-east-1
  aws --endpoint-url http://127.0.0.1:4601 kms create-key
  aws --endpoint-url http://127.0.0.1:4602 kms list-keys
Ctrl-C stops both.
INFO
wait
