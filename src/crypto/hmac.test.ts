import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import type { KeySpec, MacAlgorithmSpec } from '../api/model.generated.js';
import { IncompatibleAlgorithmError } from './errors.js';
import type { SecretKeyHandle } from './key-handle.js';
import { generateKeyMaterial, loadKeyMaterial } from './key-material.js';
import { generateMac, verifyMac } from './hmac.js';
import { opensslOk } from './openssl.test-helper.js';

const SPECS: Array<[KeySpec, MacAlgorithmSpec, string, number]> = [
  ['HMAC_224', 'HMAC_SHA_224', 'sha224', 28],
  ['HMAC_256', 'HMAC_SHA_256', 'sha256', 32],
  ['HMAC_384', 'HMAC_SHA_384', 'sha384', 48],
  ['HMAC_512', 'HMAC_SHA_512', 'sha512', 64],
];

describe('HMAC', () => {
  const message = Buffer.from('message to authenticate');

  for (const [keySpec, algorithm, hash, macBytes] of SPECS) {
    test(`${algorithm}: a ${macBytes}-byte MAC equal to openssl's`, async () => {
      const material = await generateKeyMaterial(keySpec);
      const key = loadKeyMaterial(keySpec, material) as SecretKeyHandle;
      const mac = generateMac(key, algorithm, message);
      assert.equal(mac.length, macBytes);
      const expected = opensslOk(['dgst', `-${hash}`, '-mac', 'HMAC', '-macopt', `hexkey:${material.toString('hex')}`, '-binary'], message);
      assert.deepEqual(mac, expected);
    });

    test(`${algorithm}: verifies its own MAC and rejects any other`, async () => {
      const key = loadKeyMaterial(keySpec, await generateKeyMaterial(keySpec)) as SecretKeyHandle;
      const mac = generateMac(key, algorithm, message);
      assert.equal(verifyMac(key, algorithm, message, mac), true);
      const tampered = Buffer.from(mac);
      tampered[0] = (tampered[0] as number) ^ 1;
      assert.equal(verifyMac(key, algorithm, message, tampered), false);
      assert.equal(verifyMac(key, algorithm, Buffer.from('other'), mac), false);
      assert.equal(verifyMac(key, algorithm, message, mac.subarray(1)), false);
      assert.equal(verifyMac(key, algorithm, message, Buffer.alloc(0)), false);
    });
  }

  test('imported material longer than the digest works (128 bytes)', () => {
    const material = randomBytes(128);
    const key = loadKeyMaterial('HMAC_256', material) as SecretKeyHandle;
    const expected = opensslOk(['dgst', '-sha256', '-mac', 'HMAC', '-macopt', `hexkey:${material.toString('hex')}`, '-binary'], message);
    assert.deepEqual(generateMac(key, 'HMAC_SHA_256', message), expected);
  });

  test("an algorithm of another size is incompatible, with AWS's words", async () => {
    const key = loadKeyMaterial('HMAC_224', await generateKeyMaterial('HMAC_224')) as SecretKeyHandle;
    assert.throws(
      () => generateMac(key, 'HMAC_SHA_256', message),
      (error: unknown) =>
        error instanceof IncompatibleAlgorithmError &&
        error.message === 'Algorithm HMAC_SHA_256 is incompatible with key spec HMAC_224.',
    );
    const symmetric = loadKeyMaterial('SYMMETRIC_DEFAULT', randomBytes(32)) as SecretKeyHandle;
    assert.throws(() => verifyMac(symmetric, 'HMAC_SHA_256', message, Buffer.alloc(32)), IncompatibleAlgorithmError);
  });
});
