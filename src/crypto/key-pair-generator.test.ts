import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createPrivateKey } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { KeySpec } from '../api/model.generated.js';
import { CapacityExceededError } from './errors.js';
import type { KeyPairSpec } from './key-material.js';
import { defaultKeyPairLimits, KeyPairGenerator, keyPairLimits, libuvThreadPoolSize } from './key-pair-generator.js';

const RSA_SPECS: KeyPairSpec[] = ['RSA_2048', 'RSA_3072', 'RSA_4096'];
const CURVE_SPECS: KeyPairSpec[] = ['ECC_NIST_P256', 'ECC_NIST_P384', 'ECC_NIST_P521', 'ECC_SECG_P256K1', 'ECC_NIST_EDWARDS25519', 'SM2'];

/** A generator whose RSA lane is full: one RSA_2048 generation running (a few hundred ms), none may wait. */
function withFullRsaLane(): { generator: KeyPairGenerator; running: Promise<unknown> } {
  const generator = new KeyPairGenerator({ rsa: { maxRunning: 1, maxWaiting: 0 } });
  // The generation completes on a thread-pool callback, never before the calls made in the same turn.
  const running = generator.generate('RSA_2048');
  return { generator, running };
}

describe('defaultKeyPairLimits', () => {
  test('two cores and the default pool of 4: one RSA generation with 4 waiting, two curve generations with 128 waiting', () => {
    assert.deepEqual(defaultKeyPairLimits(2, 4), { rsa: { maxRunning: 1, maxWaiting: 4 }, curve: { maxRunning: 2, maxWaiting: 128 } });
  });

  test('RSA generations keep a core for the main thread and half the pool for signing, and are at least one', () => {
    assert.equal(defaultKeyPairLimits(1, 4).rsa.maxRunning, 1);
    assert.equal(defaultKeyPairLimits(3, 4).rsa.maxRunning, 2);
    assert.equal(defaultKeyPairLimits(16, 4).rsa.maxRunning, 2);
    assert.equal(defaultKeyPairLimits(16, 16).rsa.maxRunning, 8);
    assert.equal(defaultKeyPairLimits(4, 16).rsa.maxRunning, 3);
    assert.deepEqual(defaultKeyPairLimits(8, 1), { rsa: { maxRunning: 1, maxWaiting: 4 }, curve: { maxRunning: 1, maxWaiting: 64 } });
  });

  test('RSA and curve generations together leave at least one thread of a pool of 3 or more to signing', () => {
    for (const cores of [1, 2, 4, 8, 64]) {
      for (const pool of [3, 4, 5, 8, 16, 128]) {
        const { rsa, curve } = defaultKeyPairLimits(cores, pool);
        assert.ok(rsa.maxRunning + curve.maxRunning <= pool - 1, `${cores} cores, pool ${pool}`);
        assert.ok(rsa.maxRunning >= 1 && curve.maxRunning >= 1);
      }
    }
    assert.equal(defaultKeyPairLimits(16, 4).curve.maxRunning, 1);
    assert.equal(defaultKeyPairLimits(16, 16).curve.maxRunning, 7);
  });

  test('the pool size is UV_THREADPOOL_SIZE when it is a positive number (at most 1024), else 4', () => {
    assert.equal(libuvThreadPoolSize({}), 4);
    assert.equal(libuvThreadPoolSize({ UV_THREADPOOL_SIZE: '8' }), 8);
    assert.equal(libuvThreadPoolSize({ UV_THREADPOOL_SIZE: '0' }), 4);
    assert.equal(libuvThreadPoolSize({ UV_THREADPOOL_SIZE: 'many' }), 4);
    assert.equal(libuvThreadPoolSize({ UV_THREADPOOL_SIZE: '5000' }), 1024);
  });
});

describe('keyPairLimits', () => {
  const defaults = defaultKeyPairLimits(2, 4);

  test('settings replace the defaults; a lane given only maxRunning waits 4 (RSA) or 64 (curve) per running generation', () => {
    assert.deepEqual(keyPairLimits({}, defaults), defaults);
    assert.deepEqual(keyPairLimits({ rsa: { maxRunning: 3 } }, defaults).rsa, { maxRunning: 3, maxWaiting: 12 });
    assert.deepEqual(keyPairLimits({ rsa: { maxWaiting: 0 } }, defaults).rsa, { maxRunning: 1, maxWaiting: 0 });
    assert.deepEqual(keyPairLimits({ rsa: { maxRunning: 2, maxWaiting: 1 } }, defaults).rsa, { maxRunning: 2, maxWaiting: 1 });
    assert.deepEqual(keyPairLimits({ curve: { maxRunning: 1 } }, defaults).curve, { maxRunning: 1, maxWaiting: 64 });
  });

  test('a generator refuses limits that admit nothing', () => {
    assert.throws(() => new KeyPairGenerator({ rsa: { maxRunning: 0 } }), RangeError);
    assert.throws(() => new KeyPairGenerator({ curve: { maxWaiting: -1 } }), RangeError);
  });
});

