// The checks a key policy's text gets before the policy engine reads it: the 32 KB service limit (LimitExceededException,
// not ValidationException; docs/kms-behaviour.md 2.6) and JSON syntax.

import { LimitExceededException, MalformedPolicyDocumentException } from '../api/errors.js';

export const MAX_KEY_POLICY_BYTES = 32_768;

export function assertKeyPolicyText(policy: string): void {
  if (Buffer.byteLength(policy, 'utf8') > MAX_KEY_POLICY_BYTES) {
    throw new LimitExceededException('The policy document exceeds the maximum size of 32768 bytes.');
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(policy);
  } catch {
    throw new MalformedPolicyDocumentException('The policy document is not valid JSON.');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new MalformedPolicyDocumentException('The policy document must be a JSON object.');
  }
}
