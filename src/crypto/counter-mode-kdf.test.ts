import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createSecretKey } from 'node:crypto';
import { counterModeKdf } from './counter-mode-kdf.js';
import { loadVectors } from './vectors.test-helper.js';

interface KdfVector {
  L: number;
  KI: string;
  FixedInputData: string;
  KO: string;
}

describe('counterModeKdf (SP 800-108 counter mode, HMAC-SHA256)', () => {
  const vectors = loadVectors<KdfVector>('sp800-108-counter-hmac-sha256.json');

  test('matches the NIST CAVP known answers', () => {
    assert.ok(vectors.length >= 2);
    for (const vector of vectors) {
      const out = counterModeKdf(Buffer.from(vector.KI, 'hex'), Buffer.from(vector.FixedInputData, 'hex'));
      assert.equal(out.subarray(0, vector.L / 8).toString('hex'), vector.KO);
    }
  });

  test('a KeyObject and fixed input given in parts give the same output as bytes', () => {
    const [vector] = vectors as [KdfVector];
    const fixed = Buffer.from(vector.FixedInputData, 'hex');
    const out = counterModeKdf(createSecretKey(Buffer.from(vector.KI, 'hex')), fixed.subarray(0, 10), fixed.subarray(10));
    assert.equal(out.subarray(0, 16).toString('hex'), vector.KO);
  });
});
