#!/usr/bin/env bash
# The aws CLI against openkms: a key, an alias, an encrypt/decrypt round trip and a data key.
# Usage: OPENKMS_ENDPOINT=http://127.0.0.1:4599 AWS_SHARED_CREDENTIALS_FILE=$PWD/.openkms/credentials AWS_PROFILE=openkms \
#        AWS_DEFAULT_REGION=us-east-1 bash examples/aws-cli.sh
set -euo pipefail
KMS="aws kms --endpoint-url ${OPENKMS_ENDPOINT:-http://127.0.0.1:4599}"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

key_id=$($KMS create-key --description "aws cli example" --query KeyMetadata.KeyId --output text)
alias="alias/example-cli-$RANDOM$RANDOM"
$KMS create-alias --alias-name "$alias" --target-key-id "$key_id"

printf 'hello from the aws CLI' > "$work/plain.txt"
$KMS encrypt --key-id "$alias" --plaintext "fileb://$work/plain.txt" --encryption-context app=example \
  --query CiphertextBlob --output text | base64 -d > "$work/cipher.bin"
$KMS decrypt --ciphertext-blob "fileb://$work/cipher.bin" --encryption-context app=example \
  --query Plaintext --output text | base64 -d > "$work/decrypted.txt"
cmp -s "$work/plain.txt" "$work/decrypted.txt"

data_key_length=$($KMS generate-data-key --key-id "$alias" --key-spec AES_256 --query Plaintext --output text | base64 -d | wc -c)
[ "$data_key_length" -eq 32 ]

echo "aws-cli example: ok (key $key_id)"