describe('KeyPairGenerator', () => {
  test('an RSA generation beyond the RSA lane\'s running and waiting slots is refused with CapacityExceededError', async () => {
    const { generator, running } = withFullRsaLane();
    for (const keySpec of RSA_SPECS) {
      await assert.rejects(generator.generate(keySpec), (error: unknown) => {
        assert.ok(error instanceof CapacityExceededError, keySpec);
        assert.equal(error.message, 'Too many RSA key-pair generations at once.');
        return true;
      });
    }
    await assert.rejects(generator.keyMaterial('RSA_4096'), CapacityExceededError);
    await running;
    // The finished generation gave its slot back.
    const pair = await generator.generate('RSA_2048');
    assert.equal(createPrivateKey({ key: pair.privateKeyPkcs8Der, format: 'der', type: 'pkcs8' }).asymmetricKeyDetails?.modulusLength, 2048);
  });

  test('ECC, Ed25519 and SM2 pairs have their own lane: a full RSA lane does not hold them up', async () => {
    const { generator, running } = withFullRsaLane();
    const pairs = await Promise.all(CURVE_SPECS.map((keySpec) => generator.generate(keySpec)));
    for (const [i, pair] of pairs.entries()) {
      const keySpec = CURVE_SPECS[i];
      // node:crypto does not name SM2 keys' type; their PKCS#8 carries the SM2 curve's OID 1.2.156.10197.1.301.
      if (keySpec === 'SM2') assert.ok(pair.privateKeyPkcs8Der.includes(Buffer.from('06082a811ccf5501822d', 'hex')));
      else assert.equal(createPrivateKey({ key: pair.privateKeyPkcs8Der, format: 'der', type: 'pkcs8' }).asymmetricKeyType, keySpec === 'ECC_NIST_EDWARDS25519' ? 'ed25519' : 'ec', keySpec);
    }
    await running;
  });

  test('a curve generation beyond the curve lane\'s slots is refused the same way', async () => {
    const generator = new KeyPairGenerator({ curve: { maxRunning: 1, maxWaiting: 1 } });
    const admitted = [generator.generate('ECC_NIST_P521'), generator.generate('SM2')];
    await assert.rejects(generator.generate('ECC_NIST_EDWARDS25519'), (error: unknown) => {
      assert.ok(error instanceof CapacityExceededError);
      assert.equal(error.message, 'Too many ECC, Ed25519 and SM2 key-pair generations at once.');
      return true;
    });
    await Promise.all(admitted);
  });

  test('material that is not a key pair (random bytes, an ML-DSA seed) is never refused', async () => {
    const { generator, running } = withFullRsaLane();
    const lengths: [KeySpec, number][] = [['SYMMETRIC_DEFAULT', 32], ['HMAC_512', 64], ['ML_DSA_65', 32]];
    for (const [keySpec, length] of lengths) assert.equal((await generator.keyMaterial(keySpec)).length, length, keySpec);
    await running;
  });

  test('keyMaterial of a key-pair spec is the PKCS#8 private key of a pair made through the lanes', async () => {
    const generator = new KeyPairGenerator();
    const key = createPrivateKey({ key: await generator.keyMaterial('ECC_NIST_P384'), format: 'der', type: 'pkcs8' });
    assert.equal(key.asymmetricKeyDetails?.namedCurve, 'secp384r1');
  });
});

describe('every key pair the server makes goes through KeyPairGenerator', () => {
  const srcDir = join(fileURLToPath(new URL('.', import.meta.url)), '..');
  const allowed = new Set(['crypto/key-material.ts', 'crypto/key-pair-generator.ts']);

  function sources(dir: string): string[] {
    return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) return sources(path);
      return entry.name.endsWith('.ts') && !/\.test(-helper)?\.ts$/.test(entry.name) ? [path] : [];
    });
  }

  test('no module but key-material.ts and key-pair-generator.ts calls node:crypto\'s generateKeyPair, generateNodeKeyPair or generateKeyMaterial', () => {
    const offenders = sources(srcDir)
      .map((path) => relative(srcDir, path).split('\\').join('/'))
      .filter((path) => !allowed.has(path))
      .filter((path) => /\b(generateKeyPair|generateKeyPairSync|generateNodeKeyPair|generateKeyMaterial)\b/.test(readFileSync(join(srcDir, path), 'utf8')));
    assert.deepEqual(offenders, []);
  });
});
