// Shared by the ECDSA and SM2DSA tests: both sign as DER SEQUENCE { r INTEGER, s INTEGER }, and a verifier that
// insists on strict DER must get exactly that from us.

import assert from 'node:assert/strict';
import { readChildren, readTlv, TAG_INTEGER, TAG_SEQUENCE } from './der.js';

/** Fails unless `signature` is one SEQUENCE of exactly two positive INTEGERs in their shortest encoding. */
export function assertStrictDerSignature(signature: Buffer): void {
  const sequence = readTlv(signature);
  assert.equal(sequence.tag, TAG_SEQUENCE);
  assert.equal(sequence.end, signature.length);
  const integers = readChildren(signature, sequence);
  assert.equal(integers.length, 2);
  for (const integer of integers) {
    assert.equal(integer.tag, TAG_INTEGER);
    const first = signature[integer.valueStart] as number;
    const second = signature[integer.valueStart + 1] as number;
    assert.ok(first < 0x80, 'positive');
    assert.ok(!(first === 0 && second < 0x80), 'minimal');
  }
}
