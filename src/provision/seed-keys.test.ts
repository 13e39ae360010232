// Unit tests of the seed file reader: the formats of key material it takes, and the mistakes it refuses with a
// message naming the key (never the material).

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createECDH, createPrivateKey, generateKeyPairSync, randomBytes } from 'node:crypto';
import { parseSeed } from './seed-keys.js';
import { seedKeyMaterial } from './seed-key-material.js';

const ACCOUNT = '111122223333';
const KEY_ID = '0b6e5c1a-3f2d-4c8e-9a7b-1d2e3f4a5b6c';

describe('seedKeyMaterial', () => {
  test('32 bytes of symmetric material as hex, 0x-hex, hex: and base64: all give the same bytes', () => {
    const bytes = randomBytes(32);
    for (const text of [bytes.toString('hex'), `0x${bytes.toString('hex')}`, `hex:${bytes.toString('hex')}`, bytes.toString('base64'), `base64:${bytes.toString('base64')}`]) {
      assert.deepEqual(seedKeyMaterial('SYMMETRIC_DEFAULT', text), bytes);
    }
  });

  test('a secp256k1 private key given as 32-byte hex becomes a PKCS#8 key with the matching public key', () => {
    const scalar = randomBytes(32);
    const pkcs8 = seedKeyMaterial('ECC_SECG_P256K1', scalar.toString('hex'));
    const key = createPrivateKey({ key: pkcs8, format: 'der', type: 'pkcs8' });
    assert.equal(key.asymmetricKeyDetails?.namedCurve, 'secp256k1');
    const ecdh = createECDH('secp256k1');
    ecdh.setPrivateKey(scalar);
    assert.equal(key.export({ format: 'jwk' }).x, ecdh.getPublicKey().subarray(1, 33).toString('base64url'));
  });

  test('RSA as PKCS#8 PEM, PKCS#1 PEM and PKCS#8 DER base64 give the same PKCS#8 DER', () => {
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const der = privateKey.export({ type: 'pkcs8', format: 'der' });
    assert.deepEqual(seedKeyMaterial('RSA_2048', privateKey.export({ type: 'pkcs8', format: 'pem' }) as string), der);
    assert.deepEqual(seedKeyMaterial('RSA_2048', privateKey.export({ type: 'pkcs1', format: 'pem' }) as string), der);
    assert.deepEqual(seedKeyMaterial('RSA_2048', der.toString('base64')), der);
  });

  test('an EC key as SEC1 PEM is accepted for its curve', () => {
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-384' });
    const material = seedKeyMaterial('ECC_NIST_P384', privateKey.export({ type: 'sec1', format: 'pem' }) as string);
    assert.deepEqual(material, privateKey.export({ type: 'pkcs8', format: 'der' }));
  });

  const refused: [string, Parameters<typeof seedKeyMaterial>[0], string, RegExp][] = [
    ['16 bytes for SYMMETRIC_DEFAULT', 'SYMMETRIC_DEFAULT', '00'.repeat(16), /expected 32 bytes, got 16/],
    ['20 bytes for HMAC_256', 'HMAC_256', '00'.repeat(20), /expected 32 to 128 bytes/],
    ['an odd number of hex digits', 'SYMMETRIC_DEFAULT', 'hex:abc', /even number of hex digits/],
    ['text that is neither hex, base64 nor PEM', 'SYMMETRIC_DEFAULT', 'not key material!', /must be hex, base64 or PEM/],
    ['PEM for a symmetric key', 'SYMMETRIC_DEFAULT', '-----BEGIN PRIVATE KEY-----\nAA==\n-----END PRIVATE KEY-----', /PEM key material is for RSA and ECC/],
    ['a P-256 key for ECC_NIST_P384', 'ECC_NIST_P384', generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ type: 'pkcs8', format: 'pem' }) as string, /curve/],
    ['a zero secp256k1 scalar', 'ECC_SECG_P256K1', '00'.repeat(32), /not a valid private key/],
  ];
  for (const [situation, keySpec, text, message] of refused) {
    test(`${situation} is refused`, () => {
      assert.throws(() => seedKeyMaterial(keySpec, text), message);
    });
  }
});

