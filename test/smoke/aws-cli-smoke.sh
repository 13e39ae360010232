#!/usr/bin/env bash
# Drives the real `aws` CLI against a freshly started openkms: create-key, describe-key, create-alias, list-aliases,
# schedule-key-deletion. Needs the AWS CLI (`pip install awscli` or Debian's `awscli`) and a built server (npm run build).
set -euo pipefail

if ! command -v aws >/dev/null 2>&1; then
  echo "aws-cli-smoke: the AWS CLI is required (install it: apt-get install awscli, or pip install awscli)" >&2
  exit 1
fi

here="$(cd "$(dirname "$0")/../.." && pwd)"
data_dir="$(mktemp -d)"
port="${OPENKMS_SMOKE_PORT:-$((20000 + RANDOM % 20000))}"
export AWS_ACCESS_KEY_ID=AKIAOPENKMSSMOKETEST
export AWS_SECRET_ACCESS_KEY=openkms-smoke-test-secret-access-key-000
export AWS_DEFAULT_REGION=us-east-1
export AWS_CONFIG_FILE=/dev/null AWS_SHARED_CREDENTIALS_FILE=/dev/null
endpoint="http://127.0.0.1:${port}"

OPENKMS_ACCESS_KEY_ID=$AWS_ACCESS_KEY_ID OPENKMS_SECRET_ACCESS_KEY=$AWS_SECRET_ACCESS_KEY \
  node "$here/dist/cli/main.js" serve --port "$port" --data-dir "$data_dir" >"$data_dir/server.log" 2>&1 &
server_pid=$!
cleanup() { kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; rm -rf "$data_dir"; }
trap cleanup EXIT

for _ in $(seq 1 100); do
  curl -fs "$endpoint/health" >/dev/null 2>&1 && break
  sleep 0.1
done

kms() { aws kms --endpoint-url "$endpoint" --output json "$@"; }
fail() { echo "aws-cli-smoke: FAIL: $*" >&2; exit 1; }

created="$(kms create-key --description 'smoke test key')"
key_id="$(python3 -c 'import json,sys; print(json.load(sys.stdin)["KeyMetadata"]["KeyId"])' <<<"$created")"
[[ "$key_id" =~ ^[0-9a-f-]{36}$ ]] || fail "create-key returned no key id: $created"
echo "ok create-key $key_id"

state="$(kms describe-key --key-id "$key_id" --query KeyMetadata.KeyState --output text)"
[ "$state" = "Enabled" ] || fail "describe-key state is $state"
echo "ok describe-key"

kms create-alias --alias-name alias/smoke --target-key-id "$key_id"
aliases="$(kms list-aliases --query 'Aliases[].AliasName' --output text)"
[[ "$aliases" == *alias/smoke* ]] || fail "list-aliases: $aliases"
via_alias="$(kms describe-key --key-id alias/smoke --query KeyMetadata.KeyId --output text)"
[ "$via_alias" = "$key_id" ] || fail "alias resolves to $via_alias"
echo "ok create-alias / list-aliases"

deletion="$(kms schedule-key-deletion --key-id "$key_id" --pending-window-in-days 7)"
[[ "$deletion" == *PendingDeletion* ]] || fail "schedule-key-deletion: $deletion"
echo "ok schedule-key-deletion"

if kms describe-key --key-id 00000000-0000-4000-8000-000000000000 >/dev/null 2>"$data_dir/err"; then
  fail "describe-key of a missing key succeeded"
fi
grep -q NotFoundException "$data_dir/err" || fail "missing key error: $(cat "$data_dir/err")"
echo "ok NotFoundException"
echo "aws-cli-smoke: all checks passed"