describe('parseSeed', () => {
  test('YAML with defaults: region us-east-1, the server account, SYMMETRIC_DEFAULT / ENCRYPT_DECRYPT / AWS_KMS', () => {
    const [key] = parseSeed(`keys:\n  - keyId: ${KEY_ID}\n    aliases: [alias/app]\n    tags: {team: payments}\n`, ACCOUNT);
    assert.deepEqual(key, {
      keyId: KEY_ID,
      accountId: ACCOUNT,
      region: 'us-east-1',
      keySpec: 'SYMMETRIC_DEFAULT',
      keyUsage: 'ENCRYPT_DECRYPT',
      origin: 'AWS_KMS',
      aliases: ['alias/app'],
      tags: [{ TagKey: 'team', TagValue: 'payments' }],
    });
  });

  test('JSON works too, with a top-level region and a policy given as an object', () => {
    const [key] = parseSeed(
      JSON.stringify({ region: 'eu-west-1', keys: [{ keyId: KEY_ID, policy: { Version: '2012-10-17', Statement: [] } }] }),
      ACCOUNT,
    );
    assert.equal(key!.region, 'eu-west-1');
    assert.deepEqual(JSON.parse(key!.policy!), { Version: '2012-10-17', Statement: [] });
  });

  const refused: [string, string, RegExp][] = [
    ['no keys list', 'region: us-east-1', /expected an object with a "keys" list/],
    ['an unknown field (a typo)', `keys:\n  - keyId: ${KEY_ID}\n    keySepc: HMAC_256`, /keys\[0\] \(0b6e5c1a-.*\): unknown field "keySepc"/],
    ['a key id that is not one', 'keys:\n  - keyId: my-key', /keyId must be a lowercase UUID or mrk-/],
    ['an HMAC key without keyUsage', `keys:\n  - keyId: ${KEY_ID}\n    keySpec: HMAC_256`, /keyUsage must be one of GENERATE_VERIFY_MAC for HMAC_256/],
    ['ML-DSA with origin EXTERNAL', `keys:\n  - keyId: ${KEY_ID}\n    keySpec: ML_DSA_44\n    keyUsage: SIGN_VERIFY\n    origin: EXTERNAL`, /cannot be imported/],
    ['the same key twice', `keys:\n  - keyId: ${KEY_ID}\n  - keyId: ${KEY_ID}`, /declared twice/],
    ['an alias without alias/', `keys:\n  - keyId: ${KEY_ID}\n    aliases: [app]`, /ValidationException: Alias must start with the prefix "alias\/"/],
    ['a policy that is not JSON', `keys:\n  - keyId: ${KEY_ID}\n    policy: "{not json"`, /MalformedPolicyDocumentException/],
    ['an unknown key spec', `keys:\n  - keyId: ${KEY_ID}\n    keySpec: AES_512`, /unknown keySpec "AES_512"/],
    ['not YAML at all', 'keys: [', /not valid JSON or YAML/],
  ];
  for (const [situation, text, message] of refused) {
    test(`${situation} is refused`, () => {
      assert.throws(() => parseSeed(text, ACCOUNT, 'seed.yaml'), message);
    });
  }

  test('unquoted hex material that YAML reads as a number is refused with what to write, without the value', () => {
    const material = `0x${'4c'.repeat(32)}`;
    assert.throws(
      () => parseSeed(`keys:\n  - keyId: ${KEY_ID}\n    keySpec: ECC_SECG_P256K1\n    keyUsage: SIGN_VERIFY\n    origin: EXTERNAL\n    keyMaterial: ${material}`, ACCOUNT, 'seed.yaml'),
      (error: Error) =>
        error.message.includes(KEY_ID) && error.message.includes('keyMaterial must be a string: YAML read it as a number; put the value in quotes') && !error.message.includes('4c4c'),
    );
  });

  test('a refused key material message names the key, not the material', () => {
    const material = 'ab'.repeat(16);
    assert.throws(
      () => parseSeed(`keys:\n  - keyId: ${KEY_ID}\n    keyMaterial: "${material}"`, ACCOUNT, 'seed.yaml'),
      (error: Error) => error.message.includes(KEY_ID) && !error.message.includes(material),
    );
  });
});
